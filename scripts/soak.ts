/**
 * Soak test of the real bot: the real process (`node --import tsx src/main.ts`, as `npm start` runs it,
 * with its feedback database in a temporary DATA_DIR) against FakeDiscord in this process, and N /ask
 * interactions through the gateway (scripts/ask-driver.ts, as scripts/load.ts sends them: at most
 * --concurrency in flight, each from a new user unless --users is given). The bot runs in its own
 * process so that its RSS is its own: the local server here keeps every interaction it dispatched.
 *
 *   npx tsx scripts/soak.ts [--count 20000] [--concurrency 50] [--warmup 2000] [--deadline 3000] [--users N] [--json]
 *
 * Reports answered / lost (no callback within --deadline ms, as Discord refuses after 3 s), latency
 * p50/p99 (dispatch → callback; overall and per half, to show any slowdown), the bot's RSS at ready,
 * after the warm-up ("start"), half-way ("middle") and at the end, with the growth from start and from
 * middle to end, and unhandled promise rejections (the bot runs with --unhandled-rejections=warn-with-error-code,
 * so one would be a warning on its stderr rather than a crash; here, they are counted by a listener).
 * Exit code 1 when anything was lost or errored, a rejection went unhandled, or the bot did not exit 0.
 *
 * The default warm-up is long enough for the process to size itself for the load: V8 grows its young
 * generation and sets the old generation's limit from what survives, and RSS climbs ~20 MB over the first
 * ~2,000 interactions; from there it stays within a few MB up to 100,000 (botRssTimeline shows it). Measured
 * after 200, "start" would count that sizing as growth.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { payloadProblems } from '../src/discord/limits.ts';
import { startBotProcess, type BotProcess } from '../test-support/bot-process.ts';
import { FakeDiscord } from '../test-support/fake-discord.ts';
import { AskDriver, classify, latencySummary, loadQuestions, mb, parseCommandLine, round, runReport, type DriverCommandLine, type DriverCounts } from './ask-driver.ts';

type Options = DriverCommandLine;

export interface SoakReport extends DriverCounts {
  /** Non-2xx answers the local server gave the bot (status → count). */
  httpErrors: Record<string, number>;
  concurrency: number;
  warmup: number;
  users: number | 'one per interaction';
  durationMs: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  latencyByHalfMs: Array<{ p50: number; p99: number }>;
  /** The bot process's RSS. */
  botRssMB: { ready: number; start: number; middle: number; end: number; afterIdle: number; growthStartToEndPercent: number; growthMiddleToEndPercent: number };
  /** The bot's RSS every tenth of the run (after `done` interactions). */
  botRssTimeline: Array<{ done: number; mb: number }>;
  driverRssMB: { start: number; end: number };
  unhandledRejections: { bot: number; driver: number; messages: string[] };
  botLogErrors: number;
  botExit: { code: number | null; signal: string | null };
  feedbackDatabaseMB: number;
}

function options(argv: string[]): Options {
  return parseCommandLine(argv, { count: 20000, warmup: 2000, minCount: 2, users: true });
}

/** A process's resident set size in bytes (Linux /proc; elsewhere NaN). */
function rssOf(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) total += statSync(join(dir, entry.name)).size;
  return total;
}

/** Lines on the bot's stderr that are unhandled-rejection warnings (node prints one per rejection). */
const UNHANDLED = /UnhandledPromiseRejection|Unhandled promise rejection/;

