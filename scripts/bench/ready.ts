/**
 * Cold start, in fresh processes started the way `npm start` starts the bot (`node dist/…`, the compiled
 * build): scripts/bench-ready.ts reports, from inside each process, when the engine was ready, its memory,
 * and query latency over 2,000 asks in a process holding the engine and nothing else. Also the floors
 * (node with an empty script), the TypeScript sources under tsx, and each start-up step timed alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, round } from '../stats.ts';
import { ROOT, elapsedMs, type Progress } from './common.ts';

const READY_SCRIPT = join(ROOT, 'scripts/bench-ready.ts');
/** The tsx CLI, as `npm run cli` runs the sources. */
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
/** The same script compiled by `npm run build`, run by plain node as `npm start` runs the bot. */
const READY_SCRIPT_BUILT = join(ROOT, 'dist/scripts/bench-ready.js');

export const READY_RUNS = 5;
const EMPTY_RUNS = 3;
const PHASE_RUNS = 3;

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

const ms2 = (x: number) => round(x, 2);
const ms3 = (x: number) => round(x, 3);

export async function measureReady(progress: Progress) {
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
  const phases = Object.fromEntries(Object.keys(phaseRuns[0]!.phases!).map((k) => [k, ms2(median(phaseRuns.map((r) => r.phases![k]!)))]));
  return {
    ready_ms: ms2(median(ready.map((r) => r.ready_ms))),
    ready_ms_runs: ready.map((r) => ms2(r.ready_ms)),
    rss_mb: ms2(median(ready.map((r) => r.rss_mb))),
    rss_mb_runs: ready.map((r) => r.rss_mb),
    query_p50_ms: ms3(median(ready.map((r) => r.query_p50_ms!))),
    query_p99_ms: ms3(median(ready.map((r) => r.query_p99_ms!))),
    query_p99_ms_runs: ready.map((r) => ms3(r.query_p99_ms!)),
    detail: {
      /** spawn → ready line, wall clock, seen from this process. */
      ready_wall_ms: ms2(median(ready.map((r) => r.wall_ms))),
      /** The same processes after answering 1,000 questions: the young generation has grown to full size. */
      rss_after_1000_asks_mb: ms2(median(ready.map((r) => r.rss_after_1000_asks_mb!))),
      /** node with an empty script: the floor under ready_ms. */
      empty_script_ms: ms2(median(empty.map((r) => r.ready_ms))),
      empty_script_rss_mb: ms2(median(empty.map((r) => r.rss_mb))),
      /** From the TypeScript sources under `node --import tsx` (how tests and `npm run cli` run). */
      node_import_tsx_ready_ms: ms2(median(direct.map((r) => r.ready_ms))),
      /** From the sources through the tsx CLI (two processes; measured in the second). */
      tsx_cli_ready_ms: ms2(median(tsxCli.map((r) => r.ready_ms))),
      /** Each step of fromCorpus() timed alone, medians of 3 fresh processes (ms). */
      phases_ms: phases,
    },
  };
}
