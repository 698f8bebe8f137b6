/**
 * What the engine takes from general language resources for one talk, derived from that talk's text
 * alone — so any talk folder works without word lists written for it:
 * - the talk's words: every word of nodejieba's full dictionary that occurs in the talk, written as a
 *   jieba user dictionary, so the talk segments as with the full dictionary while only the small common
 *   one (lexicon/jieba.dict.utf8) is loaded;
 * - English → the talk's Chinese words: lexicon/en-zh.tsv (CC-CEDICT) keeping only Chinese words that
 *   occur in the talk.
 *
 * Both are a pure function of the talk's text and the resources; the result is cached in the OS's temp
 * folder under a hash of them, so a restart costs a file read.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalize } from './normalize.ts';

export interface TalkLexiconSources {
  /** The talk's text (paragraphs, titles, enrichment, glossary), any script. */
  text: string;
  /** nodejieba's full dictionary ("word freq tag" lines). */
  fullDictionary: string;
  /** lexicon/en-zh.tsv. */
  englishChinese: string;
}

export interface TalkLexicon {
  /** jieba user-dictionary lines ("word freq tag") for the dictionary words in the talk. */
  talkWords: string;
  /** English word or phrase → the talk's Chinese words for it, best first. */
  englishChinese: Map<string, string[]>;
}

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
      let s = chars[i]!;
      for (let j = i + 1; j < Math.min(chars.length, i + MAX_WORD_CHARS); j++) {
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
  for (const line of sources.fullDictionary.split('\n')) {
    const word = line.slice(0, line.indexOf(' '));
    if (word.length > 1 && inTalk.has(word)) talkWords.push(line);
  }
  const englishChinese = new Map<string, string[]>();
  for (const line of sources.englishChinese.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const words = line.slice(tab + 1).split('|').filter((w) => inTalk.has(w)).slice(0, MAX_TRANSLATIONS_IN_TALK);
    if (words.length > 0) englishChinese.set(line.slice(0, tab), words);
  }
  return { talkWords: talkWords.join('\n') + '\n', englishChinese };
}

/**
 * deriveTalkLexicon, cached: the user dictionary and the filtered English map are written to
 * `<tmp>/talk-qa-lexicon/<hash>.*`. jieba reads its user dictionary from a file, so that one is needed anyway.
 */
export function loadTalkLexicon(read: () => TalkLexiconSources, key: string, cacheDir = join(tmpdir(), 'talk-qa-lexicon')): { lexicon: TalkLexicon; userDictionary: string } {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 24);
  const dictFile = join(cacheDir, `${hash}.dict.utf8`);
  const mapFile = join(cacheDir, `${hash}.en-zh.json`);
  if (existsSync(dictFile) && existsSync(mapFile)) {
    try {
      const englishChinese = new Map(Object.entries(JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, string[]>));
      return { lexicon: { talkWords: readFileSync(dictFile, 'utf8'), englishChinese }, userDictionary: dictFile };
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
  return { lexicon, userDictionary: dictFile };
}
