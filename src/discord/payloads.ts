/**
 * Renders the answer model as Discord message payloads (plain API JSON: embeds, buttons). Pure functions
 * of the answer and the talk's data (never the engine): the commands send what these return, and tests
 * check it against Discord's limits and parse its markdown.
 *
 * The reader's language shapes the quote: Simplified Chinese as spoken; Traditional for zh-tw with the
 * Simplified original a button away; for English the project's translation, labelled as such, with the
 * original Chinese below it (or, for a talk without a translation, the original and a line saying so).
 */
import type { Answer, Match } from '../engine/answer.ts';
import type { Timeline } from '../engine/timeline.ts';
import { sectionLabel, sectionOfMatch, talkLabel } from '../render/citation.ts';
import { byLang, inScript, LABELS, notCoveredLine, type Lang } from '../render/labels.ts';
import { listLines, quoteParts, translationNote, translationOf, translationParts } from '../render/quote.ts';
import { findParagraph } from '../talk/lookup.ts';
import type { Paragraph, Section, Talk } from '../talk/types.ts';
import { truncate } from '../text/strings.ts';
import { encodeButton, type ButtonAction } from './custom-ids.ts';
import { LIMITS } from './limits.ts';
import { blockQuote, escapeMarkdown, escapeWithin, markdownQuote } from './markdown.ts';
import { escapeUserText } from './safety.ts';
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
/** The other matches of an answer: at most this many characters of each. */
const SHORT_FIELD = 300;
/** Each item of a list an answer carries: at most this many characters. */
const LIST_ITEM_CHARS = 160;
/** Page numbers in button ids have at most two digits (see custom-ids.ts). */
const MAX_PAGE = 99;

function button(label: string, action: ButtonAction, style: 1 | 2 = 2): Button {
  return { type: 2, style, label: truncate(label, LIMITS.buttonLabel), custom_id: encodeButton(action) };
}

/** The button that shows the Simplified original, for readers shown something else (English, Traditional). */
function originalButton(lang: Lang, action: Extract<ButtonAction, { kind: 'original' | 'originalPage' }>): Button[] {
  if (lang === 'zh') return [];
  return [button(lang === 'en' ? LABELS.en.originalButton : LABELS['zh-tw'].simplifiedOriginal, action)];
}

/** A match's section, cited. */
function matchSection(m: Match, lang: Lang): string {
  return sectionLabel(sectionOfMatch(m), lang);
}

/**
 * The quote of the best match in at most `max` units: for zh / zh-tw the paragraph with its key sentence
 * in bold; for en the project's translation under a line that says whose it is, then the original with
 * its key in bold — or, with no translation, a line saying so and the original.
 */
function answerQuote(best: Match, lang: Lang, max: number): string {
  const original = (room: number) => blockQuote(markdownQuote(quoteParts(best.text, best.key, lang), room - 2));
  if (lang !== 'en') return original(max);
  const l = LABELS.en;
  const translation = translationOf(best, lang);
  if (!translation) return `${l.noTranslation}\n${original(max - l.noTranslation.length - 1)}`;
  const head = `${translationNote(true, true)}\n`;
  const originalHead = `\n\n**${l.original}**\n`;
  const originalPart = original(Math.min(Math.floor((max - head.length - originalHead.length) / 2), 1200));
  const translated = blockQuote(markdownQuote(translationParts(best), max - head.length - originalHead.length - originalPart.length - 2));
  return `${head}${translated}${originalHead}${originalPart}`;
}

/**
 * The reply to /ask. With `feedbackFor` (the ask's id) the answer carries 👍/👎 buttons that vote on it.
 */
export function answerPayload(answer: Answer, talk: Talk, lang: Lang, feedbackFor?: string): Payload {
  const l = LABELS[lang];
  const title = truncate(escapeUserText(answer.query), LIMITS.embedTitle);
  const footer = { text: talkLabel(talk.meta, lang) };
  if (answer.fact && answer.answered) return factAnswerPayload(answer, talk, lang);
  const [best, ...rest] = answer.results;
  if (!answer.answered || !best) {
    const covers = talk.sections.filter((s) => s.number).map((s) => `• ${escapeMarkdown(sectionLabel(s, lang))}`);
    return {
      embeds: [{ title, color: COLOR.notCovered, description: truncate([`**${notCoveredLine(answer.reason, lang)}**`, '', l.talkCovers, ...covers].join('\n'), LIMITS.embedDescription), footer }],
      components: [],
    };
  }
  const citation = `— ${escapeMarkdown(matchSection(best, lang))} · \`${best.id}\``;
  const description = `${answerQuote(best, lang, LIMITS.embedDescription - citation.length - 2)}\n\n${citation}`;
  const list = listLines(best, lang);
  // Matches that are items of the list shown are not shown again.
  const others = rest.filter((r) => !best.listItems?.some((item) => item.id === r.id));
  const fields = [
    ...(list.length > 0 ? [{ name: l.listItems, value: escapeWithin(list.map((line) => truncate(line, LIST_ITEM_CHARS)).join('\n'), LIMITS.fieldValue) }] : []),
    ...others.slice(0, 2).map((r) => ({
      name: truncate(`${matchSection(r, lang)} · ${r.id}`, LIMITS.fieldName),
      value: escapeWithin(keyOrStart(r, lang), LIMITS.fieldValue),
    })),
  ];
  const buttons = [button(l.context, { kind: 'context', paragraphId: best.id, lang }), ...originalButton(lang, { kind: 'original', paragraphId: best.id, lang })];
  if (rest.length > 0) buttons.push(button(l.moreResults, { kind: 'more', paragraphIds: answer.results.map((r) => r.id), lang }));
  if (feedbackFor) {
    buttons.push(button('👍', { kind: 'vote', vote: 1, askId: feedbackFor, lang }));
    buttons.push(button('👎', { kind: 'vote', vote: -1, askId: feedbackFor, lang }));
  }
  return {
    embeds: [{ title, color: COLOR.answer, description, fields, footer }],
    components: [{ type: 1, components: buttons }],
  };
}

