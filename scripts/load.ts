/**
 * Load test, open loop: FakeDiscord (test-support/fake-discord.ts) in this process sends /ask interactions at
 * a fixed rate, whatever the bot manages, first to a bare discord.js bot answering a fixed embed
 * (scripts/floor-bot.ts: the floor, what discord.js itself costs), then to the real bot (src/main.ts, with
 * its feedback database), each its own process running the build (dist/, made first) with plain node, as
 * `npm start` runs the bot, in the same run. Questions are the
 * eval set's (corpus/eval/questions.jsonl), in zh-CN or en-US by their language, each from a new user.
 *
 *   npx tsx scripts/load.ts [--rate 3000] [--seconds 5] [--warmup 2000] [--runs 1] [--bots floor,bot,uncached,other] [--other PATH] [--profile DIR] [--json]
 *
 * `uncached` is the real bot with ANSWER_CACHE_SIZE=0: every question answered by the engine afresh; `other` is
 * the build given by --other (e.g. an older commit's dist/src/main.js, for before/after in one run).
 *
 * For each bot: the first response of every interaction (an answer, a deferral, a "busy" notice, an error
 * notice) timed from when Discord created it (its snowflake) to the callback reaching the server, which
 * refuses callbacks later than 3 s as Discord does (`late`); CPU per interaction (the process's user + system
 * time over the run, /proc, divided by the interactions sent); peak RSS (sampled every 50 ms). With --runs N
 * each bot runs N times, alternating, and the report gives each run and the medians. --profile DIR writes a
 * V8 CPU profile of each bot process there (node --cpu-prof). Exit code 1 when an interaction of the real
 * bot got no first response within 3 s.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { snowflakeTime } from '../src/bot/rest-policy.ts';
import { LABELS } from '../src/render/labels.ts';
import { PROJECT_ROOT, startBotProcess } from '../test-support/bot-process.ts';
import { FakeDiscord, snowflake } from '../test-support/fake-discord.ts';
import { latencySummary, loadQuestions, mb, round, runReport, wholeNumberOption, type Question } from './ask-driver.ts';

interface Options {
  rate: number;
  seconds: number;
  warmup: number;
  runs: number;
  bots: BotKind[];
  other?: string;
  profile?: string;
  json: boolean;
}

const BOT_KINDS = ['floor', 'bot', 'uncached', 'other'] as const;
type BotKind = (typeof BOT_KINDS)[number];

export interface RunReport {
  bot: BotKind;
  sent: number;
  /** First responses by kind. */
  first: { answered: number; deferred: number; busy: number; notice: number; error: number };
  /** Sent, and no first response within Discord's 3 s. */
  late: number;
  /** Creation → first response. */
  firstResponseMs: { p50: number; p90: number; p99: number; max: number };
  cpuMsPerInteraction: number;
  rssMB: { ready: number; peak: number };
  sendMs: number;
  /** What the bot logged during the run (its overload lines are rate-limited: a few a minute). */
  log: string[];
}

export interface LoadReport {
  rate: number;
  seconds: number;
  warmup: number;
  runs: RunReport[];
  median: Partial<Record<BotKind, { cpuMsPerInteraction: number; p99Ms: number; late: number; peakRssMB: number }>>;
  /** Each bot's CPU per interaction over the floor's (medians). */
  cpuRatio: Partial<Record<BotKind, number>>;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '3000' },
      seconds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '1' },
      bots: { type: 'string', default: 'floor,bot' },
      other: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const bots = values.bots!.split(',').map((b) => b.trim());
  const unknown = bots.filter((b) => !(BOT_KINDS as readonly string[]).includes(b));
  if (unknown.length || !bots.length) throw new Error(`--bots takes a list of ${BOT_KINDS.join(', ')}, not ${JSON.stringify(values.bots)}`);
  if (bots.includes('other') !== (values.other !== undefined)) throw new Error('--bots other and --other PATH go together');
  return {
    rate: wholeNumberOption('rate', values.rate!, 1),
    seconds: wholeNumberOption('seconds', values.seconds!, 1),
    warmup: wholeNumberOption('warmup', values.warmup!, 0),
    runs: wholeNumberOption('runs', values.runs!, 1),
    bots: bots as BotKind[],
    ...(values.other ? { other: values.other } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    json: values.json!,
  };
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user + system CPU time so far, in ms (Linux /proc). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1000;
}

