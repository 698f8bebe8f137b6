/**
 * Text normalisation shared by paragraphs and questions, so that both sides of a match are folded the
 * same way: Unicode compatibility forms (full-width → half-width), invisible characters out, lower case,
 * Traditional → Simplified Chinese with phrase conversion (人工智慧 → 人工智能, 軟體 → 软件).
 */
import { configs as toTraditionalConfigs } from 'opencc-js/preset/cn2t';
import { configs as toSimplifiedConfigs } from 'opencc-js/preset/t2cn';
import { compactConverter } from './script-converter.ts';

/**
 * Taiwan phrases → mainland Simplified (opencc-js's tw2sp, in the compact form of script-converter.ts);
 * also folds Hong Kong characters well enough for search. Built on the first Traditional text.
 */
let phraseConverter: ((text: string) => string) | undefined;
const toSimplified = (text: string) => (phraseConverter ??= compactConverter(toSimplifiedConfigs.tw2sp!))(text);
/** Traditional → Simplified without regional phrasing (t2s): tells whether a text has any Traditional character at all. */
const charactersToSimplified = compactConverter(toSimplifiedConfigs.t2s!);

/** Zero-width and bidirectional controls, BOM, soft hyphen: invisible, but they split or glue words. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** Other control characters and lone surrogates, which no word contains. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Chinese quotation marks used inconsistently in the source (“思考时间“). */
const QUOTES = /[“”‘’「」『』]/g;

export function normalize(text: string): string {
  return normalizeQuestion(text).text;
}

/** normalize(), and whether the text was written in Traditional characters (found on the way, not again). */
export function normalizeQuestion(text: string): { text: string; traditional: boolean } {
  const folded = fold(text);
  // Phrase conversion only for text written in Traditional characters: on Simplified text it would
  // "correct" mainland words into others (核心 → 内核, 程序 → 进程).
  const traditional = hasHan(folded) && charactersToSimplified(folded) !== folded;
  return { text: traditional ? toSimplified(folded) : folded, traditional };
}

/**
 * normalize() of a text as if it were written in Traditional characters, whether or not it has any: the
 * Taiwan phrases are converted too (建立 → 创建). What a word of a talk becomes in a Traditional question.
 */
export function normalizeAsTraditional(text: string): string {
  return toSimplified(fold(text));
}

/**
 * normalize() of many short texts (a word list, no line breaks), each on its own: the same results, but
 * one converter call over the Han words tells which of them are Traditional at all, which matters when
 * the lists are loaded at start.
 */
export function normalizeAll(texts: readonly string[]): string[] {
  const folded = texts.map((t) => fold(t).replace(/\n/g, ' '));
  const han = folded.filter(hasHan);
  const checked = new Set(charactersToSimplified(han.join('\n')).split('\n'));
  return folded.map((f) => (!hasHan(f) || checked.has(f) ? f : toSimplified(f)));
}

function fold(text: string): string {
  return countryUs(text.normalize('NFKC')).replace(INVISIBLE, '').replace(CONTROL, ' ').replace(QUOTES, ' ').toLowerCase();
}

/** "US" and "U.S." in capitals: the country, which lower case would turn into the pronoun "us". */
const US = /\bU\.S\.(?=\s|[^\p{L}]|$)|\bUS\b/gu;
/** A text in capitals throughout ("TELL US MORE") says nothing by its capitals. */
const SHOUTED = /^[^a-z]*$/;
function countryUs(text: string): string {
  return !text.includes('U') || SHOUTED.test(text) ? text : text.replace(US, 'USA');
}

/** True when the text holds at least one CJK ideograph. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

let traditionalConverter: ((text: string) => string) | undefined;
/**
 * Simplified → Traditional with Taiwan phrases (软件 → 軟體), for zh-TW readers; built on first use, from
 * opencc-js's dictionaries and configuration (s2twp) in a compact form (script-converter.ts).
 */
export function toTraditional(text: string): string {
  return (traditionalConverter ??= compactConverter(toTraditionalConfigs.s2twp!))(text);
}

/** True when the text holds a Traditional character (one that Simplified Chinese writes otherwise). */
export function hasTraditional(text: string): boolean {
  return hasHan(text) && charactersToSimplified(text) !== text;
}
