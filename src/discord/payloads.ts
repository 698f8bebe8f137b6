/**
 * Renders the answer model as Discord message payloads (plain API JSON: embeds, buttons). Pure functions:
 * the commands send what these return, and tests check it against Discord's limits.
 */
import type { AnswerEngine } from '../engine/answer-engine.ts';
import type { Answer } from '../engine/answer.ts';
import type { Timeline } from '../engine/timeline.ts';
import type { Section } from '../talk/types.ts';
import { encodeButton } from './custom-ids.ts';
import { LIMITS } from './limits.ts';
import { truncate } from '../text/strings.ts';
import { escapeUserText } from './safety.ts';
import { escapeMarkdown } from 'discord.js';
import { sectionLabel, talkLabel } from '../render/citation.ts';
import { LABELS, notCoveredLine, type Lang } from '../render/labels.ts';
import { excerpt, markTerms } from '../render/terminal.ts';
import { factAnswerPayload } from './talk-card.ts';

export interface Embed {
  title?: string;
  /** Makes the title a link. */
  url?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  image?: { url: string };
}

export interface Button {
  type: 2;
  style: 1 | 2;
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export interface Payload {
  content?: string;
  embeds: Embed[];
  components: { type: 1; components: Button[] }[];
}

const COLOR = { answer: 0x3b82f6, notCovered: 0x9ca3af, timeline: 0xf59e0b, observation: 0x10b981 };
const SHORT_FIELD = 300;
/** Page numbers in button ids have at most two digits (see custom-ids.ts). */
const MAX_PAGE = 99;

/** Paragraph text as markdown: escaped, matched terms in bold. */
function quote(text: string, terms: readonly string[]): string {
  return markTerms(escapeMarkdown(text), terms.map((t) => escapeMarkdown(t)), (t) => `**${t}**`);
}

function button(label: string, customId: string, style: 1 | 2 = 2): Button {
  return { type: 2, style, label: truncate(label, LIMITS.buttonLabel), custom_id: customId };
}

/**
 * The reply to /ask. With `feedbackFor` (the ask's id) the answer carries 👍/👎 buttons that vote on it.
 */
export function answerPayload(answer: Answer, engine: AnswerEngine, lang: Lang, feedbackFor?: string): Payload {
  const l = LABELS[lang];
  const title = truncate(escapeUserText(answer.query), LIMITS.embedTitle);
  const footer = { text: talkLabel(engine.talk.meta, lang) };
  if (answer.fact && answer.answered) return factAnswerPayload(answer, engine.talk, lang);
  const [best, ...rest] = answer.results;
  if (!answer.answered || !best) {
    const covers = engine.talk.sections.filter((s) => s.number).map((s) => `• ${escapeMarkdown(sectionLabel(s, lang))}`);
    return {
      embeds: [{ title, color: COLOR.notCovered, description: truncate([`**${notCoveredLine(answer.reason, lang)}**`, '', l.talkCovers, ...covers].join('\n'), LIMITS.embedDescription), footer }],
      components: [],
    };
  }
  const section = engine.paragraph(best.id)!.section;
  const citation = `— ${escapeMarkdown(sectionLabel(section, lang))} · \`${best.id}\``;
  const description = truncate(`>>> ${quote(best.text, best.terms)}`, LIMITS.embedDescription - citation.length - 2) + `\n\n${citation}`;
  const fields = rest.slice(0, 2).map((r) => ({
    name: truncate(`${sectionLabel(engine.paragraph(r.id)!.section, lang)} · ${r.id}`, LIMITS.fieldName),
    value: truncate(quote(excerpt(r.text, SHORT_FIELD), r.terms), LIMITS.fieldValue),
  }));
  const buttons = [button(l.context, encodeButton({ kind: 'context', paragraphId: best.id, lang }))];
  if (rest.length > 0) {
    buttons.push(button(l.moreResults, encodeButton({ kind: 'more', paragraphIds: answer.results.map((r) => r.id), lang })));
  }
  if (feedbackFor) {
    buttons.push(button('👍', encodeButton({ kind: 'vote', vote: 1, askId: feedbackFor, lang })));
    buttons.push(button('👎', encodeButton({ kind: 'vote', vote: -1, askId: feedbackFor, lang })));
  }
  return {
    embeds: [{ title, color: COLOR.answer, description, fields, footer }],
    components: [{ type: 1, components: buttons }],
  };
}

/** The paragraphs before and after one, for the Context button. */
export function contextPayload(paragraphId: string, engine: AnswerEngine, lang: Lang): Payload {
  const found = engine.paragraph(paragraphId)!;
  const order = engine.talk.sections.flatMap((s) => s.paragraphs);
  const at = order.findIndex((p) => p.id === paragraphId);
  const window = order.slice(Math.max(0, at - 1), at + 2);
  const perParagraph = Math.floor((LIMITS.embedDescription - 200) / window.length);
  const description = window
    .map((p) => {
      const text = truncate(escapeMarkdown(p.text), perParagraph);
      return p.id === paragraphId ? `**\`${p.id}\`** ${text}` : `\`${p.id}\` ${text}`;
    })
    .join('\n\n');
  return {
    embeds: [{ title: truncate(`${LABELS[lang].context} · ${sectionLabel(found.section, lang)}`, LIMITS.embedTitle), color: COLOR.answer, description, footer: { text: talkLabel(engine.talk.meta, lang) } }],
    components: [],
  };
}

/** All results of an answer, each as a field, for the More results button. */
export function moreResultsPayload(paragraphIds: string[], engine: AnswerEngine, lang: Lang): Payload {
  const fields = paragraphIds.slice(0, 5).map((id) => {
    const { paragraph, section } = engine.paragraph(id)!;
    return { name: truncate(`${sectionLabel(section, lang)} · ${id}`, LIMITS.fieldName), value: truncate(escapeMarkdown(paragraph.text), LIMITS.fieldValue) };
  });
  return { embeds: [{ title: LABELS[lang].moreResults, color: COLOR.answer, fields, footer: { text: talkLabel(engine.talk.meta, lang) } }], components: [] };
}

export function timelinePayload(timeline: Timeline, engine: AnswerEngine, lang: Lang, chartFile?: string): Payload {
  const l = LABELS[lang];
  const status = { arrived: `✅ ${l.arrived}`, 'in-window': `⏳ ${l.inWindow}`, ahead: `🔭 ${l.ahead}` };
  const fields = timeline.entries.map((e) => {
    const years = e.implied.from === e.implied.to ? `${e.implied.from}` : `${e.implied.from}–${e.implied.to}`;
    const name = lang === 'zh' ? `${e.person.zh} (${e.person.en})` : e.person.en;
    const role = lang === 'zh' ? e.person.role : e.person.roleEn;
    const summary = lang === 'zh' ? e.implied.summary : e.implied.summaryEn;
    return {
      name: truncate(`${years} · ${name} · ${status[e.status]}`, LIMITS.fieldName),
      value: truncate(`「${escapeMarkdown(e.quote)}」 — ${escapeMarkdown(summary)}\n${escapeMarkdown(role)} · \`${e.paragraphId}\``, LIMITS.fieldValue),
    };
  });
  const description = `${timeline.talkDate ? `${l.talkDate} ${timeline.talkDate} · ` : ''}${l.asOf} ${timeline.today}`;
  return {
    embeds: [{ title: truncate(timeline.topic?.[lang] ?? l.timelineTitle, LIMITS.embedTitle), color: COLOR.timeline, description, fields, footer: { text: talkLabel(engine.talk.meta, lang) }, ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}) }],
    components: [],
  };
}

