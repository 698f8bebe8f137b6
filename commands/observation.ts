/** /observation number — one of the talk's observations 1…N (N+1 = the conclusion), whole, paged when long. */
import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext, ButtonHandlers } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { optionText } from '../src/discord/options.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { checkObservationNumber, observationRange } from '../src/engine/user-input.ts';
import { noticePayload, observationPayload, originalPagePayload } from '../src/discord/payloads.ts';
import { byLang, langOf } from '../src/render/labels.ts';
import { servedTalk } from '../src/talk/load-corpus.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { toTraditional } from '../src/text/normalize.ts';
import { truncate } from '../src/text/strings.ts';

/** Choice labels come from the corpus (TALK_DIR or corpus/), so a corrected title shows up at the next deploy. */
const sections = servedTalk().sections.filter((s) => s.number);
const observations = sections.filter((s) => s.kind === 'observation').length;
const hasConclusion = sections.length > observations;
/** Discord allows at most 25 choices; a talk with more points takes a plain number in range. */
const MAX_CHOICES = 25;
const rangeEn = `1–${observations}${hasConclusion ? `, ${observations + 1} = conclusion` : ''}`;
const rangeZh = `1–${observations}${hasConclusion ? `,${observations + 1} = 结语` : ''}`;

export const data = new SlashCommandBuilder()
  .setName('observation')
  .setNameLocalizations({ 'zh-CN': '观察', 'zh-TW': '觀察' })
  .setDescription(`One of the talk's ${observations} observations (${rangeEn}), whole`)
  .setDescriptionLocalizations({ 'zh-CN': `演讲的 ${observations} 点观察之一(${rangeZh}),全文`, 'zh-TW': `演講的 ${observations} 點觀察之一(${rangeZh.replace('结语', '結語')}),全文` })
  .addIntegerOption((o) =>
    o
      .setName('number')
      .setNameLocalizations({ 'zh-CN': '编号', 'zh-TW': '編號' })
      .setDescription('Which observation')
      .setDescriptionLocalizations({ 'zh-CN': '第几点观察', 'zh-TW': '第幾點觀察' })
      .setRequired(true)
      .setMinValue(1)
      .setMaxValue(sections.length)
      .addChoices(
        ...(sections.length > MAX_CHOICES ? [] : sections).map((s) => ({
          name: truncate(`${s.number}. ${s.titleEn}`, LIMITS.choiceName),
          name_localizations: { 'zh-CN': truncate(`${s.number}、${s.title}`, LIMITS.choiceName), 'zh-TW': truncate(toTraditional(`${s.number}、${s.title}`), LIMITS.choiceName) },
          value: s.number!,
        })),
      ),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  const checked = checkObservationNumber(optionText(interaction, 'number'), observationRange(ctx.engine.talk));
  if (!checked.ok) {
    await respond.send({ ...noticePayload(byLang(lang, checked.message, checked.messageEn)), ephemeral: true, allowedMentions: NO_MENTIONS });
    return;
  }
  await respond.send({ ...observationPayload(ctx.engine.observation(checked.number)!, 0, ctx.engine.talk, lang), allowedMentions: NO_MENTIONS });
}

export const buttons: ButtonHandlers = {
  /** Previous/next page: edits the message in place. */
  page: async (interaction, ctx, { observation, page, lang }) => {
    const section = ctx.engine.observation(observation);
    if (!section) throw new TypeError(`no observation ${observation} in this talk`);
    await interaction.update({ ...observationPayload(section, page, ctx.engine.talk, lang), allowedMentions: NO_MENTIONS });
  },
  /** 原文 / Original: the page as written, only for the person who clicked. */
  originalPage: async (interaction, ctx, { observation, page, lang }) => {
    const section = ctx.engine.observation(observation);
    if (!section) throw new TypeError(`no observation ${observation} in this talk`);
    await interaction.reply({ ...originalPagePayload(section, page, ctx.engine.talk, lang), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
};
