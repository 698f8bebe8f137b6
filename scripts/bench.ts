/**
 * `npm run bench [-- --json]`: speed and memory of the answer engine, next to naive references.
 *
 * - ready_ms: process start → index ready, in fresh processes started the way `npm start` starts the bot
 *   (`node dist/…`, the compiled build); performance.now() in that process. Median of 5 after one
 *   unmeasured run. rss_mb from the same runs. Figures from the TypeScript sources under tsx: ready_detail.
 *   (bench/ready.ts, with scripts/bench-ready.ts as the child.)
 * - build_ms: `new AnswerEngine(talk, segmenter, glossary, {}, language)` in this (warm) process, median of 12.
 * - query_p50_ms / query_p99_ms: each `ask` timed alone, corpus/eval/questions.jsonl cycled to 2,000 asks
 *   after 1,000 warm-up asks, in the same fresh processes as ready_ms (the engine and nothing else, as in
 *   the bot); median over the runs. The same asks timed inside this process (which also holds 13 builds,
 *   the references and a GC observer) are reported as query_in_bench_process, with the GC pauses.
 *   The references are timed in this process, so compare them with query_in_bench_process. (bench/query.ts)
 * - references: MiniSearch with its default tokenizer, with character bigrams, with jieba cutForSearch,
 *   scored with the same evaluate() (they always answer) and timed the same way. (bench/references.ts)
 * - scale: the talk replicated ×10 and ×100 (each paragraph repeated with a suffixed id). (bench/query.ts)
 *
 * The machine is small and noisy: everything is a median or a percentile over many runs (scripts/stats.ts,
 * shared with the load drivers). With --json, stdout holds exactly one JSON object; progress goes to stderr
 * only without --json.
 */
import { loadavg } from 'node:os';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { loadParts } from '../src/engine/resources.ts';
import { readQuestions } from '../src/quality/evaluate.ts';
import { QUESTION_FILE, elapsedMs } from './bench/common.ts';
import { heapMb } from './bench/memory.ts';
import { BUILD_RUNS, MIN_ASKS, measureScale, timeBuilds, timeEngineWithGc, timeQueries, withoutTimes } from './bench/query.ts';
import { measureReady } from './bench/ready.ts';
import { references } from './bench/references.ts';
import { printTable } from './bench/table.ts';
import { median, round } from './stats.ts';

const TARGETS = { query_p99_ms: 1, ready_ms: 500, rss_mb: 150 };

const asJson = process.argv.slice(2).includes('--json');
const progress = (message: string) => {
  if (!asJson) process.stderr.write(`· ${message}\n`);
};
const r2 = (x: number) => round(x, 2);

async function collect() {
  const wallStart = process.hrtime.bigint();
  const loadBefore = loadavg()[0]!;
  const cold = await measureReady(progress);

  progress('loading the engine in this process');
  // The same files fromCorpus() reads; jieba loads once per process, so the segmenter is shared.
  const parts = loadParts();
  const { talk, glossary, segmenter, language } = parts;
  const questions = readQuestions(QUESTION_FILE);

  progress(`build: ${BUILD_RUNS} builds`);
  const buildTimes = timeBuilds(() => new AnswerEngine(talk, segmenter, glossary, {}, language), BUILD_RUNS);
  const heapBefore = heapMb();
  const engine = new AnswerEngine(talk, segmenter, glossary, {}, language);
  const engineHeap = heapMb() - heapBefore;

  progress(`queries: ${questions.length} questions cycled to ≥ ${MIN_ASKS} asks`);
  const { run: engineRun, gc } = await timeEngineWithGc(questions, engine);

  const paragraphs = talk.sections.flatMap((s) => s.paragraphs);
  const referenceRows = [
    { name: 'talk-qa', build_ms: r2(median(buildTimes)), ...withoutTimes(engineRun) },
    ...references(paragraphs).map((ref) => {
      progress(`reference ${ref.name}`);
      const build = timeBuilds(ref.build, BUILD_RUNS);
      return { name: ref.name, build_ms: r2(median(build)), ...withoutTimes(timeQueries(questions, ref.build())) };
    }),
  ];
  const scale = measureScale(parts, questions, progress);

  return {
    ready_ms: cold.ready_ms,
    ready_ms_runs: cold.ready_ms_runs,
    build_ms: r2(median(buildTimes)),
    build_ms_runs: buildTimes.map(r2),
    query_p50_ms: cold.query_p50_ms,
    query_p99_ms: cold.query_p99_ms,
    query_p99_ms_runs: cold.query_p99_ms_runs,
    query_asks: 2000,
    /** The same asks timed inside this benchmark process, which also holds builds, references and timers. */
    query_in_bench_process: { query_p50_ms: engineRun.query_p50_ms, query_p99_ms: engineRun.query_p99_ms, asks: engineRun.asks, gc },
    rss_mb: cold.rss_mb,
    rss_mb_runs: cold.rss_mb_runs,
    paragraphs: engine.paragraphCount,
    questions: questions.length,
    engine_heap_mb: r2(engineHeap),
    references: referenceRows,
    scale,
    ready_detail: cold.detail,
    targets: TARGETS,
    within_targets: cold.query_p99_ms <= TARGETS.query_p99_ms && cold.ready_ms <= TARGETS.ready_ms && cold.rss_mb <= TARGETS.rss_mb,
    over_target: Object.entries(TARGETS)
      .filter(([k, limit]) => ({ query_p99_ms: cold.query_p99_ms, ready_ms: cold.ready_ms, rss_mb: cold.rss_mb })[k as keyof typeof TARGETS] > limit)
      .map(([k]) => k),
    node: process.version,
    /** 1-minute load average before and after: above ~1 other work shared the 2 cores. */
    loadavg_1m: [r2(loadBefore), r2(loadavg()[0]!)],
    bench_s: r2(elapsedMs(wallStart) / 1000),
  };
}

export type BenchResult = Awaited<ReturnType<typeof collect>>;

const result = await collect();
if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
else printTable(result);