/**
 * What a further match shows: its translation for en (the project's), else its key sentence (from the start
 * of the paragraph when it has none), at most SHORT_FIELD characters.
 */
function keyOrStart(m: Match, lang: Lang): string {
  const translation = translationOf(m, lang);
  if (translation) return truncate(translation, SHORT_FIELD);
  const text = m.key ? m.text.slice(m.key.start) : m.text;
  return inScript(truncate(text, SHORT_FIELD), lang);
}

/** A paragraph as the reader reads it: the project's English for en (the original when there is none), Traditional for zh-tw. */
function readable(p: Paragraph, lang: Lang): string {
  return lang === 'en' ? (p.enrichment?.en ?? p.text) : inScript(p.text, lang);
}

/** The line that opens a text shown in English: the translation is the project's; or none exists. */
function noteFor(paragraphs: Paragraph[], lang: Lang): string {
  if (lang !== 'en') return '';
  return `${translationNote(paragraphs.every((p) => p.enrichment?.en))}\n`;
}

/** The paragraphs before and after one, for the Context button. */
export function contextPayload(paragraphId: string, talk: Talk, lang: Lang): Payload {
  const found = findParagraph(talk, paragraphId)!;
  const order = talk.sections.flatMap((s) => s.paragraphs);
  const at = order.findIndex((p) => p.id === paragraphId);
  const window = order.slice(Math.max(0, at - 1), at + 2);
  const note = noteFor(window, lang);
  const perParagraph = Math.floor((LIMITS.embedDescription - 200 - note.length) / window.length);
  const description =
    note +
    window
      .map((p) => {
        const text = escapeWithin(readable(p, lang), perParagraph);
        return p.id === paragraphId ? `**\`${p.id}\`** ${text}` : `\`${p.id}\` ${text}`;
      })
      .join('\n\n');
  return {
    embeds: [{ title: truncate(`${LABELS[lang].context} · ${sectionLabel(found.section, lang)}`, LIMITS.embedTitle), color: COLOR.answer, description, footer: { text: talkLabel(talk.meta, lang) } }],
    components: [],
  };
}

/** "Original (Chinese) · 观察 6「…」" / "簡體原文 · 观察 6「…」": the label in the reader's language, the section as written. */
function originalTitle(section: Section, lang: Lang): string {
  return `${lang === 'en' ? LABELS.en.original : LABELS[lang].simplifiedOriginal} · ${sectionLabel(section, 'zh')}`;
}

/** The paragraph as written (Simplified Chinese), for the 原文 / Original button. */
export function originalPayload(paragraphId: string, talk: Talk, lang: Lang): Payload {
  const { paragraph, section } = findParagraph(talk, paragraphId)!;
  const title = originalTitle(section, lang);
  return {
    embeds: [{ title: truncate(title, LIMITS.embedTitle), color: COLOR.answer, description: `${escapeWithin(paragraph.text, LIMITS.embedDescription - paragraphId.length - 5)}\n\n\`${paragraphId}\``, footer: { text: talkLabel(talk.meta, 'zh') } }],
    components: [],
  };
}

/** All results of an answer, each as a field, for the More results button. */
export function moreResultsPayload(paragraphIds: string[], talk: Talk, lang: Lang): Payload {
  const paragraphs = paragraphIds.slice(0, 5).map((id) => findParagraph(talk, id)!);
  const fields = paragraphs.map(({ paragraph, section }) => ({
    name: truncate(`${sectionLabel(section, lang)} · ${paragraph.id}`, LIMITS.fieldName),
    value: escapeWithin(readable(paragraph, lang), LIMITS.fieldValue),
  }));
  const note = noteFor(paragraphs.map((p) => p.paragraph), lang);
  return {
    embeds: [{ title: LABELS[lang].moreResults, color: COLOR.answer, ...(note ? { description: note.trim() } : {}), fields, footer: { text: talkLabel(talk.meta, lang) } }],
    components: [],
  };
}

