/**
 * The engine timed in this (warm) process: index builds, each ask timed alone over the evaluation questions
 * (with the GC pauses that fall on them), and the talk replicated ×10 and ×100.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { AnswerEngine } from '../../src/engine/answer-engine.ts';
import type { loadParts } from '../../src/engine/resources.ts';
import type { Answer } from '../../src/engine/answer.ts';
import { evaluate, type EvalQuestion } from '../../src/quality/evaluate.ts';
import type { Paragraph, Talk } from '../../src/talk/types.ts';
import { median, percentile, round } from '../stats.ts';
import { elapsedMs, type Progress } from './common.ts';
import { heapMb } from './memory.ts';

export const BUILD_RUNS = 12;
export const MIN_ASKS = 2000;
const SCALE = [
  { factor: 10, builds: 5, minAsks: 2000 },
  { factor: 100, builds: 3, minAsks: 1000 },
];

const ms2 = (x: number) => round(x, 2);
const ms3 = (x: number) => round(x, 3);

/** `runs` timings of `build` (ms), after `warmups` untimed ones. */
export function timeBuilds(build: () => unknown, runs: number, warmups = 2): number[] {
  for (let i = 0; i < warmups; i++) build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    build();
    times.push(elapsedMs(start));
  }
  return times;
}

export interface QueryRun {
  'hit@1': number;
  'hit@3': number;
  offTopicRejection: number;
  asks: number;
  query_p50_ms: number;
  query_p99_ms: number;
  query_max_ms: number;
  times: number[];
}

/** One scored pass (also the warm-up), then the questions cycled until at least minAsks asks, each timed. */
export function timeQueries(questions: EvalQuestion[], ask: (q: string) => Answer, minAsks = MIN_ASKS, starts?: number[]): QueryRun {
  const report = evaluate(questions, ask);
  for (const { q } of questions) ask(q);
  const passes = Math.ceil(minAsks / questions.length);
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const { q } of questions) {
      starts?.push(performance.now());
      const start = process.hrtime.bigint();
      ask(q);
      times.push(elapsedMs(start));
    }
  }
  return {
    'hit@1': report.overall['hit@1'],
    'hit@3': report.overall['hit@3'],
    offTopicRejection: report.overall.offTopicRejection,
    asks: times.length,
    query_p50_ms: ms3(percentile(times, 0.5)),
    query_p99_ms: ms3(percentile(times, 0.99)),
    query_max_ms: ms3(Math.max(...times)),
    times,
  };
}

export function withoutTimes({ times: _, ...run }: QueryRun) {
  return run;
}

/** The engine's asks timed as in timeQueries, with the young-generation GC pauses that fall on them. */
export async function timeEngineWithGc(questions: EvalQuestion[], engine: AnswerEngine) {
  const pauses: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const starts: number[] = [];
  const run = timeQueries(questions, (q) => engine.ask(q), MIN_ASKS, starts);
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const inRun = pauses.filter((g) => g.end >= starts[0]!);
  const hitByGc = run.times.map((t, i) => inRun.some((g) => g.start < starts[i]! + t && g.end > starts[i]!));
  const gc = {
    gc_pauses: inRun.length,
    gc_pause_median_ms: inRun.length ? ms3(median(inRun.map((g) => g.end - g.start))) : 0,
    asks_with_gc_pause: hitByGc.filter(Boolean).length,
    query_p99_ms_without_gc_asks: ms3(percentile(run.times.filter((_, i) => !hitByGc[i]), 0.99)),
  };
  return { run, gc };
}

/** The talk with every section's paragraphs repeated `factor` times, ids suffixed (#0 … #factor-1). */
function replicate(talk: Talk, factor: number): Talk {
  return {
    ...talk,
    sections: talk.sections.map((section) => {
      const paragraphs: Paragraph[] = [];
      for (let k = 0; k < factor; k++) {
        for (const p of section.paragraphs) paragraphs.push({ ...p, id: `${p.id}#${k}`, index: paragraphs.length + 1 });
      }
      return { ...section, paragraphs };
    }),
  };
}

type EngineParts = ReturnType<typeof loadParts>;

/** Build time, query latency, hit@1 and heap of the talk replicated ×10 and ×100. */
export function measureScale({ talk, segmenter, glossary, language }: EngineParts, questions: EvalQuestion[], progress: Progress) {
  return SCALE.map(({ factor, builds, minAsks }) => {
    progress(`scale ×${factor}: ${builds} builds, ≥ ${minAsks} asks`);
    const big = replicate(talk, factor);
    const times = timeBuilds(() => new AnswerEngine(big, segmenter, glossary, {}, language), builds, 1);
    const before = heapMb();
    const scaled = new AnswerEngine(big, segmenter, glossary, {}, language);
    const heap = heapMb() - before;
    const run = timeQueries(questions, (q) => scaled.ask(q), minAsks);
    return {
      factor,
      paragraphs: scaled.paragraphCount,
      build_ms: ms2(median(times)),
      builds,
      query_p50_ms: run.query_p50_ms,
      query_p99_ms: run.query_p99_ms,
      asks: run.asks,
      'hit@1': run['hit@1'],
      engine_heap_mb: ms2(heap),
    };
  });
}
