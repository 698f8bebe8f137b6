/** /ask question — the best-matching paragraphs, quoted and cited; or an honest "not covered". */
import { MessageFlags, SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext, ButtonHandlers } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { optionText } from '../src/discord/options.ts';
import { cleanText, truncate } from '../src/text/strings.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { suggestQuestions } from '../src/engine/suggestions.ts';
import { checkQuestion, MAX_QUESTION_CHARS } from '../src/engine/user-input.ts';
import { answerPayload, contextPayload, moreResultsPayload, noticePayload, originalPayload } from '../src/discord/payloads.ts';
import { byLang, inScript, LABELS, langOf } from '../src/render/labels.ts';
import { servedTalk } from '../src/talk/load-corpus.ts';
import { toTraditional } from '../src/text/normalize.ts';

/** The description names the talk served (TALK_DIR or corpus/), from its front matter. */
const { meta } = servedTalk();
const describedZh = `就${meta.speaker.name}的演讲《${meta.talkTitle}》提问`;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setNameLocalizations({ 'zh-CN': '提问', 'zh-TW': '提問' })
  .setDescription(truncate(`Ask about the talk “${meta.titleEn}”`, LIMITS.commandDescription))
  .setDescriptionLocalizations({ 'zh-CN': truncate(describedZh, LIMITS.commandDescription), 'zh-TW': truncate(toTraditional(describedZh), LIMITS.commandDescription) })
  .addStringOption((o) =>
    o
      .setName('question')
      .setNameLocalizations({ 'zh-CN': '问题', 'zh-TW': '問題' })
      .setDescription('Your question, in Chinese or English')
      .setDescriptionLocalizations({ 'zh-CN': '你的问题(中文或英文)', 'zh-TW': '你的問題(中文或英文)' })
      .setRequired(true)
      .setMaxLength(MAX_QUESTION_CHARS)
      .setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  const raw = optionText(interaction, 'question');
  const checked = checkQuestion(raw);
  if (!checked.ok) {
    await respond.send({ ...noticePayload(byLang(lang, checked.message, checked.messageEn)), ephemeral: true, allowedMentions: NO_MENTIONS });
    return;
  }
  const answer = ctx.engine.ask(checked.question);
  // Queued before the reply, so a click on its 👍/👎 always finds it; written a moment later with others, so
  // the database never delays an answer (src/feedback/store.ts).
  ctx.feedback?.recordAsk({
    id: interaction.id,
    at: new Date(interaction.createdTimestamp),
    guildId: interaction.guildId,
    userId: interaction.user.id,
    question: checked.question,
    normalized: ctx.engine.segment(checked.question).words.join(' '),
    answered: answer.answered,
    topParagraphId: answer.results[0]?.id ?? null,
    topScore: answer.results[0]?.score ?? null,
  });
  await respond.send({ ...answerPayload(answer, ctx.engine.talk, lang, ctx.feedback && interaction.id), allowedMentions: NO_MENTIONS });
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '');
  const lang = langOf(interaction.locale);
  // Chinese suggestions in the reader's script (Traditional for zh-TW / zh-HK).
  const choices = suggestQuestions(ctx.engine, typed, lang === 'en' ? 'en' : 'zh')
    .map((s) => truncate(cleanText(inScript(s, lang)), LIMITS.choiceName))
    .filter((s) => s.trim() !== '')
    .map((s) => ({ name: s, value: s }));
  await interaction.respond(choices);
}

export const buttons: ButtonHandlers = {
  /** Context: the paragraphs around the quoted one, only for the person who clicked. */
  context: async (interaction, ctx, { paragraphId, lang }) => {
    await interaction.reply({ ...contextPayload(paragraphId, ctx.engine.talk, lang), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
  /** 原文 / Original: the quoted paragraph as written, for a reader shown a translation or Traditional characters. */
  original: async (interaction, ctx, { paragraphId, lang }) => {
    await interaction.reply({ ...originalPayload(paragraphId, ctx.engine.talk, lang), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
  /** More results: every match of the answer in full, only for the person who clicked. */
  more: async (interaction, ctx, { paragraphIds, lang }) => {
    await interaction.reply({ ...moreResultsPayload(paragraphIds, ctx.engine.talk, lang), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
  /** 👍/👎 on an answer: one vote per user per answer, a second click changes it; the voter sees a thank-you. */
  vote: async (interaction, ctx, { askId, vote, lang }) => {
    const l = LABELS[lang];
    // Only answers the bot recorded, in this server, can be voted on (false: never recorded; undefined: cannot tell now).
    if (!ctx.feedback || ctx.feedback.hasAsk(askId, interaction.guildId) === false) {
      await interaction.reply({ content: l.voteUnknown, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await interaction.reply({ content: vote > 0 ? l.thanksUp : l.thanksDown, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    ctx.feedback.recordVote({ askId, guildId: interaction.guildId, userId: interaction.user.id, vote });
  },
};
