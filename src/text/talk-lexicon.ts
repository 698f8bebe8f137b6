/**
 * What the engine takes from general language resources for one talk, derived from that talk's text
 * alone — so any talk folder works without word lists written for it:
 * - the talk's words: every word of nodejieba's full dictionary that occurs in the talk, written as a
 *   jieba user dictionary, so the talk segments as with the full dictionary while only the small common
 *   one (lexicon/jieba.dict.utf8) is loaded;
 * - the talk's own compounds, which no dictionary has (大模型, 业务系统, 知识问答): runs of three or four
 *   characters that recur in several paragraphs in varied company (see talkCompounds), added to the same
 *   user dictionary so they are found whole;
 * - the Chinese aliases of its glossary (哈萨比斯, 深度学习之父), so a question's alias is one word the
 *   glossary can look up — tagged a name when what it stands for is one;
 * - English → the talk's Chinese words: lexicon/en-zh.tsv (CC-CEDICT) keeping only Chinese words that
 *   occur in the talk;
 * - the talk's words → what they mean in English (lexicon/zh-en.tsv, CC-CEDICT's first senses as stems);
 * - what a question in Traditional characters makes of the talk's words (scriptVariants);
 *
 * Both are a pure function of the talk's text and the resources; the result is cached in the OS's temp
 * folder under a hash of them, so a restart costs a file read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize, normalizeAsTraditional, toTraditional } from './normalize.ts';
import { chineseNumber } from './strings.ts';

export interface TalkLexiconSources {
  /** The talk's text (paragraphs, titles, enrichment, glossary), any script. */
  text: string;
  /** The speaker's paragraphs, one string each: where the talk's own compounds are found. */
  paragraphs: string[];
  /** Words that never begin or end a compound (lexicon/stopwords.txt): 的, 一个, 我们 … */
  stopWords: string[];
  /** How many points (observations) the talk has: each is named as a word (第三十五点), 30 at least. */
  points?: number;
  /** People the talk's front matter names (the speaker): tagged as names, whatever jieba would guess. */
  names: string[];
  /** The glossary's entries, alias → the talk's words for it (src/engine/glossary.ts). */
  aliases: Array<[string, readonly string[]]>;
  /** nodejieba's full dictionary ("word freq tag" lines). */
  fullDictionary: string;
  /** Better tags for some of its words (lexicon/tag-corrections.tsv, readTagCorrections): 普及 is no place. */
  tagCorrections?: ReadonlyMap<string, string>;
  /** lexicon/en-zh.tsv. */
  englishChinese: string;
  /** lexicon/zh-en.tsv. */
  chineseEnglish: string;
}

export interface TalkLexicon {
  /** jieba user-dictionary lines ("word freq tag") for the dictionary words in the talk. */
  talkWords: string;
  /** English word or phrase → the talk's Chinese words for it, best first. */
  englishChinese: Map<string, string[]>;
  /** The talk's Chinese words → the stems of their English senses, space-separated. */
  glosses: Map<string, string>;
  /**
   * How a question in Traditional characters reaches the talk's words: where writing a word the Taiwan way
   * and folding it back (normalizeAsTraditional) changes it — 建立 → 创建, 向量 → 矢量, 互动 → 交互 — the
   * folded form → the talk's words.
   */
  scriptVariants: Map<string, string[]>;
}

/** Part of the cache key: raise it when the derivation below changes, so no stale lexicon is read. */
export const LEXICON_VERSION = 14;

/**
 * Points named as words (第一点 … 第三十点) whatever the talk's number, so that a question about a point it
 * lacks (第八点 of six) stays whole and unknown rather than a 第八 the text may have; more when it has more.
 */
const MIN_POINTS = 30;

/** Longest Chinese word looked for in the talk. */
const MAX_WORD_CHARS = 8;
/** At most this many Chinese words per English word: CC-CEDICT lists rare senses last. */
const MAX_TRANSLATIONS_IN_TALK = 6;

/** Every run of 1–8 Han characters in the text: what a dictionary word must be to occur in it. */
function hanSubstrings(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalize(text).match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      let s = '';
      for (let j = i; j < Math.min(chars.length, i + MAX_WORD_CHARS); j++) {
        s += chars[j];
        out.add(s);
      }
    }
  }
  return out;
}

