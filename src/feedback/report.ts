/**
 * The coverage-gap report: what people asked that the talk could not answer, and what they marked wrong.
 * Always about servers: one server's (what /gaps shows its managers) or, for the operator's CLI, every
 * server's. Direct messages are recorded without a server and are in no report.
 */
import { cleanText } from '../text/strings.ts';
import type { FeedbackStore } from './store.ts';

/** Whose asks a report covers: one server, or (the operator, `talk-qa gaps`) every server. */
export type ReportScope = { guildId: string } | 'all-servers';

export interface GapReport {
  /** The server reported on; null: every server. */
  guildId: string | null;
  since: string;
  asks: number;
  answered: number;
  /** answered / asks; null when nothing was asked. */
  answerRate: number | null;
  /** Unanswered questions grouped by the engine's normalisation, most frequent first. */
  unanswered: { count: number; example: string; normalized: string }[];
  /** Paragraphs whose answers got the most 👎. */
  downvoted: { paragraphId: string; down: number; up: number; example: string }[];
  perDay: { day: string; asks: number; answered: number }[];
}

export function gapReport(store: FeedbackStore, since: Date, scope: ReportScope, limit = 10): GapReport {
  const db = store.db;
  // `where` filters the asks table (as `a`); its parameters come first in every query.
  const [where, params] =
    scope === 'all-servers' ? ['a.at >= ? AND a.guild_id IS NOT NULL', [since.getTime()]] : ['a.at >= ? AND a.guild_id = ?', [since.getTime(), scope.guildId]];
  const totals = db.prepare(`SELECT COUNT(*) AS asks, COALESCE(SUM(answered), 0) AS answered FROM asks a WHERE ${where}`).get(...params) as { asks: number; answered: number };
  const unanswered = db
    .prepare(`SELECT COUNT(*) AS count, MIN(question) AS example, normalized FROM asks a
              WHERE ${where} AND answered = 0 GROUP BY normalized ORDER BY count DESC, example LIMIT ?`)
    .all(...params, limit) as GapReport['unanswered'];
  const downvoted = db
    .prepare(`SELECT a.top_paragraph_id AS paragraphId, SUM(v.vote < 0) AS down, SUM(v.vote > 0) AS up, MIN(a.question) AS example
              FROM votes v JOIN asks a ON a.id = v.ask_id
              WHERE ${where} AND a.top_paragraph_id IS NOT NULL
              GROUP BY a.top_paragraph_id HAVING down > 0 ORDER BY down DESC, up ASC LIMIT ?`)
    .all(...params, limit) as GapReport['downvoted'];
  const perDay = db
    .prepare(`SELECT date(at / 1000, 'unixepoch') AS day, COUNT(*) AS asks, SUM(answered) AS answered
              FROM asks a WHERE ${where} GROUP BY day ORDER BY day`)
    .all(...params) as GapReport['perDay'];
  return {
    guildId: scope === 'all-servers' ? null : scope.guildId,
    since: since.toISOString(),
    asks: totals.asks,
    answered: totals.answered,
    answerRate: totals.asks === 0 ? null : Math.round((totals.answered / totals.asks) * 1000) / 1000,
    unanswered,
    downvoted,
    perDay,
  };
}

/** "7d", "24h", "30d" → the moment that long before `now`. */
export function parseSince(text: string, now: Date): Date | undefined {
  const m = /^(\d{1,4})([dh])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 3_600_000);
  return new Date(now.getTime() - ms);
}

export function renderGapReport(report: GapReport): string {
  const lines = [
    `${report.guildId === null ? 'All servers' : `Server ${report.guildId}`}, since ${report.since.slice(0, 10)}: ${report.asks} questions, ${report.answered} answered` +
      (report.answerRate === null ? '' : ` (answer rate ${(report.answerRate * 100).toFixed(1)} %)`),
    '',
    'Most frequent unanswered questions (grouped after normalisation):',
    ...(report.unanswered.length ? report.unanswered.map((u) => `  ${String(u.count).padStart(4)}×  ${oneLine(u.example)}`) : ['  (none)']),
    '',
    'Answers marked wrong most often (👎):',
    ...(report.downvoted.length ? report.downvoted.map((d) => `  ${d.paragraphId.padEnd(14)} 👎 ${d.down}  👍 ${d.up}  e.g. ${oneLine(d.example)}`) : ['  (none)']),
    '',
    'Volume per day:',
    ...(report.perDay.length ? report.perDay.map((d) => `  ${d.day}  ${String(d.asks).padStart(5)} asked  ${String(d.answered).padStart(5)} answered`) : ['  (none)']),
  ];
  return lines.join('\n');
}

/** A stored question as one clean line: what users typed is echoed here, so nothing invisible or line-breaking. */
function oneLine(question: string): string {
  return cleanText(question).replace(/\s+/g, ' ');
}
