/** /about — the talk card: title, speaker and role, event, date, place, where it was published, the observations. */
import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { aboutPayload } from '../src/discord/talk-card.ts';
import { LABELS, langOf } from '../src/render/labels.ts';

export const data = new SlashCommandBuilder()
  .setName('about')
  .setNameLocalizations({ 'zh-CN': '关于', 'zh-TW': '關於' })
  .setDescription(LABELS.en.helpAbout)
  .setDescriptionLocalizations({ 'zh-CN': LABELS.zh.helpAbout, 'zh-TW': LABELS['zh-tw'].helpAbout });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  await respond.send({ ...aboutPayload(ctx.engine.talk, langOf(interaction.locale)), allowedMentions: NO_MENTIONS });
}