export function deriveTalkLexicon(sources: TalkLexiconSources): TalkLexicon {
  const inTalk = hanSubstrings(sources.text);
  const talkWords: string[] = [];
  const dictionary = new Set<string>();
  /** Part of speech of the talk's dictionary words. */
  const tags = new Map<string, string>();
  const stopWords = new Set(sources.stopWords.map(normalize).filter((w) => MULTI_CHARACTER_STOP_WORD.test(w)));
  const stopWordLines = new Map<string, string>();
  for (const line of sources.fullDictionary.split('\n')) {
    const word = line.slice(0, line.indexOf(' '));
    dictionary.add(word);
    if (stopWords.has(word)) stopWordLines.set(word, line);
    if (word.length > 1 && inTalk.has(word)) {
      const corrected = sources.tagCorrections ? correctTag(line, sources.tagCorrections) : line;
      talkWords.push(corrected);
      tags.set(word, corrected.slice(corrected.lastIndexOf(' ') + 1));
    }
  }
  // Stop words of several characters are cut whole, so a question's phrasing (哪一年, 什么时候, 会不会) is
  // dropped as phrasing rather than left as a content word (一年) the paragraphs happen to have.
  // As common as a compound, so jieba prefers them to their parts (哪 + 一年).
  for (const word of stopWords) {
    const line = stopWordLines.get(word);
    if (!(line && inTalk.has(word))) talkWords.push(`${word} ${COMPOUND_FREQUENCY} ${line ? line.slice(line.lastIndexOf(' ') + 1) : 'x'}`);
  }
  const names = sources.names.map(normalize).filter((name) => /^\p{Script=Han}{2,}$/u.test(name));
  for (const name of names) talkWords.push(`${name} ${COMPOUND_FREQUENCY} nr`);
  for (const [alias, targets] of sources.aliases) {
    if (!ALIAS.test(alias) || inTalk.has(alias)) continue;
    const name = targets.map((t) => (names.includes(t) ? 'nr' : tags.get(t))).find((tag) => tag && NAME_TAG.test(tag));
    talkWords.push(`${alias} ${COMPOUND_FREQUENCY} ${name ?? 'n'}`);
  }
  // The places of a talk's points as questions name them (第三点, 第五条), cut whole so that 点 is not
  // lost: "第三点" is the third point, not any 第三 of the text.
  for (let n = 1; n <= Math.max(MIN_POINTS, sources.points ?? 0); n++) for (const unit of ['点', '条']) talkWords.push(`第${chineseNumber(n)}${unit} ${COMPOUND_FREQUENCY} m`);
  for (const compound of talkCompounds(sources.paragraphs, dictionary, new Set(sources.stopWords))) {
    talkWords.push(`${compound} ${COMPOUND_FREQUENCY} n`);
  }
  const englishChinese = new Map<string, string[]>();
  for (const [english, chinese] of lexiconEntries(sources.englishChinese)) {
    const words = chinese.split('|').filter((w) => inTalk.has(w));
    if (words.length > 0) englishChinese.set(english, words.slice(0, MAX_TRANSLATIONS_IN_TALK));
  }
  const glosses = new Map<string, string>();
  for (const [word, stems] of lexiconEntries(sources.chineseEnglish)) if (inTalk.has(word)) glosses.set(word, stems);
  return { talkWords: talkWords.join('\n') + '\n', englishChinese, glosses, scriptVariants: scriptVariants(talkWords) };
}

/** TalkLexicon.scriptVariants of the talk's words (user-dictionary lines), converted in one pass. */
function scriptVariants(dictionaryLines: string[]): Map<string, string[]> {
  const words = [...new Set(dictionaryLines.map((l) => l.slice(0, l.indexOf(' '))))].filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
  const back = normalizeAsTraditional(toTraditional(words.join('\n'))).split('\n');
  const variants = new Map<string, string[]>();
  if (back.length !== words.length) return variants;
  words.forEach((word, i) => {
    const folded = back[i]!;
    if (folded !== word) variants.set(folded, [...(variants.get(folded) ?? []), word]);
  });
  return variants;
}

/** A stop word cut whole: 2–8 Han characters. */
const MULTI_CHARACTER_STOP_WORD = /^\p{Script=Han}{2,8}$/u;

/** A glossary alias added as a word: 2–8 Han characters (one jieba cannot know, such as 哈萨比斯). */
const ALIAS = /^\p{Script=Han}{2,8}$/u;
/** The entries of a lexicon/*.tsv file's text: "key<TAB>value" lines; "#" starts a comment line. */
export function* lexiconEntries(text: string): Generator<[string, string]> {
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (!line.startsWith('#') && tab > 0) yield [line.slice(0, tab), line.slice(tab + 1)];
  }
}

/** lexicon/tag-corrections.tsv's text as word → tag. */
export function readTagCorrections(text: string): Map<string, string> {
  return new Map(lexiconEntries(text));
}

/** A jieba dictionary line ("word freq tag") with its tag corrected, when `corrections` has one for the word. */
export function correctTag(line: string, corrections: ReadonlyMap<string, string>): string {
  const tag = corrections.get(line.slice(0, line.indexOf(' ')));
  return tag ? `${line.slice(0, line.lastIndexOf(' '))} ${tag}` : line;
}

/** jieba's tags of people, places and organisations. */
const NAME_TAG = /^(?:nr|ns|nt)$/;

