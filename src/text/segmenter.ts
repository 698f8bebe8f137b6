/**
 * Turns text into search terms. Paragraphs and questions go through the same steps:
 *   normalize → split into Han runs and Latin tokens → jieba for Han runs, English phrases kept whole
 *   → stop words and single Han characters out.
 *
 * Two views of the same text:
 * - `words(text)`: the words a reader would see (jieba `cut`, English phrases whole). Questions are
 *   measured in words: each one is something the answer should contain.
 * - `indexTerms(text)`: words plus the shorter dictionary words inside them (jieba `cutForSearch`, the
 *   parts of GPT-o1), so that a question about 智能 still finds 自主智能.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EnglishFrequency, singularForms } from './english.ts';
import { normalize, normalizeAll } from './normalize.ts';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba') as typeof import('nodejieba');

export interface TaggedWord {
  word: string;
  tag: string;
}

export interface SegmenterOptions {
  /** jieba dictionary ("word freq tag" lines): lexicon/jieba.dict.utf8, built by scripts/build-lexicon.ts. */
  dictionary: string;
  /** jieba's HMM model, for words the dictionary does not know. */
  hmmModel: string;
  /** More words, jieba user-dictionary format: the talk's own words (src/text/talk-lexicon.ts). */
  userDictionaries?: string[];
  /** Domain terms that must stay whole (大模型, 自主智能 …), jieba user-dictionary format; optional, per talk. */
  domainTerms?: string;
  /** Stop-word files, one word per line, "#" comments: the project's, then a talk's own additions. */
  stopWords: string[];
  /** A non-empty jieba IDF file; jieba insists on one though the engine computes its own IDF. */
  jiebaIdf: string;
  /** Multi-word English terms kept as one term ("scaling law", "world labs"), already normalised. */
  englishPhrases?: Iterable<string>;
  /** English words, most frequent first (corpus/dict/english-frequency.txt); without it no word counts as common. */
  englishFrequency?: string;
}

