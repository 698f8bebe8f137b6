/** /observation number — one of the six observations (7 = the conclusion), whole, paged when long. */
import { SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { parseButton } from '../src/bot/custom-ids.ts';
import { NO_MENTIONS } from '../src/bot/safety.ts';
import { checkObservationNumber } from '../src/engine/user-input.ts';
import { observationPayload, noticePayload } from '../src/render/discord.ts';
import { langOf, type Lang } from '../src/render/labels.ts';
import { loadCorpus } from '../src/talk/load-corpus.ts';
import { DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';

/** Choice labels come from the corpus, so a corrected title shows up at the next deploy. */
const sections = loadCorpus(DEFAULT_CORPUS_DIR).sections.filter((s) => s.number);

export const data = new SlashCommandBuilder()
  .setName('observation')
  .setNameLocalizations({ 'zh-CN': '观察', 'zh-TW': '觀察' })
  .setDescription('One of the six observations (7 = conclusion), whole')
  .setDescriptionLocalizations({ 'zh-CN': '六点观察之一(7 = 结语),全文', 'zh-TW': '六點觀察之一(7 = 結語),全文' })
  .addIntegerOption((o) =>
    o
      .setName('number')
      .setNameLocalizations({ 'zh-CN': '编号', 'zh-TW': '編號' })
      .setDescription('Which observation')
      .setDescriptionLocalizations({ 'zh-CN': '第几点观察', 'zh-TW': '第幾點觀察' })
      .setRequired(true)
      .addChoices(
        ...sections.map((s) => ({
          name: `${s.number}. ${s.titleEn}`.slice(0, 100),
          name_localizations: { 'zh-CN': `${s.number}、${s.title}`.slice(0, 100), 'zh-TW': `${s.number}、${s.title}`.slice(0, 100) },
          value: s.number!,
        })),
      ),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  const checked = checkObservationNumber(interaction.options.getInteger('number', true));
  if (!checked.ok) {
    await respond.send({ ...noticePayload(lang === 'zh' ? checked.message : checked.messageEn), ephemeral: true, allowedMentions: NO_MENTIONS });
    return;
  }
  await respond.send({ ...observationPayload(ctx.engine.observation(checked.number)!, 0, ctx.engine, lang), allowedMentions: NO_MENTIONS });
}

export const buttons = {
  /** Previous/next page: edits the message in place. */
  obs: async (interaction: ButtonInteraction, ctx: BotContext, lang: Lang) => {
    const action = parseButton(interaction.customId, (id) => ctx.engine.paragraph(id) !== undefined);
    if (action?.kind !== 'page') throw new TypeError('routed a non-page button to obs');
    await interaction.update({ ...observationPayload(ctx.engine.observation(action.observation)!, action.page, ctx.engine, lang), allowedMentions: NO_MENTIONS });
  },
};
