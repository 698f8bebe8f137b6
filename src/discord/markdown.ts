/**
 * Discord markdown built so that it always parses as meant: text is escaped, the one bold span of a quote
 * is opened and closed by the same code, and cutting to a limit happens on the raw text, outside the bold
 * span, before escaping — so a cut never leaves half an escape or an unclosed "**".
 */
import type { QuoteParts } from '../render/quote.ts';
import { truncate } from '../text/strings.ts';

/** Characters that are markdown anywhere in a line: backslash, bold/italic, underline, strike, code, spoiler. */
const INLINE_MARKUP = /[\\*_~`|]/g;
/** What is markdown at the start of a line: a quote, a heading, a list item ("-", "1."). */
const LINE_START_MARKUP = /^(\s*)([>#-]|\d+(?=\.))/gm;

/**
 * Text that Discord shows exactly as written: every markdown character escaped with a backslash. Linear,
 * and unlike discord.js's escapeMarkdown it escapes every asterisk of a run ("****" left one live).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&').replace(LINE_START_MARKUP, (_m, space: string, mark: string) => (/\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`));
}

/**
 * `raw` escaped, at most `max` UTF-16 units long once escaped: cut at its end ("…" after), or with
 * `keep: 'end'` at its start ("…" before).
 */
export function escapeWithin(raw: string, max: number, keep: 'start' | 'end' = 'start'): string {
  const escaped = escapeMarkdown(raw);
  if (escaped.length <= max) return escaped;
  if (max <= 0) return '';
  // The longest cut of the raw text whose escaped form fits (escaping only ever lengthens text).
  let low = 0;
  let high = Math.min(raw.length, max);
  const cut = (n: number) => (keep === 'start' ? truncate(raw, n) : reverseTruncate(raw, n));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escapeMarkdown(cut(mid)).length <= max) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? '' : escapeMarkdown(cut(low));
}

/** The end of a text in at most `max` UTF-16 units, "…" first when cut; never half a surrogate pair. */
function reverseTruncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(text.length - Math.max(0, max - 1));
  if (/^[\udc00-\udfff]/.test(cut)) cut = cut.slice(1);
  return '…' + cut;
}

/**
 * A quote as markdown in at most `max` units: the key in bold, the text around it escaped. When it does
 * not fit, the text around the key is cut first (before it from its start, after it from its end); the
 * key itself is cut only when it alone is too long, and its bold span is closed all the same.
 */
export function markdownQuote(parts: QuoteParts, max: number): string {
  const { before, key, after } = parts;
  if (!key) return escapeWithin(before + after, max);
  const bold = (text: string) => `**${text}**`;
  const whole = escapeMarkdown(before) + bold(escapeMarkdown(key)) + escapeMarkdown(after);
  if (whole.length <= max) return whole;
  const keyText = escapeMarkdown(key);
  if (keyText.length + 4 > max) return bold(escapeWithin(key, max - 4));
  const room = max - keyText.length - 4;
  const head = escapeWithin(before, Math.floor(room / 3), 'end');
  const tail = escapeWithin(after, room - head.length);
  return head + bold(keyText) + tail;
}

/** Every line of a text as a block quote ("> "), so the quote ends where the text does. */
export function blockQuote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
