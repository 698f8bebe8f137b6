/** Small string helpers every stage shares: cleaning text to echo, cutting it to a length, quoting it for a RegExp. */

/**
 * Code points never to be shown again: controls (newline and tab excepted: NUL, ESC, …), bidi controls
 * (U+202E and its kind reorder what follows: a reply could be made to read backwards), noncharacters
 * (U+FFFF, U+FDD0…), and lone surrogates (half of a pair: not text; Discord refuses the message).
 */
const UNSAFE_CODE_POINTS = /(?![\n\t])\p{Cc}|\p{Bidi_Control}|\p{Noncharacter_Code_Point}|\p{Cs}/gu;

/** The text without the code points above: for anything that came from outside and is echoed. */
export function cleanText(text: string): string {
  return text.replace(UNSAFE_CODE_POINTS, '');
}

/** Whether the text holds any of the code points `cleanText` removes. */
export function hasUnsafeCodePoints(text: string): boolean {
  UNSAFE_CODE_POINTS.lastIndex = 0;
  return UNSAFE_CODE_POINTS.test(text);
}

/**
 * Cuts text to at most `max` UTF-16 units (as Discord and JavaScript count), ending with "…" when cut;
 * never leaves half of a surrogate pair (an emoji, a rare Han character) at the end.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + '…';
}

/** Cuts text to at most `max` characters (code points, as a reader counts), ending with "…" when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** The text as a RegExp that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const CHINESE_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–99 in Chinese numerals: 三, 十二, 二十. */
export function chineseNumber(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${CHINESE_DIGITS[n % 10]}`;
}

/** English ordinals to 20, which the dictionary does not all translate (CC-CEDICT has no 第三 for "third"). */
const ENGLISH_ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];

/** "third" for 3; empty beyond 20. */
export function englishOrdinal(n: number): string {
  return ENGLISH_ORDINALS[n] ?? '';
}