/** A Latin token: letters and digits, with inner - . + # kept (gpt-o1, gpt-4o, 5-20, c#). */
const TOKEN = /[a-z0-9]+(?:[-.+#][a-z0-9]+)*|\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
/** Longest English phrase, in words, that is looked up. */
const MAX_PHRASE_WORDS = 4;
/** Marks punctuation between tokens. */
const BREAK = '|';

let loadedDictionary: string | undefined;

export class Segmenter {
  readonly stopWords: ReadonlySet<string>;
  private readonly phrases: ReadonlySet<string>;

  private readonly domainTerms: ReadonlySet<string>;
  private readonly english: EnglishFrequency;

  private constructor(stopWords: Set<string>, phrases: Set<string>, domainTerms: Set<string>, english: EnglishFrequency) {
    this.stopWords = stopWords;
    this.phrases = phrases;
    this.domainTerms = domainTerms;
    this.english = english;
  }

  /** How common an English word is: its frequency rank (1 = most common), undefined when rare or unknown. */
  englishRank(word: string): number | undefined {
    return this.english.rank(word);
  }

  /** True for a word of the domain dictionary (大模型, 自主智能 …). */
  isDomainTerm(word: string): boolean {
    return this.domainTerms.has(word);
  }

  /** Loads jieba's dictionaries (once per process: jieba's state is global) and the stop words. */
  static load(options: SegmenterOptions): Segmenter {
    // cppjieba reads several user dictionaries separated by "|"; later files win.
    const userDict = [...(options.userDictionaries ?? []), ...(options.domainTerms ? [options.domainTerms] : [])].join('|');
    const key = [options.dictionary, options.hmmModel, userDict].join('|');
    if (loadedDictionary === undefined) {
      nodejieba.load({
        dict: options.dictionary,
        hmmDict: options.hmmModel,
        ...(userDict ? { userDict } : {}),
        idfDict: options.jiebaIdf,
        stopWordDict: options.stopWords[0]!,
      });
      loadedDictionary = key;
    } else if (loadedDictionary !== key) {
      throw new Error('jieba is already loaded with other dictionaries in this process');
    }
    const stopWords = new Set(
      normalizeAll(
        options.stopWords
          .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#')),
      ),
    );
    const phrases = new Set(normalizeAll([...(options.englishPhrases ?? [])]));
    const domainTerms = new Set(
      normalizeAll((options.domainTerms ? readFileSync(options.domainTerms, 'utf8') : '').split('\n').map((l) => l.split(' ')[0] ?? ''))
        .map((w) => w.trim())
        .filter((w) => [...w].length >= 3),
    );
    const english = options.englishFrequency ? EnglishFrequency.load(options.englishFrequency) : EnglishFrequency.of([]);
    return new Segmenter(stopWords, phrases, domainTerms, english);
  }

  /** The words of a text, in order, stop words out. */
  words(text: string): string[] {
    return this.taggedWords(text).map((w) => w.word);
  }

  /**
   * The words with jieba's part-of-speech tags (n… nouns, v verbs, a adjectives, x unknown to the
   * dictionary; "eng" for Latin tokens and English phrases).
   *
   * `keepSingle` keeps the single characters it accepts (not stop words), which are otherwise dropped.
   */
  taggedWords(text: string, keepSingle: (w: TaggedWord) => boolean = () => false): TaggedWord[] {
    const out: TaggedWord[] = [];
    for (const piece of this.pieces(text)) {
      if (piece.kind === 'han') {
        for (const w of nodejieba.tag(piece.text)) {
          if (!this.isNoise(w.word) || (!this.stopWords.has(w.word) && keepSingle(w))) out.push(w);
        }
      } else if (piece.kind === 'phrase' || !this.isNoise(piece.text)) {
        out.push({ word: piece.text, tag: 'eng' });
      }
    }
    return out;
  }

  /** Words and the dictionary words inside them, for the index. */
  indexTerms(text: string): string[] {
    const out: string[] = [];
    for (const piece of this.pieces(text)) {
      if (piece.kind === 'han') {
        for (const w of nodejieba.cutForSearch(piece.text, true)) if (!this.isNoise(w)) out.push(w);
      } else if (piece.kind === 'phrase') {
        out.push(piece.text, ...piece.text.split(' ').filter((w) => !this.isNoise(w)));
      } else {
        if (!this.isNoise(piece.text)) out.push(piece.text);
        // GPT-o1 is also found as o1.
        if (/[-.+#]/.test(piece.text)) out.push(...piece.text.split(/[-.+#]/).filter((part) => part && !this.isNoise(part)));
      }
    }
    return out;
  }

  /** The normalised text as Han runs, known English phrases and single Latin tokens, in order. */
  private pieces(text: string): { kind: 'han' | 'phrase' | 'latin'; text: string }[] {
    const out: { kind: 'han' | 'phrase' | 'latin'; text: string }[] = [];
    const tokens = splitTokens(normalize(text));
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token === BREAK) continue;
      if (HAN.test(token)) {
        out.push({ kind: 'han', text: token });
        continue;
      }
      const phrase = this.phraseAt(tokens, i);
      if (phrase) {
        out.push({ kind: 'phrase', text: phrase.text });
        i += phrase.length - 1;
      } else out.push({ kind: 'latin', text: token });
    }
    return out;
  }

  /** True when a normalised word is a stop word or carries no meaning on its own. */
  isNoise(word: string): boolean {
    if (this.stopWords.has(word)) return true;
    // A single Han character is almost always a function word or a fragment of an unknown word.
    return HAN.test(word) && [...word].length === 1;
  }

  /** The longest known English phrase starting at tokens[i], if any. */
  private phraseAt(tokens: string[], i: number): { text: string; length: number } | undefined {
    for (let n = Math.min(MAX_PHRASE_WORDS, tokens.length - i); n >= 2; n--) {
      const slice = tokens.slice(i, i + n);
      if (slice.some((t) => t === BREAK || HAN.test(t))) continue;
      const head = slice.slice(0, -1).join(' ');
      for (const last of singularForms(slice.at(-1)!)) {
        const text = `${head} ${last}`;
        if (this.phrases.has(text)) return { text, length: n };
      }
    }
    return undefined;
  }
}

/** Han runs and Latin tokens; a "|" stands between tokens that punctuation separates, so phrases never span it. */
function splitTokens(text: string): string[] {
  const out: string[] = [];
  let end = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (out.length > 0 && !/^\s*$/.test(text.slice(end, m.index))) out.push(BREAK);
    out.push(m[0]);
    end = m.index + m[0].length;
  }
  return out;
}
