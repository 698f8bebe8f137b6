/** /timeline — the AGI predictions quoted in the talk, set against today, with a chart. */
import { AttachmentBuilder, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/bot/context.ts';
import type { Responder } from '../src/bot/responder.ts';
import { NO_MENTIONS } from '../src/bot/safety.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { timelinePayload } from '../src/render/discord.ts';
import { langOf } from '../src/render/labels.ts';
import { renderTimelineChart } from '../src/render/timeline-chart.ts';

export const CHART_FILE = 'agi-timeline.png';

export const data = new SlashCommandBuilder()
  .setName('timeline')
  .setNameLocalizations({ 'zh-CN': '时间线', 'zh-TW': '時間線' })
  .setDescription('When will AGI arrive? The predictions quoted in the talk, with a chart')
  .setDescriptionLocalizations({ 'zh-CN': 'AGI 何时到来?演讲引用的预测与图表', 'zh-TW': 'AGI 何時到來?演講引用的預測與圖表' });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext, respond: Responder): Promise<void> {
  const lang = langOf(interaction.locale);
  // Rendering the chart takes tens of milliseconds on a busy machine: acknowledge first, then edit.
  await respond.defer();
  const timeline = buildTimeline(ctx.engine.talk, ctx.now());
  const chart = renderTimelineChart(ctx.engine.talk.predictions, ctx.now(), { locale: lang });
  await respond.send({
    ...timelinePayload(timeline, ctx.engine, lang, CHART_FILE),
    files: [new AttachmentBuilder(chart, { name: CHART_FILE, description: 'AGI timeline' })],
    allowedMentions: NO_MENTIONS,
  });
}
