/**
 * `npm run bench [-- --json]`: speed and memory of the answer engine, next to naive references.
 *
 * - ready_ms: process start → index ready, in fresh processes started the way `npm start` starts the bot
 *   (`node dist/…`, the compiled build); performance.now() in that process. Median of 5 after one
 *   unmeasured run. rss_mb from the same runs. Figures from the TypeScript sources under tsx: ready_detail.
 * - build_ms: `new AnswerEngine(talk, segmenter, glossary, {}, language)` in this (warm) process, median of 12.
 * - query_p50_ms / query_p99_ms: each `ask` timed alone, corpus/eval/questions.jsonl cycled to 2,000 asks
 *   after 1,000 warm-up asks, in the same fresh processes as ready_ms (the engine and nothing else, as in
 *   the bot); median over the runs. The same asks timed inside this process (which also holds 13 builds,
 *   the references and a GC observer) are reported as query_in_bench_process, with the GC pauses.
 *   The references are timed in this process, so compare them with query_in_bench_process.
 * - references: MiniSearch with its default tokenizer, with character bigrams, with jieba cutForSearch,
 *   scored with the same evaluate() (they always answer) and timed the same way.
 * - scale: the talk replicated ×10 and ×100 (each paragraph repeated with a suffixed id).
 *
 * The machine is small and noisy: everything is a median or a percentile over many runs.
 * With --json, stdout holds exactly one JSON object; progress goes to stderr only without --json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PerformanceObserver } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { AnswerEngine, loadParts as loadEngineParts } from '../src/engine/answer-engine.ts';
import { talkDir } from '../src/paths.ts';
import type { Answer } from '../src/engine/answer.ts';
import { Glossary } from '../src/engine/glossary.ts';
import { evaluate, readQuestions, type EvalQuestion } from '../src/quality/evaluate.ts';
import { loadCorpus } from '../src/talk/load-corpus.ts';
import type { Paragraph, Talk } from '../src/talk/types.ts';
import { normalize } from '../src/text/normalize.ts';
import { Segmenter } from '../src/text/segmenter.ts';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba') as typeof import('nodejieba');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const QUESTION_FILE = join(ROOT, 'corpus/eval/questions.jsonl');
const READY_SCRIPT = join(ROOT, 'scripts/bench-ready.ts');
/** The tsx CLI, as `npm start` ("tsx src/main.ts") runs it. */
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
/** The same script compiled by `npm run build`, run by plain node as `npm start` runs the bot. */
const READY_SCRIPT_BUILT = join(ROOT, 'dist/scripts/bench-ready.js');

const TARGETS = { query_p99_ms: 1, ready_ms: 500, rss_mb: 150 };
const READY_RUNS = 5;
const EMPTY_RUNS = 3;
const PHASE_RUNS = 3;
const BUILD_RUNS = 12;
const MIN_ASKS = 2000;
const SCALE = [
  { factor: 10, builds: 5, minAsks: 2000 },
  { factor: 100, builds: 3, minAsks: 1000 },
];

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const progress = (message: string) => {
  if (!asJson) process.stderr.write(`· ${message}\n`);
};

// ---------------------------------------------------------------------------------------------------
// statistics

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Forces a full GC, so that heap measurements mean retained memory. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

// ---------------------------------------------------------------------------------------------------
// cold start, in fresh processes

interface ChildReport {
  mode: string;
  ready_ms: number;
  rss_mb: number;
  heap_used_mb: number;
  rss_after_1000_asks_mb?: number;
  query_p50_ms?: number;
  query_p99_ms?: number;
  phases?: Record<string, number>;
}

/** Runs bench-ready.ts in a fresh process; wall_ms is spawn → its first report line, tsx CLI process included. */
function runChild(mode: string, launcher: 'node-dist' | 'tsx-cli' | 'node-import-tsx' = 'node-dist'): Promise<ChildReport & { wall_ms: number }> {
  const argv =
    launcher === 'node-dist' ? [READY_SCRIPT_BUILT, mode] : launcher === 'tsx-cli' ? [TSX_CLI, READY_SCRIPT, mode] : ['--import', 'tsx', READY_SCRIPT, mode];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let wall = 0;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      if (wall === 0) wall = elapsedMs(start);
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n').filter((l) => l.startsWith('{'));
      if (code !== 0 || lines.length === 0) return reject(new Error(`bench-ready ${mode} exited ${code}: ${err || out}`));
      resolve({ ...(Object.assign({}, ...lines.map((l) => JSON.parse(l))) as ChildReport), wall_ms: wall });
    });
  });
}

