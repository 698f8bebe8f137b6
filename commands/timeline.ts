/** /timeline — the predictions quoted in the talk (predictions.json), set against today, with a chart. */
import { AttachmentBuilder, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { NO_MENTIONS } from '../src/discord/safety.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { noticePayload, timelinePayload } from '../src/discord/payloads.ts';
import { LABELS, langOf } from '../src/render/labels.ts';
import { servedTalk } from '../src/talk/load-corpus.ts';
import { toTraditional } from '../src/text/normalize.ts';
import { truncate } from '../src/text/strings.ts';
import { LIMITS } from '../src/discord/limits.ts';
import { renderTimelineChart } from '../src/render/timeline-chart.ts';

export const CHART_FILE = 'timeline.png';

/** The description names what the predictions are about when the corpus says (predictions.json "topic"). */
const topic = servedTalk().predictionTopic;
export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setNameLocalizations({ 'zh-CN': '时间线', 'zh-TW': '時間線' })
  .setDescription(truncate(topic ? `${topic.en}, with a chart` : 'The predictions quoted in the talk, with a chart', LIMITS.commandDescription))
  .setDescriptionLocalizations({
    'zh-CN': truncate(topic ? `${topic.zh}(附图表)` : '演讲引用的预测与图表', LIMITS.commandDescription),
    'zh-TW': truncate(toTraditional(topic ? `${topic.zh}(附图表)` : '演讲引用的预测与图表'), LIMITS.commandDescription),
  });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  // Rendering the chart takes tens of milliseconds on a busy machine: acknowledge first, then edit.
  await respond.defer();
  const timeline = buildTimeline(ctx.engine.talk, ctx.now());
  const { talk } = ctx.engine;
  if (talk.predictions.length === 0) {
    await respond.send({ ...noticePayload(LABELS[lang].noPredictions), allowedMentions: NO_MENTIONS });
    return;
  }
  const chart = renderTimelineChart(talk.predictions, ctx.now(), {
    // The chart's bundled font covers the Simplified text it draws; zh-tw readers get that chart too.
    locale: lang === 'en' ? 'en' : 'zh',
    ...(talk.meta.date ? { talkDate: talk.meta.date } : {}),
    ...(talk.predictionTopic ? { title: talk.predictionTopic } : {}),
  });
  await respond.send({
    ...timelinePayload(timeline, ctx.engine.talk, lang, CHART_FILE),
    files: [new AttachmentBuilder(chart, { name: CHART_FILE, description: talk.predictionTopic?.en ?? 'timeline' })],
    allowedMentions: NO_MENTIONS,
  });
}
