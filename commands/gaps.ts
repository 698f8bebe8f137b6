/**
 * /gaps — for a server's managers: what the talk could not answer in that server and which answers got 👎.
 * Private per server: offered only in servers (`contexts`), shown only to members with Manage Server — checked
 * here from the member's permissions in the interaction, since server admins can change who sees a command —
 * and holding only that server's asks (direct messages are in no report).
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { truncate } from '../src/text/strings.ts';
import type { Responder } from '../src/bot/responder.ts';
import { optionText } from '../src/discord/options.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { gapReport, renderGapReport } from '../src/feedback/report.ts';
import { LABELS, langOf } from '../src/render/labels.ts';

const SPANS = { '24h': 1, '7d': 7, '30d': 30 } as const;

export const data = new SlashCommandBuilder()
  .setName('gaps')
  .setNameLocalizations({ 'zh-CN': '缺口', 'zh-TW': '缺口' })
  .setDescription('Unanswered questions and answers marked 👎 (managers only)')
  .setDescriptionLocalizations({ 'zh-CN': '未能回答的问题和被点 👎 的回答(仅管理员)', 'zh-TW': '未能回答的問題和被點 👎 的回答(僅管理員)' })
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((o) =>
    o
      .setName('since')
      .setDescription('How far back (default 7 days)')
      .setDescriptionLocalizations({ 'zh-CN': '统计多久以来(默认 7 天)', 'zh-TW': '統計多久以來(預設 7 天)' })
      .addChoices(...Object.keys(SPANS).map((k) => ({ name: k, value: k }))),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  const refuse = (text: string) => respond.send({ content: text, ephemeral: true, allowedMentions: NO_MENTIONS });
  const guildId = interaction.guildId;
  if (!guildId || !interaction.inGuild()) return refuse(LABELS[lang].gapsGuildOnly);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return refuse(LABELS[lang].gapsManagersOnly);
  if (!ctx.feedback) return refuse(LABELS[lang].feedbackOff);
  const chosen = optionText(interaction, 'since') || '7d';
  const span = (Object.hasOwn(SPANS, chosen) ? chosen : '7d') as keyof typeof SPANS;
  const report = gapReport(ctx.feedback, new Date(ctx.now().getTime() - SPANS[span] * 86_400_000), { guildId });
  const fence = '```';
  await respond.send({
    embeds: [{ title: `${LABELS[lang].gapsTitle} · ${span}`, description: `${fence}\n${truncate(renderGapReport(report).replace(/```/g, "'''"), LIMITS.embedDescription - 2 * fence.length - 2)}\n${fence}` }],
    ephemeral: true,
    allowedMentions: NO_MENTIONS,
  });
}

