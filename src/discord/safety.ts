/** What keeps user text from doing anything but being read: no pings, no markdown tricks, no invisible controls. */
import { escapeMarkdown } from './markdown.ts';
import { cleanText } from '../text/strings.ts';

/** Sent with every reply: Discord parses no mention at all, whatever the text holds. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false } as const;

/**
 * Text a user typed, made safe to echo: controls, bidi controls, noncharacters and lone surrogates removed
 * (cleanText), markdown escaped, and mention syntax broken with a zero-width joiner so it renders as typed
 * but can never ping (belt and braces with NO_MENTIONS).
 */
export function escapeUserText(text: string): string {
  return escapeMarkdown(cleanText(text))
    .replace(/@(everyone|here)/gi, '@\u200d$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<\u200d$1$2>');
}