function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : NaN;
}

/** Sends `total` /ask at `rate` per second, on time whatever happens to them; returns their ids. */
async function openLoop(fake: FakeDiscord, questions: Question[], rate: number, total: number, asked: { n: number }): Promise<string[]> {
  const ids: string[] = [];
  const start = performance.now();
  while (ids.length < total) {
    const due = Math.min(total, Math.ceil(((performance.now() - start) / 1000) * rate));
    while (ids.length < due) {
      const n = asked.n++;
      const { q, locale } = questions[n % questions.length]!;
      const id = snowflake(Date.now() - 500 * 86_400_000);
      const payload = fake.buildCommand('ask', { question: q }, { locale, user: { id, username: `load${n}`, global_name: null } });
      ids.push(payload.id);
      fake.dispatchInteraction(payload).catch(() => undefined);
    }
    await sleep(2);
  }
  return ids;
}

/** Waits until every id has a callback, or 3.5 s after the last was sent (the server refuses later ones). */
async function settle(fake: FakeDiscord, ids: string[]): Promise<void> {
  const deadline = Date.now() + 3_500;
  const wanted = new Set(ids);
  while (Date.now() < deadline) {
    if (fake.callbacks.filter((c) => wanted.has(c.interactionId)).length >= wanted.size) return;
    await sleep(100);
  }
}

/** The local server keeps every request and frame; forget them after the warm-up. */
function forget(fake: FakeDiscord): void {
  fake.requests.splice(0);
  fake.callbacks.splice(0);
  fake.frames.splice(0);
}

const BUSY = new Set(Object.values(LABELS).map((l) => l.busy));

