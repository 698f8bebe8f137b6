/**
 * Builds corpus/dict/jieba.dict.utf8, the small segmentation dictionary the engine loads.
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
export const COMMON_WORDS = 15_000;

export const CORPUS_FILES = ['corpus/talk.md', 'corpus/glossary.tsv'];
export const OUTPUT = 'corpus/dict/jieba.dict.utf8';

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

export function fullDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return require('nodejieba').DEFAULT_DICT as string;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = CORPUS_FILES.map((f) => readFileSync(f, 'utf8')).join('\n');
  const out = buildDictionary(readFileSync(fullDictionaryPath(), 'utf8'), corpus);
  writeFileSync(OUTPUT, out);
  console.log(`${OUTPUT}: ${out.split('\n').length - 1} words, ${(out.length / 1024).toFixed(0)} KiB of text`);
}
