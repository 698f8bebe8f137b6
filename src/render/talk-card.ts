/**
 * The talk card — title, speaker and role, event, date, place, where it was published, the observations —
 * and answers about the talk itself (src/engine/talk-facts.ts) as text: the lines every front end shows
 * (src/discord/talk-card.ts builds Discord's payloads from them), and the terminal's rendering. Cited as
 * what they are: the talk's front matter and outline, plus the paragraphs whose text says the same.
 */
import type { Answer } from '../engine/answer.ts';
import { talkCard, type FactField, type FactRow } from '../engine/talk-facts.ts';
import type { Talk } from '../talk/types.ts';
import { truncateChars } from '../text/strings.ts';
import { talkLabel } from './citation.ts';
import { byLang, LABELS, type Lang } from './labels.ts';

const FIELD_LABEL = {
  title: 'cardTitle',
  speaker: 'cardSpeaker',
  role: 'cardRole',
  event: 'cardEvent',
  date: 'cardDate',
  place: 'cardPlace',
  publisher: 'cardPublisher',
  author: 'cardAuthor',
  editor: 'cardEditor',
  source: 'cardSource',
} as const satisfies Record<Exclude<FactField, 'observation'>, keyof (typeof LABELS)['en']>;

/** "演讲者:张宏江" / "Speaker: Zhang Hongjiang", one line a field; the observations as a numbered list. */
export function cardLines(rows: readonly FactRow[], lang: Lang, escape: (text: string) => string = (t) => t): string[] {
  const l = LABELS[lang];
  const colon = lang === 'en' ? ': ' : ':';
  const lines: string[] = [];
  for (const r of rows) if (r.field !== 'observation') lines.push(`${l[FIELD_LABEL[r.field]]}${colon}${escape(rowText(r, lang))}`);
  const observations = rows.filter((r) => r.field === 'observation');
  if (observations.length > 0) {
    lines.push(`${l.cardObservations}${colon.trim()}`);
    for (const o of observations) lines.push(`${o.number}. ${escape(rowText(o, lang))}`);
  }
  return lines;
}

/** A row's text for the reader: the English for English, the Chinese otherwise. */
export function rowText(row: FactRow, lang: Lang): string {
  return byLang(lang, row.zh, row.en);
}

/** What the rows are cited to: the front matter, the outline, or both. */
export function cardSource(rows: readonly FactRow[], lang: Lang): string {
  const l = LABELS[lang];
  const from = new Set(rows.map((r) => r.from));
  const sources = [from.has('front-matter') ? l.fromFrontMatter : '', from.has('outline') ? l.fromOutline : ''].filter(Boolean);
  return lang === 'en' ? `${l.source}: ${sources.join(', ')}` : `${l.source}:${sources.join('、')}`;
}

/** An answer about the talk itself, for the terminal: the card's lines, what they are cited to, where the text says so. */
export function renderFactAnswer(answer: Answer, talk: Talk, lang: Lang): string {
  const rows = answer.fact?.rows ?? [];
  const l = LABELS[lang];
  const lines = [...cardLines(rows, lang), `— ${cardSource(rows, lang)} · ${talkLabel(talk.meta, lang)}`];
  if (answer.results.length > 0) {
    lines.push('', `${l.statedIn}:`);
    for (const r of answer.results) lines.push(`  ${r.id}  ${truncateChars(r.text, 60)}`);
  }
  return lines.join('\n');
}

/** The whole card for the terminal (the console's /about). */
export function renderCard(talk: Talk, lang: Lang): string {
  const rows = talkCard(talk);
  return [...cardLines(rows, lang), `— ${cardSource(rows, lang)}`].join('\n');
}

