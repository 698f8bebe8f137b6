/**
 * Scores the engine on a question file (JSONL: {"q", "expect": [snippets], "lang"}), the way
 * ../shared/tools/score.py does: a positive question is a hit@k when one of the first k results contains
 * one of its snippets after `fold`; a negative one (no snippets) is right when it is not answered.
 */
import { readFileSync } from 'node:fs';
import type { Answer } from '../engine/answer.ts';

export interface EvalQuestion {
  q: string;
  expect: string[];
  lang: string;
  /** Where the question comes from (corpus/eval/README.md); unmarked questions are the project's first own set. */
  source?: string;
}

/** The source of questions that carry none. */
export const OWN_SOURCE = 'own';

export interface Scores {
  questions: number;
  positives: number;
  negatives: number;
  'hit@1': number;
  'hit@3': number;
  mrr: number;
  /** Share of positive questions whose first result is right, refused or not: ranking alone, without the decision. */
  'top@1': number;
  /** Share of negative questions answered "not covered". */
  offTopicRejection: number;
  /** Share of positive questions wrongly answered "not covered". */
  falseRejection: number;
}

export interface Report {
  overall: Scores;
  byLang: Record<string, Scores>;
  bySource: Record<string, Scores>;
  misses: { q: string; lang: string; rank: number | null; rejected: boolean; top: string }[];
}

/** The scorer's norm(): NFKC, lower case, no whitespace, punctuation or symbols. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}\p{Z}]/gu, '');
}

export function readQuestions(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalQuestion);
}

/** 1-based rank of the first result holding an expected snippet, null when none of the first 5 does. */
export function rankOf(question: EvalQuestion, answer: Answer): number | null {
  const expected = question.expect.map(fold);
  const i = answer.results.slice(0, 5).findIndex((r) => expected.some((e) => fold(r.text).includes(e)));
  return i < 0 ? null : i + 1;
}

export function evaluate(questions: EvalQuestion[], ask: (q: string) => Answer): Report {
  const rows = questions.map((question) => {
    const answer = ask(question.q);
    const positive = question.expect.length > 0;
    const ranked = positive ? rankOf(question, answer) : null;
    const rank = answer.answered ? ranked : null;
    return { question, answer, positive, rank, ranked };
  });
  const scores = (subset: typeof rows): Scores => {
    const pos = subset.filter((r) => r.positive);
    const neg = subset.filter((r) => !r.positive);
    const share = (n: number, d: number) => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);
    return {
      questions: subset.length,
      positives: pos.length,
      negatives: neg.length,
      'hit@1': share(pos.filter((r) => r.rank === 1).length, pos.length),
      'hit@3': share(pos.filter((r) => r.rank !== null && r.rank <= 3).length, pos.length),
      mrr: share(pos.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0), pos.length),
      'top@1': share(pos.filter((r) => r.ranked === 1).length, pos.length),
      offTopicRejection: share(neg.filter((r) => !r.answer.answered).length, neg.length),
      falseRejection: share(pos.filter((r) => !r.answer.answered).length, pos.length),
    };
  };
  const langs = [...new Set(questions.map((q) => q.lang))].sort();
  const sourceOf = (q: EvalQuestion) => q.source ?? OWN_SOURCE;
  const sources = [...new Set(questions.map(sourceOf))];
  return {
    overall: scores(rows),
    byLang: Object.fromEntries(langs.map((l) => [l, scores(rows.filter((r) => r.question.lang === l))])),
    bySource: Object.fromEntries(sources.map((s) => [s, scores(rows.filter((r) => sourceOf(r.question) === s))])),
    misses: rows
      .filter((r) => (r.positive ? r.rank !== 1 : r.answer.answered))
      .map((r) => ({
        q: r.question.q,
        lang: r.question.lang,
        rank: r.rank,
        rejected: !r.answer.answered,
        top: `${r.answer.results[0]?.id ?? '-'} (${r.answer.coverage}) ${r.answer.results[0]?.text.slice(0, 40) ?? ''}`,
      })),
  };
}