export async function runSoak(opts: Options): Promise<SoakReport> {
  const driverRejections: string[] = [];
  const onRejection = (reason: unknown) => driverRejections.push(reason instanceof Error ? reason.message : String(reason));
  process.on('unhandledRejection', onRejection);

  const fake = await FakeDiscord.start({ callbackDeadlineMs: opts.deadlineMs });
  let bot: BotProcess | undefined;
  try {
    bot = startBotProcess({ token: fake.token, apiUrl: fake.apiBase, nodeArgs: ['--unhandled-rejections=warn-with-error-code'] });
    await bot.waitForLine(/^ready as /, 30_000);
    const pid = bot.pid;
    const readyRss = rssOf(pid);
    const driver = new AskDriver(fake, loadQuestions(), { concurrency: opts.concurrency, deadlineMs: opts.deadlineMs, users: opts.users, name: 'soak' });

    // The local server records everything; forget what has been tallied, so this process stays small.
    const httpErrors: Record<string, number> = {};
    const forget = () => {
      const pending = fake.requests.filter((r) => r.status === null);
      for (const r of fake.requests) if (r.status !== null && r.status >= 300) httpErrors[r.status] = (httpErrors[r.status] ?? 0) + 1;
      fake.requests.splice(0, fake.requests.length, ...pending);
      fake.callbacks.splice(0);
      fake.frames.splice(0);
    };

    if (opts.warmup > 0) await driver.run(opts.warmup, { keep: false });
    forget();
    for (const key of Object.keys(httpErrors)) delete httpErrors[key];
    const startRss = rssOf(pid);
    const driverStart = process.memoryUsage().rss;

    const tenth = Math.max(1, Math.floor(opts.count / 10));
    const timeline: SoakReport['botRssTimeline'] = [];
    const half = Math.floor(opts.count / 2);
    let middleRss = NaN;
    const latencies: number[] = [];
    const halves: number[][] = [[], []];
    const kinds = { answered: 0, notCovered: 0, notice: 0, error: 0 };
    let lost = 0;
    let limitViolations = 0;

    const started = performance.now();
    await driver.run(opts.count, {
      keep: false,
      onOutcome: (outcome, done) => {
        if (outcome.callback) {
          kinds[classify(outcome.callback)]++;
          latencies.push(outcome.ms);
          halves[done <= half ? 0 : 1]!.push(outcome.ms);
          if (outcome.callback.data) limitViolations += payloadProblems(outcome.callback.data).length;
        } else {
          lost++;
        }
        if (done % 1000 === 0) forget();
        if (done === half) middleRss = rssOf(pid);
        if (done % tenth === 0) timeline.push({ done, mb: mb(rssOf(pid)) });
      },
    });
    const durationMs = performance.now() - started;
    const endRss = rssOf(pid);
    const driverEnd = process.memoryUsage().rss;
    forget();
    await new Promise((r) => setTimeout(r, 2_000));
    const idleRss = rssOf(pid);
    const feedbackDatabaseMB = mb(dirSize(bot.dataDir));

    const botExit = await bot.stop('SIGTERM', 30_000);
    await bot.exited;
    const botRejections = bot.lines.filter((l) => l.stream === 'stderr' && UNHANDLED.test(l.text)).map((l) => l.text);
    const received = latencies.length;
    return {
      sent: opts.count,
      answered: kinds.answered + kinds.notCovered,
      notCovered: kinds.notCovered,
      notices: kinds.notice,
      errors: kinds.error,
      lost,
      limitViolations,
      httpErrors,
      concurrency: opts.concurrency,
      warmup: opts.warmup,
      users: opts.users ?? 'one per interaction',
      durationMs: Math.round(durationMs),
      throughputPerSecond: round((received / durationMs) * 1000),
      latencyMs: latencySummary(latencies),
      latencyByHalfMs: halves.map((h) => {
        const { p50, p99 } = latencySummary(h);
        return { p50, p99 };
      }),
      botRssMB: {
        ready: mb(readyRss),
        start: mb(startRss),
        middle: mb(middleRss),
        end: mb(endRss),
        afterIdle: mb(idleRss),
        growthStartToEndPercent: round(((endRss - startRss) / startRss) * 100),
        growthMiddleToEndPercent: round(((endRss - middleRss) / middleRss) * 100),
      },
      botRssTimeline: timeline,
      driverRssMB: { start: mb(driverStart), end: mb(driverEnd) },
      unhandledRejections: { bot: botRejections.length, driver: driverRejections.length, messages: [...botRejections, ...driverRejections].slice(0, 5) },
      botLogErrors: bot.lines.filter((l) => /^(error handling|client error|feedback not recorded)/.test(l.text)).length,
      botExit: { code: botExit.code, signal: botExit.signal },
      feedbackDatabaseMB,
    };
  } finally {
    process.off('unhandledRejection', onRejection);
    await bot?.dispose();
    await fake.close();
  }
}

function print(r: SoakReport): void {
  const signed = (percent: number) => `${percent >= 0 ? '+' : ''}${percent} %`;
  const growth = r.botRssMB.growthStartToEndPercent;
  const lines = [
    `sent        ${r.sent} /ask (after ${r.warmup} warm-up), ${r.concurrency} in flight at most, users: ${r.users}`,
    `answered    ${r.answered} (of which ${r.notCovered} "not covered"), notices ${r.notices}, errors ${r.errors}`,
    `lost        ${r.lost}`,
    `limits      ${r.limitViolations} payload problem(s); HTTP errors from the server: ${JSON.stringify(r.httpErrors)}`,
    `duration    ${r.durationMs} ms, ${r.throughputPerSecond} interactions/s`,
    `latency     p50 ${r.latencyMs.p50} ms · p90 ${r.latencyMs.p90} ms · p99 ${r.latencyMs.p99} ms · max ${r.latencyMs.max} ms (dispatch → callback)`,
    `            first half p50 ${r.latencyByHalfMs[0]!.p50} / p99 ${r.latencyByHalfMs[0]!.p99} ms, second half p50 ${r.latencyByHalfMs[1]!.p50} / p99 ${r.latencyByHalfMs[1]!.p99} ms`,
    `bot RSS     ready ${r.botRssMB.ready} MB, start ${r.botRssMB.start}, middle ${r.botRssMB.middle}, end ${r.botRssMB.end} (${signed(growth)} start → end${growth < 10 ? '' : ': over 10 %'}, ${signed(r.botRssMB.growthMiddleToEndPercent)} middle → end), 2 s idle later ${r.botRssMB.afterIdle}`,
    `            every tenth: ${r.botRssTimeline.map((t) => t.mb).join(' · ')} MB`,
    `driver RSS  ${r.driverRssMB.start} → ${r.driverRssMB.end} MB (the local server keeps every interaction it dispatched)`,
    `unhandled   ${r.unhandledRejections.bot} in the bot, ${r.unhandledRejections.driver} here${r.unhandledRejections.messages.length ? `: ${r.unhandledRejections.messages.join(' | ')}` : ''}`,
    `bot         exit ${JSON.stringify(r.botExit)} after SIGTERM, ${r.botLogErrors} error line(s) logged, feedback database ${r.feedbackDatabaseMB} MB`,
  ];
  console.log(lines.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runReport('soak', () => options(process.argv.slice(2)), runSoak, {
    print,
    failed: (report) =>
      report.lost > 0 ||
      report.errors > 0 ||
      report.limitViolations > 0 ||
      report.unhandledRejections.bot + report.unhandledRejections.driver > 0 ||
      report.botExit.code !== 0,
  });
}
