/** The Discord payload of /help: each registered command under the name the reader's client shows, with an example. */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { escapeMarkdown } from './markdown.ts';
import type { CommandHelp } from '../render/help.ts';
import { LABELS, type Lang } from '../render/labels.ts';
import { truncate } from '../text/strings.ts';
import { LIMITS } from './limits.ts';
import type { Payload } from './payloads.ts';

const COLOR = 0x64748b;

type Registered = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'name_localizations' | 'options'>;

/**
 * One field a command: "/提问" — what it does — "例:`/提问 问题:演讲者是谁?`". Commands not registered
 * are left out. The entries are already in the reader's language (labels and example in Traditional for zh-tw).
 */
export function helpPayload(entries: CommandHelp[], registered: Registered[], locale: string, lang: Lang): Payload {
  const l = LABELS[lang];
  const byName = new Map(registered.map((c) => [c.name, c]));
  const shown = (names: Registered['name_localizations'], fallback: string) => (names as Record<string, string> | null | undefined)?.[locale] ?? fallback;
  const fields = entries.flatMap((entry) => {
    const command = byName.get(entry.command);
    if (!command) return [];
    const name = `/${shown(command.name_localizations, command.name)}`;
    const options = Object.entries(entry.example).map(([option, value]) => {
      const declared = command.options?.find((o) => o.name === option);
      // Inside a code span nothing is markdown; a backtick would end it.
      return `${declared ? shown(declared.name_localizations, declared.name) : option}:${value.replaceAll('`', "'")}`;
    });
    const example = `${l.helpExample}${lang === 'en' ? ': ' : ':'}\`${[name, ...options].join(' ')}\``;
    const description = entry.managersOnly ? `${entry.description} (${l.helpManagersOnly})` : entry.description;
    return [{ name: truncate(name, LIMITS.fieldName), value: truncate(`${escapeMarkdown(description)}\n${example}`, LIMITS.fieldValue) }];
  });
  return { embeds: [{ title: l.helpTitle, color: COLOR, fields: fields.slice(0, LIMITS.embedFields) }], components: [] };
}
