/** Renders answers, the timeline and observations as plain text for a terminal (CLI and console). */
import type { Answer } from '../engine/answer.ts';
import type { Timeline } from '../engine/timeline.ts';
import type { Section, Talk } from '../talk/types.ts';
import { truncateChars } from '../text/strings.ts';
import { listLines, quoteParts, translationNote, translationOf, translationParts } from './quote.ts';
import { sectionLabel, sectionOfMatch, talkLabel } from './citation.ts';
import { byLang, inScript, LABELS, notCoveredLine, type Lang } from './labels.ts';
import { renderFactAnswer } from './talk-card.ts';

export interface TerminalStyle {
  /** Marks the key sentence of a quote. */
  mark: (term: string) => string;
  dim: (text: string) => string;
}

export const PLAIN: TerminalStyle = { mark: (t) => `【${t}】`, dim: (t) => t };
export const ANSI: TerminalStyle = { mark: (t) => `\x1b[1;33m${t}\x1b[0m`, dim: (t) => `\x1b[2m${t}\x1b[0m` };

/**
 * The reply to a question as plain text. The quote is the paragraph with its key sentence marked, in the
 * reader's script; for English, the project's translation first (labelled) and the original after it.
 */
export function renderAnswer(answer: Answer, talk: Talk, lang: Lang, style: TerminalStyle = PLAIN): string {
  const l = LABELS[lang];
  const lines: string[] = [];
  if (answer.fact && answer.answered) return renderFactAnswer(answer, talk, lang);
  if (!answer.answered) {
    lines.push(notCoveredLine(answer.reason, lang), l.talkCovers);
    for (const s of talk.sections) if (s.number) lines.push(`  ${sectionLabel(s, lang)}`);
    if (answer.results.length > 0) {
      lines.push(style.dim(`${l.weakCandidates}: ${answer.results.slice(0, 3).map((r) => r.id).join(', ')}`));
    }
    return lines.join('\n');
  }
  const [best, ...rest] = answer.results;
  if (!best) return l.notCovered;
  const { before, key, after } = quoteParts(best.text, best.key, lang);
  const quote = `「${before}${key ? style.mark(key) : ''}${after}」`;
  lines.push(`${sectionLabel(sectionOfMatch(best), lang)} · ${best.id}`);
  const translation = translationOf(best, lang);
  const list = listLines(best, lang).map((line) => `  ${line}`);
  if (lang === 'en') lines.push(style.dim(translationNote(Boolean(translation), Boolean(translation))));
  // The list follows what introduces it: the translation when there is one, else the quote.
  const translated = translationParts(best);
  if (translation) lines.push(`“${translated.before}${translated.key ? style.mark(translated.key) : ''}${translated.after}”`, ...list, '', `${l.original}:`, quote);
  else lines.push(quote, ...list);
  lines.push(style.dim(`— ${talkLabel(talk.meta, lang)}`));
  const others = rest.filter((r) => !best.listItems?.some((item) => item.id === r.id));
  if (others.length > 0) {
    lines.push('', `${l.alsoRelevant}:`);
    for (const r of others.slice(0, 2)) lines.push(`  ${r.id}  ${excerpt(translationOf(r, lang) ?? inScript(r.text, lang), 60)}`);
  }
  return lines.join('\n');
}

export function renderTimeline(timeline: Timeline, lang: Lang): string {
  const l = LABELS[lang];
  const status = { arrived: l.arrived, 'in-window': l.inWindow, ahead: l.ahead };
  if (timeline.entries.length === 0) return l.noPredictions;
  const lines = [
    timeline.topic ? byLang(lang, timeline.topic.zh, timeline.topic.en) : l.timelineTitle,
    `${timeline.talkDate ? `${l.talkDate} ${timeline.talkDate} · ` : ''}${l.asOf} ${timeline.today}`,
    '',
  ];
  for (const e of timeline.entries) {
    const years = e.implied.from === e.implied.to ? `${e.implied.from}` : `${e.implied.from}–${e.implied.to}`;
    const name = byLang(lang, `${e.person.zh} (${e.person.en})`, e.person.en);
    const quote = `「${inScript(e.quote, lang)}」`;
    lines.push(
      lang === 'en'
        ? `${years.padEnd(9)} [${status[e.status]}] ${name}: ${e.implied.summaryEn} (${l.original}: ${quote}) · ${e.paragraphId}`
        : `${years.padEnd(9)} [${status[e.status]}] ${name}: ${quote} — ${inScript(e.implied.summary, lang)} · ${e.paragraphId}`,
    );
  }
  return lines.join('\n');
}

/** An observation whole: for English each paragraph's translation (labelled once), for zh-tw in Traditional. */
export function renderObservation(section: Section, talk: Talk, lang: Lang): string {
  const lines = [sectionLabel(section, lang), ''];
  if (lang === 'en') lines.push(translationNote(section.paragraphs.every((p) => p.enrichment?.en)), '');
  for (const p of section.paragraphs) lines.push(`[${p.id}] ${lang === 'en' ? (p.enrichment?.en ?? p.text) : inScript(p.text, lang)}`, '');
  lines.push(`— ${talkLabel(talk.meta, lang)}`);
  return lines.join('\n');
}

/** The start of a text, at most `max` characters. */
export const excerpt = truncateChars;
