/** /help — the commands, each with an example, in the asker's language and under the names their client shows. */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import { loadCommands } from '../src/bot/load-commands.ts';
import type { Responder } from '../src/bot/responder.ts';
import { helpPayload } from '../src/discord/help.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { commandHelp } from '../src/render/help.ts';
import { LABELS, langOf } from '../src/render/labels.ts';

export const data = new SlashCommandBuilder()
  .setName('help')
  .setNameLocalizations({ 'zh-CN': '帮助', 'zh-TW': '幫助' })
  .setDescription('The commands, with an example each')
  .setDescriptionLocalizations({ 'zh-CN': LABELS.zh.helpHelp, 'zh-TW': LABELS['zh-tw'].helpHelp });

/** The registered commands' names and options as Discord shows them (the modules are loaded once). */
let registered: Promise<ReturnType<(typeof data)['toJSON']>[]> | undefined;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  registered ??= loadCommands().then((commands) => [...commands.values()].map((c) => c.data.toJSON()));
  const payload = helpPayload(commandHelp(ctx.engine, lang), await registered, interaction.locale, lang);
  await respond.send({ ...payload, ephemeral: true, allowedMentions: NO_MENTIONS });
}
