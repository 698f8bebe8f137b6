/**
 * The sentence of a paragraph that answers the question: the paragraph is split into sentences, each is
 * scored by the question's matched words it holds, and the best one — with its neighbour when that adds
 * matched words the best one lacks — is the answer's key. Pure functions over text; no engine state.
 */

/** A stretch of a text: [start, end) in UTF-16 units. */
export interface Span {
  start: number;
  end: number;
}

/** Where sentences end: Chinese and Western full stops, question and exclamation marks, semicolons. */
const SENTENCE_END = /[。！？；!?;]+[”’」』)）]*|\n+/g;

/**
 * The sentences of a text as spans, in order, each without the white space around it; punctuation that
 * ends a sentence (and a closing quote after it) belongs to the sentence. Decimal points and the "." of
 * English abbreviations do not end one ("3.5", "e.g."), so "." is not a sentence end.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (end - trail > start + lead) spans.push({ start: start + lead, end: end - trail });
  };
  for (const m of text.matchAll(SENTENCE_END)) {
    push(m.index + m[0].length);
    start = m.index + m[0].length;
  }
  push(text.length);
  return spans;
}

/**
 * The sentences of an English text as spans, split where the Chinese ones are: at ";", and at ". ! ?" (with
 * a closing quote or bracket) followed by white space and a capital, a digit or an opening quote — so "3.5",
 * "e.g. the" and "U.S. and" end none.
 */
export function englishSentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(/(?<=;)\s+|(?<=[.!?]["”’)]?)\s+(?=["“(]?[A-Z0-9])/g)) {
    spans.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (text.slice(start).trim()) spans.push({ start, end: text.trimEnd().length });
  return spans;
}

/**
 * The key of a paragraph carried over to its translation: the same sentences, by their place, when the
 * translation has as many sentences as the original (a translation keeps their order); undefined otherwise.
 */
export function translatedKey(text: string, key: Span | undefined, translation: string): Span | undefined {
  if (!key) return undefined;
  const original = sentenceSpans(text);
  const translated = englishSentenceSpans(translation);
  if (original.length !== translated.length) return undefined;
  const from = original.findIndex((s) => s.start === key.start);
  const to = original.findIndex((s) => s.end === key.end);
  return from < 0 || to < from ? undefined : { start: translated[from]!.start, end: translated[to]!.end };
}

/**
 * The key sentence(s) of a paragraph for the matched words `terms`: the sentence holding the most of them
 * (weighted by length, so 自主智能 counts more than AI), joined with the adjacent sentence that holds most
 * of the words it lacks when those weigh at least half as much as what it holds. Undefined when no sentence holds a matched word (the paragraph was found
 * through its enrichment alone).
 */
export function keySentences(text: string, terms: readonly string[]): Span | undefined {
  if (terms.length === 0) return undefined;
  const { spans, folded } = foldedSentences(text);
  const wanted = [...new Set(terms.map(fold))].filter(Boolean);
  const found = folded.map((sentence) => new Set(wanted.filter((t) => sentence.includes(t))));
  const weights = found.map(weight);
  let best = -1;
  for (let i = 0; i < weights.length; i++) if (weights[i]! > 0 && (best < 0 || weights[i]! > weights[best]!)) best = i;
  if (best < 0) return undefined;
  const missing = (i: number) => weight(new Set([...(found[i] ?? [])].filter((t) => !found[best]!.has(t))));
  const enough = (w: number) => (w * 2 >= weights[best]! ? w : 0);
  const before = best > 0 ? enough(missing(best - 1)) : 0;
  const after = best < spans.length - 1 ? enough(missing(best + 1)) : 0;
  const from = before > 0 && before >= after ? best - 1 : best;
  const to = after > 0 && after > before ? best + 1 : best;
  return { start: spans[from]!.start, end: spans[to]!.end };
}

/** What matched words weigh in a sentence: their length in characters. */
function weight(words: Set<string>): number {
  let sum = 0;
  for (const w of words) sum += [...w].length;
  return sum;
}

/**
 * A text's sentences, each also folded, cached: the engine looks for the key of the same paragraphs ask
 * after ask, and splitting and folding them anew was an eighth of what an ask allocates.
 */
function foldedSentences(text: string): { spans: Span[]; folded: string[] } {
  let entry = sentenceCache.get(text);
  if (!entry) {
    const spans = sentenceSpans(text);
    entry = { spans, folded: spans.map((s) => fold(text.slice(s.start, s.end))) };
    if (sentenceCache.size >= SENTENCE_CACHE) sentenceCache.clear();
    sentenceCache.set(text, entry);
  }
  return entry;
}
/** A talk's paragraphs are few; the bound only keeps other texts from growing the cache without end. */
const SENTENCE_CACHE = 10_000;
const sentenceCache = new Map<string, { spans: Span[]; folded: string[] }>();

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