async function runOnce(kind: BotKind, opts: Options, questions: Question[], asked: { n: number }, index: number): Promise<RunReport> {
  // A fresh server per run: it keeps every interaction and message it saw, and a second run on the same one
  // measured the server's growing bookkeeping as much as the bot.
  const fake = await FakeDiscord.start({ callbackDeadlineMs: 3_000 });
  // One folder per run: node writes a profile per thread (the main one is the largest; tsx has its own).
  const profileArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(opts.profile, `${kind}-${index}`)}`] : [];
  const bot = startBotProcess({
    token: fake.token,
    apiUrl: fake.apiBase,
    entry: kind === 'floor' ? 'dist/scripts/floor-bot.js' : kind === 'other' ? opts.other! : 'dist/src/main.js',
    env: kind === 'uncached' ? { ANSWER_CACHE_SIZE: '0' } : {},
    nodeArgs: profileArgs,
  });
  try {
    await bot.waitForLine(/^ready as /, 30_000);
    if (opts.warmup > 0) await settle(fake, await openLoop(fake, questions, Math.min(opts.rate, 1_000), opts.warmup, asked));
    forget(fake);
    await sleep(500);
    const ready = rssOf(bot.pid);
    let peak = ready;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(bot.pid))), 50);
    const logFrom = bot.lines.length;
    const cpuBefore = cpuMsOf(bot.pid);
    const sendStart = performance.now();
    const ids = await openLoop(fake, questions, opts.rate, opts.rate * opts.seconds, asked);
    const sendMs = performance.now() - sendStart;
    await settle(fake, ids);
    const cpuMs = cpuMsOf(bot.pid) - cpuBefore;
    clearInterval(sampler);

    const firstById = new Map<string, (typeof fake.callbacks)[number]>();
    for (const callback of fake.callbacks) if (!firstById.has(callback.interactionId)) firstById.set(callback.interactionId, callback);
    const first = { answered: 0, deferred: 0, busy: 0, notice: 0, error: 0 };
    const latencies: number[] = [];
    for (const id of ids) {
      const callback = firstById.get(id);
      if (!callback) continue;
      latencies.push(callback.request.at - snowflakeTime(id));
      const content: string = callback.data?.content ?? '';
      if (callback.type === 5) first.deferred++;
      else if (Object.values(LABELS).some((l) => l.error === content)) first.error++;
      else if (BUSY.has(content)) first.busy++;
      else if ((callback.data?.embeds ?? []).length) first.answered++;
      else first.notice++;
    }
    return {
      bot: kind,
      sent: ids.length,
      first,
      late: ids.length - latencies.length,
      firstResponseMs: latencySummary(latencies),
      cpuMsPerInteraction: round(cpuMs / ids.length, 3),
      rssMB: { ready: mb(ready), peak: mb(peak) },
      sendMs: Math.round(sendMs),
      log: bot.lines.slice(logFrom).map((l) => l.text),
    };
  } finally {
    await bot.stop('SIGTERM', 30_000).catch(() => undefined);
    await bot.dispose();
    await fake.close();
  }
}

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

export async function runLoad(opts: Options): Promise<LoadReport> {
  // Both bots run from the build, with plain node, as `npm start` runs the real one.
  execFileSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const questions = loadQuestions();
  const asked = { n: 0 };
  const kinds = opts.bots;
  const runs: RunReport[] = [];
  for (let i = 0; i < opts.runs; i++) for (const kind of kinds) runs.push(await runOnce(kind, opts, questions, asked, i));
  const summary = (kind: BotKind) => {
    const mine = runs.filter((r) => r.bot === kind);
    return {
      cpuMsPerInteraction: medianOf(mine.map((r) => r.cpuMsPerInteraction)),
      p99Ms: medianOf(mine.map((r) => r.firstResponseMs.p99)),
      late: medianOf(mine.map((r) => r.late)),
      peakRssMB: medianOf(mine.map((r) => r.rssMB.peak)),
    };
  };
  const median = Object.fromEntries(kinds.map((kind) => [kind, summary(kind)])) as LoadReport['median'];
  const floor = median.floor?.cpuMsPerInteraction;
  const cpuRatio = Object.fromEntries(kinds.filter((k) => k !== 'floor' && floor).map((k) => [k, round(median[k]!.cpuMsPerInteraction / floor!, 2)]));
  return { rate: opts.rate, seconds: opts.seconds, warmup: opts.warmup, runs, median, cpuRatio };
}

function print(report: LoadReport): void {
  const lines = [`${report.rate} /ask per second for ${report.seconds} s (after ${report.warmup} warm-up), open loop; first response from the interaction's creation`];
  for (const r of report.runs) {
    const f = r.first;
    lines.push(
      `${r.bot.padEnd(8)} sent ${r.sent} in ${r.sendMs} ms · answered ${f.answered}, deferred ${f.deferred}, busy ${f.busy}, notices ${f.notice}, errors ${f.error}, late ${r.late}` +
        ` · p50 ${r.firstResponseMs.p50} p99 ${r.firstResponseMs.p99} max ${r.firstResponseMs.max} ms · CPU ${r.cpuMsPerInteraction} ms/interaction · RSS ${r.rssMB.ready} → peak ${r.rssMB.peak} MB`,
    );
    for (const line of r.log.slice(0, 6)) lines.push(`         log: ${line}`);
  }
  for (const [kind, m] of Object.entries(report.median)) {
    lines.push(`median ${kind.padEnd(8)} CPU ${m.cpuMsPerInteraction} ms/interaction${report.cpuRatio[kind as BotKind] ? ` (${report.cpuRatio[kind as BotKind]}× the floor)` : ''}, p99 ${m.p99Ms} ms, late ${m.late}, peak RSS ${m.peakRssMB} MB`);
  }
  console.log(lines.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runReport('load', () => options(process.argv.slice(2)), runLoad, {
    print,
    failed: (report) => report.runs.some((r) => r.bot !== 'floor' && r.late > 0),
  });
}
