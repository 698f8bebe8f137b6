/** Small string helpers every stage shares: cutting text to a length, and quoting text for a RegExp. */

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