/** A compound is a run of this many characters … */
const COMPOUND_CHARS = [3, 4];
/** … found at least this often, in at least this many paragraphs … */
const COMPOUND_MIN_COUNT = 3;
const COMPOUND_MIN_PARAGRAPHS = 2;
/** … after and before at least this many different characters: a word, not a fragment of a longer one (模型的). */
const COMPOUND_MIN_NEIGHBOURS = 3;
/** Its frequency in the user dictionary: as common as jieba's common nouns, so it is cut whole. */
const COMPOUND_FREQUENCY = 50_000;
/** Single characters that do not begin or end a word of content (particles, pronouns, copulas). */
const EDGE_CHARACTER = /^[的了是在和与及或而也都就还又再很最更这那其之于把被让给对从向到为以们着过吗呢吧啊我你他她它有没不上下中来去说要会能可将个]|[的了是在和与及或而也都就还又再很最更这那其之于把被让给对从向到为以们着过吗呢吧啊我你他她它有没不上下中来去说要会能可将个]$/;

/**
 * The talk's own compounds that no dictionary lists — what a talk calls its subject (大模型, 多模态,
 * 业务系统): runs of 3–4 Han characters that recur across paragraphs, each time after and before varied
 * characters (so 模型的 or 大模 are not words), neither beginning nor ending with a function character or a
 * stop word (做一个). New-word discovery by frequency and boundary variety, on the talk's text alone.
 */
export function talkCompounds(paragraphs: string[], dictionary: ReadonlySet<string>, stopWords: ReadonlySet<string>): string[] {
  const seen = new Map<string, { count: number; paragraphs: Set<number>; before: Set<string>; after: Set<string> }>();
  paragraphs.forEach((text, p) => {
    for (const run of normalize(text).match(/\p{Script=Han}+/gu) ?? []) {
      const chars = [...run];
      for (const n of COMPOUND_CHARS) {
        for (let i = 0; i + n <= chars.length; i++) {
          const word = chars.slice(i, i + n).join('');
          const s = seen.get(word) ?? { count: 0, paragraphs: new Set<number>(), before: new Set<string>(), after: new Set<string>() };
          s.count++;
          s.paragraphs.add(p);
          s.before.add(chars[i - 1] ?? '^');
          s.after.add(chars[i + n] ?? '$');
          seen.set(word, s);
        }
      }
    }
  });
  const stopEdge = (word: string) => [1, 2].some((k) => stopWords.has(word.slice(0, k)) || stopWords.has(word.slice(-k)));
  return [...seen.entries()]
    .filter(
      ([word, s]) =>
        s.count >= COMPOUND_MIN_COUNT &&
        s.paragraphs.size >= COMPOUND_MIN_PARAGRAPHS &&
        s.before.size >= COMPOUND_MIN_NEIGHBOURS &&
        s.after.size >= COMPOUND_MIN_NEIGHBOURS &&
        !dictionary.has(word) &&
        !EDGE_CHARACTER.test(word) &&
        !stopEdge(word),
    )
    .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word);
}

/**
 * deriveTalkLexicon, cached: the user dictionary and the filtered English map are written to
 * `<tmp>/talk-qa-lexicon/<hash>.*`. jieba reads its user dictionary from a file, so that one is needed anyway.
 */
export function loadTalkLexicon(read: () => TalkLexiconSources, key: string, cacheDir = join(tmpdir(), 'talk-qa-lexicon')): { lexicon: TalkLexicon; userDictionary: string } {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const dictFile = join(cacheDir, `${hash}.dict.utf8`);
  const mapFile = join(cacheDir, `${hash}.en-zh.json`);
  const readMap = (file: string) => new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>));
  const glossFile = join(cacheDir, `${hash}.glosses.json`);
  const variantFile = join(cacheDir, `${hash}.script-variants.json`);
  if ([dictFile, mapFile, glossFile, variantFile].every(existsSync)) {
    try {
      const glosses = new Map(Object.entries(JSON.parse(readFileSync(glossFile, 'utf8')) as Record<string, string>));
      const lexicon = { talkWords: readFileSync(dictFile, 'utf8'), englishChinese: readMap(mapFile), glosses, scriptVariants: readMap(variantFile) };
      return { lexicon, userDictionary: dictFile };
    } catch {
      // A damaged cache is rebuilt below.
    }
  }
  const lexicon = deriveTalkLexicon(read());
  mkdirSync(cacheDir, { recursive: true });
  // Written under a temporary name and renamed, so a concurrent start never reads half a file.
  const write = (file: string, content: string) => {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  };
  write(dictFile, lexicon.talkWords);
  write(mapFile, JSON.stringify(Object.fromEntries(lexicon.englishChinese)));
  write(glossFile, JSON.stringify(Object.fromEntries(lexicon.glosses)));
  write(variantFile, JSON.stringify(Object.fromEntries(lexicon.scriptVariants)));
  return { lexicon, userDictionary: dictFile };
}