/** One observation whole, split into pages that each fit an embed, with previous/next buttons. */
export function observationPayload(section: Section, page: number, engine: AnswerEngine, lang: Lang): Payload {
  const pages = observationPages(section);
  const whole = Number.isNaN(page) ? 0 : Math.trunc(page);
  const current = Math.min(Math.max(whole, 0), pages.length - 1);
  const l = LABELS[lang];
  const footer = { text: truncate(`${talkLabel(engine.talk.meta, lang)} · ${l.page} ${current + 1}/${pages.length}`, LIMITS.footerText) };
  const components: Payload['components'] =
    pages.length > 1
      ? [{
          type: 1,
          components: [
            { ...button(l.previous, encodeButton({ kind: 'page', observation: section.number!, page: current - 1, lang })), disabled: current === 0 },
            { ...button(l.next, encodeButton({ kind: 'page', observation: section.number!, page: current + 1, lang }), 1), disabled: current === pages.length - 1 || current >= MAX_PAGE },
          ],
        }]
      : [];
  return {
    embeds: [{ title: truncate(sectionLabel(section, lang), LIMITS.embedTitle), color: COLOR.observation, description: pages[current]!, footer }],
    components,
  };
}

/** Paragraphs grouped into pages of at most one embed description; a paragraph is never split. */
export function observationPages(section: Section, max: number = LIMITS.embedDescription): string[] {
  const pages: string[] = [];
  let page = '';
  for (const p of section.paragraphs) {
    const block = truncate(`\`${p.id}\` ${escapeMarkdown(p.text)}`, max);
    if (page && page.length + 2 + block.length > max) {
      pages.push(page);
      page = '';
    }
    page = page ? `${page}\n\n${block}` : block;
  }
  pages.push(page);
  return pages;
}

/** A short ephemeral notice (bad input, cooldown, tampered button). */
export function noticePayload(text: string): Payload {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [] };
}