async function measureReady() {
  progress('cold start: npm run build (npm start runs the compiled dist/)');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  await runChild('ready');
  const ready: (ChildReport & { wall_ms: number })[] = [];
  for (let i = 0; i < READY_RUNS; i++) {
    ready.push(await runChild('ready'));
    progress(`cold start ${i + 1}/${READY_RUNS}: ${ready.at(-1)!.ready_ms.toFixed(0)} ms, rss ${ready.at(-1)!.rss_mb} MB`);
  }
  const empty: ChildReport[] = [];
  for (let i = 0; i < EMPTY_RUNS; i++) empty.push(await runChild('empty'));
  const direct: ChildReport[] = [];
  for (let i = 0; i < EMPTY_RUNS; i++) direct.push(await runChild('ready', 'node-import-tsx'));
  const tsxCli: ChildReport[] = [];
  for (let i = 0; i < EMPTY_RUNS; i++) tsxCli.push(await runChild('ready', 'tsx-cli'));
  const phaseRuns: ChildReport[] = [];
  for (let i = 0; i < PHASE_RUNS; i++) phaseRuns.push(await runChild('phases'));
  progress('cold start: baselines and phases done');
  const phases = Object.fromEntries(
    Object.keys(phaseRuns[0]!.phases!).map((k) => [k, r2(median(phaseRuns.map((r) => r.phases![k]!)))]),
  );
  return {
    ready_ms: r2(median(ready.map((r) => r.ready_ms))),
    ready_ms_runs: ready.map((r) => r2(r.ready_ms)),
    rss_mb: r2(median(ready.map((r) => r.rss_mb))),
    rss_mb_runs: ready.map((r) => r.rss_mb),
    query_p50_ms: r3(median(ready.map((r) => r.query_p50_ms!))),
    query_p99_ms: r3(median(ready.map((r) => r.query_p99_ms!))),
    query_p99_ms_runs: ready.map((r) => r3(r.query_p99_ms!)),
    detail: {
      /** spawn of the tsx CLI → ready line: adds the tsx CLI's own node process, which npm start also pays. */
      ready_wall_ms: r2(median(ready.map((r) => r.wall_ms))),
      /** The same processes after answering 1,000 questions: the young generation has grown to full size. */
      rss_after_1000_asks_mb: r2(median(ready.map((r) => r.rss_after_1000_asks_mb!))),
      /** node + tsx with an empty script: the floor under ready_ms. */
      empty_script_ms: r2(median(empty.map((r) => r.ready_ms))),
      empty_script_rss_mb: r2(median(empty.map((r) => r.rss_mb))),
      /** From the TypeScript sources under `node --import tsx` (how tests and `npm run cli` run). */
      node_import_tsx_ready_ms: r2(median(direct.map((r) => r.ready_ms))),
      /** From the sources through the tsx CLI (two processes; measured in the second). */
      tsx_cli_ready_ms: r2(median(tsxCli.map((r) => r.ready_ms))),
      /** Each step of fromCorpus() timed alone, medians of 3 fresh processes (ms). */
      phases_ms: phases,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// the engine in this process

function loadParts(dir = talkDir()) {
  // The same files fromCorpus() reads; jieba loads once per process, so the segmenter is shared.
  return loadEngineParts(dir);
}

function timeBuilds(build: () => unknown, runs: number, warmups = 2): number[] {
  for (let i = 0; i < warmups; i++) build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    build();
    times.push(elapsedMs(start));
  }
  return times;
}

interface QueryRun {
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
function timeQueries(questions: EvalQuestion[], ask: (q: string) => Answer, minAsks = MIN_ASKS, starts?: number[]): QueryRun {
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
    query_p50_ms: r3(percentile(times, 0.5)),
    query_p99_ms: r3(percentile(times, 0.99)),
    query_max_ms: r3(Math.max(...times)),
    times,
  };
}

function withoutTimes({ times: _, ...run }: QueryRun) {
  return run;
}

/** The talk with every section's paragraphs repeated `factor` times, ids suffixed (#0 … #factor-1). */
function replicate(talk: Talk, factor: number): Talk {
  return {
    ...talk,
    sections: talk.sections.map((section) => {
      const paragraphs: Paragraph[] = [];
      for (let k = 0; k < factor; k++) {
        for (const p of section.paragraphs) {
          paragraphs.push({ ...p, id: `${p.id}#${k}`, index: paragraphs.length + 1 });
        }
      }
      return { ...section, paragraphs };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// naive references: plain MiniSearch over the same paragraphs, always answering

interface Reference {
  name: string;
  build: () => (q: string) => Answer;
}

/** Overlapping character bigrams of the normalised text; Latin words whole; a lone character alone. */
function charBigrams(text: string): string[] {
  const out: string[] = [];
  const s = [...normalize(text)];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i]! + run[i + 1]!);
    run = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/[a-z0-9]/.test(c)) {
      flush();
      let word = c;
      while (i + 1 < s.length && /[a-z0-9\-.+#]/.test(s[i + 1]!)) word += s[++i]!;
      out.push(word.replace(/[-.+#]+$/, ''));
    } else if (/[\p{L}\p{N}]/u.test(c)) {
      run.push(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

function references(paragraphs: Paragraph[]): Reference[] {
  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  const documents = paragraphs.map((p) => ({ id: p.id, text: p.text }));
  const answerer = (index: MiniSearch) => (query: string): Answer => {
    const results = index.search(query).slice(0, 5).map((hit) => {
      const p = byId.get(String(hit.id))!;
      return {
        id: p.id,
        section: '',
        sectionId: p.sectionId,
        text: p.text,
        score: hit.score,
        terms: hit.terms,
        neighbours: { previous: null, next: null },
      };
    });
    return { query, answered: true, results, coverage: 1 };
  };
  const make = (options: Partial<ConstructorParameters<typeof MiniSearch>[0]>) => () => {
    const index = new MiniSearch({ fields: ['text'], idField: 'id', ...options });
    index.addAll(documents);
    return answerer(index);
  };
  return [
    { name: 'minisearch-default', build: make({}) },
    { name: 'char-bigrams', build: make({ tokenize: charBigrams, processTerm: (t) => t }) },
    { name: 'jieba-cutForSearch', build: make({ tokenize: (text) => nodejieba.cutForSearch(text) }) },
  ];
}

// ---------------------------------------------------------------------------------------------------

async function collect() {
  const wallStart = process.hrtime.bigint();
  const loadBefore = loadavg()[0]!;
  const cold = await measureReady();

  progress('loading the engine in this process');
  const { talk, glossary, segmenter, language } = loadParts();
  const questions = readQuestions(QUESTION_FILE);

  progress(`build: ${BUILD_RUNS} builds`);
  const buildTimes = timeBuilds(() => new AnswerEngine(talk, segmenter, glossary, {}, language), BUILD_RUNS);
  const heapBefore = heapMb();
  const engine = new AnswerEngine(talk, segmenter, glossary, {}, language);
  const engineHeap = heapMb() - heapBefore;

  progress(`queries: ${questions.length} questions cycled to ≥ ${MIN_ASKS} asks`);
  // GC pauses are recorded too, to tell how much of the tail they make.
  const pauses: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const starts: number[] = [];
  const engineRun = timeQueries(questions, (q) => engine.ask(q), MIN_ASKS, starts);
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const timed = engineRun.times;
  const firstStart = starts[0]!;
  const inRun = pauses.filter((g) => g.end >= firstStart);
  const hitByGc = timed.map((t, i) => inRun.some((g) => g.start < starts[i]! + t && g.end > starts[i]!));
  const gcDetail = {
    gc_pauses: inRun.length,
    gc_pause_median_ms: inRun.length ? r3(median(inRun.map((g) => g.end - g.start))) : 0,
    asks_with_gc_pause: hitByGc.filter(Boolean).length,
    query_p99_ms_without_gc_asks: r3(percentile(timed.filter((_, i) => !hitByGc[i]), 0.99)),
  };

  const paragraphs = talk.sections.flatMap((s) => s.paragraphs);
  const referenceRows = [
    { name: 'talk-qa', build_ms: r2(median(buildTimes)), ...withoutTimes(engineRun) },
    ...references(paragraphs).map((ref) => {
      progress(`reference ${ref.name}`);
      const build = timeBuilds(ref.build, BUILD_RUNS);
      return { name: ref.name, build_ms: r2(median(build)), ...withoutTimes(timeQueries(questions, ref.build())) };
    }),
  ];

  const scale = SCALE.map(({ factor, builds, minAsks }) => {
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
      build_ms: r2(median(times)),
      builds,
      query_p50_ms: run.query_p50_ms,
      query_p99_ms: run.query_p99_ms,
      asks: run.asks,
      'hit@1': run['hit@1'],
      engine_heap_mb: r2(heap),
    };
  });

  const result = {
    ready_ms: cold.ready_ms,
    ready_ms_runs: cold.ready_ms_runs,
    build_ms: r2(median(buildTimes)),
    build_ms_runs: buildTimes.map(r2),
    query_p50_ms: cold.query_p50_ms,
    query_p99_ms: cold.query_p99_ms,
    query_p99_ms_runs: cold.query_p99_ms_runs,
    query_asks: 2000,
    /** The same asks timed inside this benchmark process, which also holds builds, references and timers. */
    query_in_bench_process: { query_p50_ms: engineRun.query_p50_ms, query_p99_ms: engineRun.query_p99_ms, asks: engineRun.asks, gc: gcDetail },
    rss_mb: cold.rss_mb,
    rss_mb_runs: cold.rss_mb_runs,
    paragraphs: engine.paragraphCount,
    questions: questions.length,
    engine_heap_mb: r2(engineHeap),
    references: referenceRows,
    scale,
    ready_detail: cold.detail,
    targets: TARGETS,
    within_targets:
      cold.query_p99_ms <= TARGETS.query_p99_ms && cold.ready_ms <= TARGETS.ready_ms && cold.rss_mb <= TARGETS.rss_mb,
    over_target: Object.entries(TARGETS)
      .filter(([k, limit]) => ({ query_p99_ms: cold.query_p99_ms, ready_ms: cold.ready_ms, rss_mb: cold.rss_mb })[k as keyof typeof TARGETS] > limit)
      .map(([k]) => k),
    node: process.version,
    /** 1-minute load average before and after: above ~1 other work shared the 2 cores. */
    loadavg_1m: [r2(loadBefore), r2(loadavg()[0]!)],
    bench_s: r2(elapsedMs(wallStart) / 1000),
  };

  return result;
}

type Result = Awaited<ReturnType<typeof collect>>;

function printTable(r: Result) {
  const mark = (value: number, limit: number) => (value <= limit ? 'ok' : 'OVER');
  const line = (cells: (string | number)[], widths: number[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  const out: string[] = [];
  out.push(`talk-qa bench (${r.paragraphs} paragraphs, ${r.questions} questions, node ${process.version}, ${r.bench_s} s, load ${r.loadavg_1m.join(' → ')})`);
  out.push('');
  const w = [16, 10, 8, 6];
  out.push(line(['metric', 'value', 'target', ''], w));
  out.push(line(['ready_ms', r.ready_ms, r.targets.ready_ms, mark(r.ready_ms, r.targets.ready_ms)], w) + `   runs ${r.ready_ms_runs.join(', ')}`);
  out.push(line(['rss_mb', r.rss_mb, r.targets.rss_mb, mark(r.rss_mb, r.targets.rss_mb)], w) + `   at ready; ${r.ready_detail.rss_after_1000_asks_mb} MB after 1,000 asks`);
  out.push(line(['query_p50_ms', r.query_p50_ms, '', ''], w));
  out.push(line(['query_p99_ms', r.query_p99_ms, r.targets.query_p99_ms, mark(r.query_p99_ms, r.targets.query_p99_ms)], w) + `   over ${r.query_asks} asks in a fresh process; runs ${r.query_p99_ms_runs.join(', ')}`);
  const b = r.query_in_bench_process;
  const g = b.gc;
  out.push(`${' '.repeat(42)}   in this process: p50 ${b.query_p50_ms}, p99 ${b.query_p99_ms}; GC: ${g.gc_pauses} pauses (median ${g.gc_pause_median_ms} ms) in ${g.asks_with_gc_pause} asks; p99 without those ${g.query_p99_ms_without_gc_asks}`);
  out.push(line(['build_ms', r.build_ms, '', ''], w) + `   warm process, median of ${BUILD_RUNS}`);
  out.push(`within targets: ${r.within_targets ? 'yes' : 'NO'}`);
  out.push('');
  out.push('cold start detail');
  out.push(`  tsx CLI spawn → ready (wall, 2 processes)  ${r.ready_detail.ready_wall_ms} ms`);
  out.push(`  node + tsx, empty script                   ${r.ready_detail.empty_script_ms} ms, rss ${r.ready_detail.empty_script_rss_mb} MB`);
  out.push(`  node --import tsx instead of tsx CLI       ${r.ready_detail.node_import_tsx_ready_ms} ms`);
  for (const [name, ms] of Object.entries(r.ready_detail.phases_ms)) out.push(`    ${name.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms`);
  out.push('');
  const rw = [20, 7, 7, 9, 9, 9, 9];
  out.push(line(['system', 'hit@1', 'hit@3', 'off-topic', 'build_ms', 'p50_ms', 'p99_ms'], rw));
  for (const ref of r.references) {
    out.push(line([ref.name, ref['hit@1'].toFixed(3), ref['hit@3'].toFixed(3), ref.offTopicRejection.toFixed(3), ref.build_ms, ref.query_p50_ms, ref.query_p99_ms], rw));
  }
  out.push('');
  const sw = [8, 10, 9, 9, 9, 7, 9];
  out.push(line(['scale', 'paragraphs', 'build_ms', 'p50_ms', 'p99_ms', 'hit@1', 'heap_mb'], sw));
  out.push(line(['×1', r.paragraphs, r.build_ms, r.query_p50_ms, r.query_p99_ms, r.references[0]!['hit@1'].toFixed(3), r.engine_heap_mb], sw));
  for (const s of r.scale) out.push(line([`×${s.factor}`, s.paragraphs, s.build_ms, s.query_p50_ms, s.query_p99_ms, s['hit@1'].toFixed(3), s.engine_heap_mb], sw));
  console.log(out.join('\n'));
}

const result = await collect();
if (asJson) process.stdout.write(`${JSON.stringify(result)}\n`);
else printTable(result);
