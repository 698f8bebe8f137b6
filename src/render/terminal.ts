/** Renders answers, the timeline and observations as plain text for a terminal (CLI and console). */
import type { AnswerEngine } from '../engine/answer-engine.ts';
import type { Answer } from '../engine/answer.ts';
import type { Timeline } from '../engine/timeline.ts';
import type { Section, Talk } from '../talk/types.ts';
import { escapeRegExp, truncateChars } from '../text/strings.ts';
import { sectionLabel, talkLabel } from './citation.ts';
import { LABELS, notCoveredLine, type Lang } from './labels.ts';
import { renderFactAnswer } from './talk-card.ts';

export interface TerminalStyle {
  /** Marks a matched term inside a quote. */
  mark: (term: string) => string;
  dim: (text: string) => string;
}

export const PLAIN: TerminalStyle = { mark: (t) => `【${t}】`, dim: (t) => t };
export const ANSI: TerminalStyle = { mark: (t) => `\x1b[1;33m${t}\x1b[0m`, dim: (t) => `\x1b[2m${t}\x1b[0m` };

/** Wraps every occurrence of the terms in the text with `mark`, longest term first, never inside a mark. */
export function markTerms(text: string, terms: readonly string[], mark: (t: string) => string): string {
  if (terms.length === 0) return text;
  const pattern = new RegExp([...terms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return text.replace(pattern, (m) => mark(m));
}

export function renderAnswer(answer: Answer, engine: AnswerEngine, lang: Lang, style: TerminalStyle = PLAIN): string {
  const l = LABELS[lang];
  const lines: string[] = [];
  if (answer.fact && answer.answered) return renderFactAnswer(answer, engine.talk, lang);
  if (!answer.answered) {
    lines.push(notCoveredLine(answer.reason, lang), l.talkCovers);
    for (const s of engine.talk.sections) if (s.number) lines.push(`  ${sectionLabel(s, lang)}`);
    if (answer.results.length > 0) {
      lines.push(style.dim(`${l.weakCandidates}: ${answer.results.slice(0, 3).map((r) => r.id).join(', ')}`));
    }
    return lines.join('\n');
  }
  const [best, ...rest] = answer.results;
  if (!best) return l.notCovered;
  const section = engine.paragraph(best.id)!.section;
  lines.push(`${sectionLabel(section, lang)} · ${best.id}`);
  lines.push(`「${markTerms(best.text, best.terms, style.mark)}」`);
  lines.push(style.dim(`— ${talkLabel(engine.talk.meta, lang)}`));
  if (rest.length > 0) {
    lines.push('', `${l.alsoRelevant}:`);
    for (const r of rest.slice(0, 2)) lines.push(`  ${r.id}  ${excerpt(r.text, 60)}`);
  }
  return lines.join('\n');
}

export function renderTimeline(timeline: Timeline, lang: Lang): string {
  const l = LABELS[lang];
  const status = { arrived: l.arrived, 'in-window': l.inWindow, ahead: l.ahead };
  if (timeline.entries.length === 0) return l.noPredictions;
  const lines = [
    timeline.topic?.[lang] ?? l.timelineTitle,
    `${timeline.talkDate ? `${l.talkDate} ${timeline.talkDate} · ` : ''}${l.asOf} ${timeline.today}`,
    '',
  ];
  for (const e of timeline.entries) {
    const years = e.implied.from === e.implied.to ? `${e.implied.from}` : `${e.implied.from}–${e.implied.to}`;
    const name = lang === 'zh' ? `${e.person.zh} (${e.person.en})` : e.person.en;
    const summary = lang === 'zh' ? e.implied.summary : e.implied.summaryEn;
    lines.push(`${years.padEnd(9)} [${status[e.status]}] ${name}: 「${e.quote}」 — ${summary} · ${e.paragraphId}`);
  }
  return lines.join('\n');
}

export function renderObservation(section: Section, talk: Talk, lang: Lang): string {
  const lines = [sectionLabel(section, lang), ''];
  for (const p of section.paragraphs) lines.push(`[${p.id}] ${p.text}`, '');
  lines.push(`— ${talkLabel(talk.meta, lang)}`);
  return lines.join('\n');
}

/** The start of a text, at most `max` characters. */
export const excerpt = truncateChars;