export function timelinePayload(timeline: Timeline, talk: Talk, lang: Lang, chartFile?: string): Payload {
  const l = LABELS[lang];
  const status = { arrived: `✅ ${l.arrived}`, 'in-window': `⏳ ${l.inWindow}`, ahead: `🔭 ${l.ahead}` };
  const fields = timeline.entries.map((e) => {
    const years = e.implied.from === e.implied.to ? `${e.implied.from}` : `${e.implied.from}–${e.implied.to}`;
    const name = byLang(lang, `${e.person.zh} (${e.person.en})`, e.person.en);
    const role = byLang(lang, e.person.role, e.person.roleEn);
    const quote = `「${escapeMarkdown(inScript(e.quote, lang))}」`;
    // English: the project's summary first, the speaker's words as quoted in the original after it.
    const value =
      lang === 'en'
        ? `${escapeMarkdown(e.implied.summaryEn)}\n${LABELS.en.original}: ${quote}\n${escapeMarkdown(role)} · \`${e.paragraphId}\``
        : `${quote} — ${escapeMarkdown(inScript(e.implied.summary, lang))}\n${escapeMarkdown(role)} · \`${e.paragraphId}\``;
    return { name: truncate(`${years} · ${name} · ${status[e.status]}`, LIMITS.fieldName), value: truncate(value, LIMITS.fieldValue) };
  });
  const description = `${timeline.talkDate ? `${l.talkDate} ${timeline.talkDate} · ` : ''}${l.asOf} ${timeline.today}`;
  const title = timeline.topic ? byLang(lang, timeline.topic.zh, timeline.topic.en) : l.timelineTitle;
  return {
    embeds: [{ title: truncate(title, LIMITS.embedTitle), color: COLOR.timeline, description, fields, footer: { text: talkLabel(talk.meta, lang) }, ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}) }],
    components: [],
  };
}

/** One observation whole, split into pages that each fit an embed, with previous/next (and original) buttons. */
export function observationPayload(section: Section, page: number, talk: Talk, lang: Lang): Payload {
  const groups = observationPageGroups(section, lang);
  const current = clampPage(page, groups.length);
  const l = LABELS[lang];
  const footer = { text: truncate(`${talkLabel(talk.meta, lang)} · ${l.page} ${current + 1}/${groups.length}`, LIMITS.footerText) };
  const number = section.number!;
  const paging =
    groups.length > 1
      ? [
          { ...button(l.previous, { kind: 'page', observation: number, page: current - 1, lang }), disabled: current === 0 },
          { ...button(l.next, { kind: 'page', observation: number, page: current + 1, lang }, 1), disabled: current === groups.length - 1 || current >= MAX_PAGE },
        ]
      : [];
  const buttons = [...paging, ...originalButton(lang, { kind: 'originalPage', observation: number, page: current, lang })];
  return {
    embeds: [{ title: truncate(sectionLabel(section, lang), LIMITS.embedTitle), color: COLOR.observation, description: renderPage(groups[current]!, lang), footer }],
    components: buttons.length > 0 ? [{ type: 1, components: buttons }] : [],
  };
}

/** A page of an observation as written (Simplified), for the original button of a translated or Traditional page. */
export function originalPagePayload(section: Section, page: number, talk: Talk, lang: Lang): Payload {
  const groups = observationPageGroups(section, lang);
  const paragraphs = groups[clampPage(page, groups.length)]!;
  const title = originalTitle(section, lang);
  return {
    embeds: [{ title: truncate(title, LIMITS.embedTitle), color: COLOR.observation, description: renderPage(paragraphs, 'zh'), footer: { text: talkLabel(talk.meta, 'zh') } }],
    components: [],
  };
}

function clampPage(page: number, pages: number): number {
  const whole = Number.isNaN(page) ? 0 : Math.trunc(page);
  return Math.min(Math.max(whole, 0), pages - 1);
}

/** One paragraph of a page: its id, then its text for the reader, cut to `max` when it alone is too long. */
function pageBlock(p: Paragraph, lang: Lang, max: number): string {
  const head = `\`${p.id}\` `;
  return head + escapeWithin(readable(p, lang), max - head.length);
}

function renderPage(paragraphs: Paragraph[], lang: Lang, max: number = LIMITS.embedDescription): string {
  const note = noteFor(paragraphs, lang);
  return note + paragraphs.map((p) => pageBlock(p, lang, max - note.length)).join('\n\n');
}

/** Paragraphs grouped into pages of at most one embed description in `lang`; a paragraph is never split. */
function observationPageGroups(section: Section, lang: Lang, max: number = LIMITS.embedDescription): Paragraph[][] {
  const groups: Paragraph[][] = [];
  let group: Paragraph[] = [];
  for (const p of section.paragraphs) {
    const candidate = [...group, p];
    if (group.length > 0 && renderPage(candidate, lang, max).length > max) {
      groups.push(group);
      group = [p];
    } else group = candidate;
  }
  groups.push(group);
  return groups;
}

/** The pages of an observation as the reader sees them. */
export function observationPages(section: Section, max: number = LIMITS.embedDescription, lang: Lang = 'zh'): string[] {
  return observationPageGroups(section, lang, max).map((g) => renderPage(g, lang, max));
}

/** A short ephemeral notice (bad input, cooldown, tampered button). */
export function noticePayload(text: string): Payload {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [] };
}
