/**
 * Quality floors on corpus/eval/questions.jsonl, scored by src/quality/evaluate.ts with the real engine.
 * Measured when these floors were last raised (2026-11-30; 553 questions: own, blind-1, hard-1, blind-3,
 * dev): overall hit@1 0.938, hit@3 0.968, off-topic rejection 0.924, false rejection 0.016; development
 * questions hit@1 0.958, every negative rejected, no positive rejected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerEngine, DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';
import { evaluate, readQuestions, type EvalQuestion, type Report } from '../src/quality/evaluate.ts';

const FILE = join(DEFAULT_CORPUS_DIR, 'eval/questions.jsonl');
const engine = AnswerEngine.fromCorpus();
const ask = (q: string) => engine.ask(q);

const all = readQuestions(FILE);
/** The development questions: lines marked "source":"dev". */
const dev: EvalQuestion[] = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as EvalQuestion & { source?: string })
  .filter((q) => q.source === 'dev');

const overall = evaluate(all, ask);
const development = evaluate(dev, ask);

/** The misses, for the failure message. */
const misses = (report: Report) =>
  report.misses.map((m) => `${m.rejected ? 'REJECTED' : `rank=${m.rank}`} [${m.lang}] ${m.q} -> ${m.top}`).join('\n');

describe('quality on corpus/eval/questions.jsonl', () => {
  it('reads a question set of the documented size, with positives and negatives', () => {
    expect(all.length).toBeGreaterThanOrEqual(550);
    expect(overall.overall.positives).toBeGreaterThan(400);
    expect(overall.overall.negatives).toBeGreaterThan(100);
    for (const q of all) expect(typeof q.q === 'string' && Array.isArray(q.expect), JSON.stringify(q)).toBe(true);
  });

  it('holds the overall floors', () => {
    const s = overall.overall;
    const detail = `${JSON.stringify(s)}\n${misses(overall)}`;
    expect(s['hit@1'], detail).toBeGreaterThanOrEqual(0.91);
    expect(s['hit@3'], detail).toBeGreaterThanOrEqual(0.95);
    expect(s.offTopicRejection, detail).toBeGreaterThanOrEqual(0.9);
    expect(s.falseRejection, detail).toBeLessThanOrEqual(0.03);
  });

  it('holds the floors on the development questions', () => {
    expect(dev.length, 'dev questions ("source":"dev") are present').toBeGreaterThanOrEqual(20);
    const s = development.overall;
    expect(s.positives).toBeGreaterThan(0);
    expect(s.negatives).toBeGreaterThan(0);
    const detail = `${JSON.stringify(s)}\n${misses(development)}`;
    expect(s['hit@1'], detail).toBeGreaterThanOrEqual(0.9);
    expect(s.offTopicRejection, `every dev negative is rejected\n${detail}`).toBe(1);
    expect(s.falseRejection, `no dev positive is rejected\n${detail}`).toBe(0);
  });

  it('scores the same on a second run (the engine is deterministic)', () => {
    expect(evaluate(all, ask).overall).toEqual(overall.overall);
  });
});
