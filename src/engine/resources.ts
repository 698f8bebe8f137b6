/**
 * What an engine is built from, step by step: a talk folder (only talk.md is required) with the project's
 * language resources (lexicon/) and the folder's own additions — glossary.tsv, domain-terms.txt,
 * stopwords.txt, enrichment.jsonl — and what is derived from the talk's text and cached (its words,
 * compounds, English map and glosses: src/text/talk-lexicon.ts). AnswerEngine.fromCorpus() uses it; the
 * benchmarks time each step.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LEXICON_DIR, talkDir } from '../paths.ts';
import { loadCorpus } from '../talk/load-corpus.ts';
import type { Talk } from '../talk/types.ts';
import { EnglishTranslator } from '../text/english.ts';
import { Glosses } from '../text/glosses.ts';
import { Segmenter, type SegmenterOptions } from '../text/segmenter.ts';
import { LEXICON_VERSION, lexiconEntries, loadTalkLexicon, readTagCorrections, type TalkLexicon } from '../text/talk-lexicon.ts';
import { Glossary } from './glossary.ts';

/** Which of a talk folder's own resources to use; all by default. Switching one off measures what it adds. */
export interface ResourceChoice {
  /** glossary.tsv: names, nicknames and aliases of the talk's people and things. */
  glossary?: boolean;
  /** enrichment.jsonl: the project's translation and questions per paragraph. */
  enrichment?: boolean;
}

/** What fromCorpus() builds an engine from, step by step (the benchmarks time each). */
export function loadParts(dir: string = talkDir(), use: ResourceChoice = {}) {
  const talk = loadCorpus(dir, { enrichment: use.enrichment !== false });
  const glossaryFile = join(dir, 'glossary.tsv');
  const glossary = (use.glossary !== false && existsSync(glossaryFile) ? Glossary.load(glossaryFile) : Glossary.empty()).with(
    namesFromFrontMatter(talk),
  );
  const { lexicon, userDictionary } = talkLexicon(talk, glossary);
  const segmenter = Segmenter.load(segmenterOptions(dir, glossary, userDictionary, lexicon.englishChinese.keys()));
  return { talk, glossary, segmenter, language: languageResources(lexicon) };
}

/** What the engine takes from general resources besides the talk's words: its English map, and its words' glosses. */
export interface LanguageResources {
  translator?: EnglishTranslator;
  glosses?: Glosses;
  /** What a Traditional question's words are in the talk's (TalkLexicon.scriptVariants). */
  scriptVariants?: ReadonlyMap<string, readonly string[]>;
  /** Chinese word → its Latin abbreviations, lower case (人工智能 → ai): lexicon/abbreviations.tsv. */
  abbreviations?: ReadonlyMap<string, readonly string[]>;
}

export function languageResources(lexicon: TalkLexicon): LanguageResources {
  return {
    translator: EnglishTranslator.of(lexicon.englishChinese),
    glosses: Glosses.of(lexicon.glosses),
    scriptVariants: lexicon.scriptVariants,
    abbreviations: readAbbreviations(join(LEXICON_DIR, 'abbreviations.tsv')),
  };
}

/** lexicon/abbreviations.tsv ("人工智能<TAB>AI|…", built from CC-CEDICT by scripts/build-lexicon.ts), abbreviations in lower case. */
export function readAbbreviations(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [word, abbreviations] of lexiconEntries(readFileSync(file, 'utf8'))) out.set(word, abbreviations.toLowerCase().split('|'));
  return out;
}

/**
 * The speaker's English name, whole and by its parts, stands for the Chinese one ("Zhou Hongyi", "Zhou" →
 * 周鸿祎): from the talk's front matter, so any talk gets it.
 */
export function namesFromFrontMatter(talk: Talk): Array<[string, string[]]> {
  const { name, nameEn } = talk.meta.speaker;
  if (!nameEn || nameEn === name) return [];
  const parts = nameEn.split(/\s+/).filter((p) => p.length >= 3);
  return [[nameEn, [name]], ...(parts.length > 1 ? parts.map((p): [string, string[]] => [p, [name]]) : [])];
}

/**
 * The segmenter's files: the project's (lexicon/) and a talk folder's additions (one place for fromCorpus
 * and the benchmarks). `userDictionary` holds the talk's own words (talkLexicon); `englishKeys` the English
 * words and phrases the bilingual dictionary maps to the talk, whose phrases are kept whole.
 */
export function segmenterOptions(dir: string, glossary: Glossary, userDictionary: string, englishKeys: Iterable<string> = []): SegmenterOptions {
  const own = (file: string) => (existsSync(join(dir, file)) ? [join(dir, file)] : []);
  const phrases = [...englishKeys].filter((k) => k.includes(' '));
  return {
    dictionary: join(LEXICON_DIR, 'jieba.dict.utf8'),
    hmmModel: join(LEXICON_DIR, 'hmm_model.utf8'),
    userDictionaries: [userDictionary],
    ...(own('domain-terms.txt').length ? { domainTerms: join(dir, 'domain-terms.txt') } : {}),
    jiebaIdf: join(LEXICON_DIR, 'idf.utf8'),
    stopWords: [join(LEXICON_DIR, 'stopwords.txt'), ...own('stopwords.txt')],
    englishPhrases: [...glossary.englishPhrases(), ...phrases],
    englishFrequency: join(LEXICON_DIR, 'english-frequency.txt'),
  };
}

/**
 * The talk's words and its English → Chinese map, derived from the talk's text and the project's
 * resources (src/text/talk-lexicon.ts), cached by their content.
 */
export function talkLexicon(talk: Talk, glossary: Glossary) {
  const paragraphs = talk.sections.flatMap((s) => s.paragraphs.map((p) => p.text));
  const text = [
    ...talk.sections.flatMap((s) => [s.title, ...s.paragraphs.flatMap((p) => [p.text, ...(p.enrichment?.questionsZh ?? [])])]),
    ...glossary.targets(),
  ].join('\n');
  const fullDictionaryFile = createRequire(import.meta.url)('nodejieba').DEFAULT_DICT as string;
  const enZhFile = join(LEXICON_DIR, 'en-zh.tsv');
  const zhEnFile = join(LEXICON_DIR, 'zh-en.tsv');
  const stopWordFile = join(LEXICON_DIR, 'stopwords.txt');
  const tagCorrectionFile = join(LEXICON_DIR, 'tag-corrections.tsv');
  const points = talk.sections.filter((s) => s.kind === 'observation').length;
  const read = () => ({
    text,
    paragraphs,
    points,
    stopWords: readFileSync(stopWordFile, 'utf8').split('\n').map((l) => l.trim()),
    names: [talk.meta.speaker.name],
    aliases: glossary.entryList(),
    fullDictionary: readFileSync(fullDictionaryFile, 'utf8'),
    tagCorrections: readTagCorrections(readFileSync(tagCorrectionFile, 'utf8')),
    englishChinese: readFileSync(enZhFile, 'utf8'),
    chineseEnglish: readFileSync(zhEnFile, 'utf8'),
  });
  // The cache key: the talk's text and which resource files (by path and content) it was derived from.
  // Files by their digest, read as bytes: decoding 3 MB of dictionary only to hash it cost ~18 MB of RSS.
  const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const aliases = glossary.entryList().map(([alias, targets]) => `${alias}\t${targets.join('|')}`);
  const key = [text, String(points), talk.meta.speaker.name, ...aliases, fullDictionaryFile, ...[enZhFile, zhEnFile, stopWordFile, tagCorrectionFile].map(digest), LEXICON_VERSION].join('\0');
  return loadTalkLexicon(read, key);
}
