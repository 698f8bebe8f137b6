/**
 * Load test of the real bot: FakeDiscord (test-support/fake-discord.ts) and the bot (startBot, the real
 * engine and commands) in this process, N /ask interactions sent over the gateway as fast as the bot
 * takes them, with a bounded number in flight (scripts/ask-driver.ts). Questions are the eval set's
 * (corpus/eval/questions.jsonl), in zh-CN or en-US by their language, each from a distinct user so the
 * cooldown does not throttle. scripts/soak.ts is the long-running variant, with the bot in its own process.
 *
 *   npx tsx scripts/load.ts [--count 2000] [--concurrency 50] [--warmup 50] [--deadline 3000] [--json]
 *
 * Latency is from dispatch (INTERACTION_CREATE written to the socket) to the callback arriving at the
 * fake. `lost` counts interactions with no accepted callback (the fake refuses callbacks later than
 * --deadline ms, as Discord does after 3 s). Exit code 1 when anything was lost, errored or broke a limit.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Events } from 'discord.js';
import { once } from 'node:events';
import { startBot } from '../src/bot/client.ts';
import { loadConfig } from '../src/bot/config.ts';
import { payloadProblems } from '../src/discord/limits.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { FakeDiscord } from '../test-support/fake-discord.ts';
import { AskDriver, classify, latencySummary, loadQuestions, mb, parseCommandLine, round, runReport, type DriverCommandLine, type DriverCounts } from './ask-driver.ts';

type Options = DriverCommandLine;

export interface LoadReport extends DriverCounts {
  concurrency: number;
  warmup: number;
  durationMs: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  rssMB: { before: number; after: number };
  heapUsedMB: { before: number; after: number };
  botLogErrors: number;
}

function options(argv: string[]): Options {
  return parseCommandLine(argv, { count: 2000, warmup: 50, minCount: 1, users: false });
}

export async function runLoad(opts: Options): Promise<LoadReport> {
  const questions = loadQuestions();
  const fake = await FakeDiscord.start({ callbackDeadlineMs: opts.deadlineMs });
  const logs: string[] = [];
  const bot = await startBot({
    config: { ...loadConfig({}, false), token: fake.token, apiUrl: fake.apiBase },
    engine: AnswerEngine.fromCorpus(),
    now: () => new Date('2026-11-29T00:00:00Z'),
    log: (line) => logs.push(line),
  });
  if (!bot.client.isReady()) await once(bot.client, Events.ClientReady);

  const driver = new AskDriver(fake, questions, { concurrency: opts.concurrency, deadlineMs: opts.deadlineMs });

  try {
    if (opts.warmup > 0) await driver.run(opts.warmup);
    const warmupRequests = fake.requests.length;
    global.gc?.();
    const before = process.memoryUsage();
    const started = performance.now();
    const outcomes = await driver.run(opts.count);
    const durationMs = performance.now() - started;
    const after = process.memoryUsage();

    const received = outcomes.filter((o) => o.callback);
    const kinds = received.map((o) => classify(o.callback!));
    const count = (...wanted: string[]) => kinds.filter((k) => wanted.includes(k)).length;
    let limitViolations = 0;
    for (const request of fake.requests.slice(warmupRequests)) {
      if (request.method === 'POST' && request.path.endsWith('/callback') && request.body?.data) {
        limitViolations += payloadProblems(request.body.data).length;
      }
    }
    return {
      sent: opts.count,
      answered: count('answered', 'notCovered'),
      notCovered: count('notCovered'),
      notices: count('notice'),
      errors: count('error'),
      lost: opts.count - received.length,
      limitViolations,
      concurrency: opts.concurrency,
      warmup: opts.warmup,
      durationMs: Math.round(durationMs),
      throughputPerSecond: round((received.length / durationMs) * 1000),
      latencyMs: latencySummary(received.map((o) => o.ms)),
      rssMB: { before: mb(before.rss), after: mb(after.rss) },
      heapUsedMB: { before: mb(before.heapUsed), after: mb(after.heapUsed) },
      botLogErrors: logs.filter((l) => l.startsWith('error handling') || l.startsWith('client error')).length,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await fake.close();
  }
}

function print(report: LoadReport): void {
  const lines = [
    `sent        ${report.sent} /ask (after ${report.warmup} warm-up), ${report.concurrency} in flight at most`,
    `answered    ${report.answered} (of which ${report.notCovered} "not covered"), notices ${report.notices}, errors ${report.errors}`,
    `lost        ${report.lost}`,
    `limits      ${report.limitViolations} payload problem(s)`,
    `duration    ${report.durationMs} ms`,
    `throughput  ${report.throughputPerSecond} interactions/s`,
    `latency     p50 ${report.latencyMs.p50} ms · p90 ${report.latencyMs.p90} ms · p99 ${report.latencyMs.p99} ms · max ${report.latencyMs.max} ms (dispatch → callback)`,
    `memory      RSS ${report.rssMB.before} → ${report.rssMB.after} MB, heap ${report.heapUsedMB.before} → ${report.heapUsedMB.after} MB (the fake keeps every request it saw)`,
  ];
  if (report.botLogErrors) lines.push(`bot log     ${report.botLogErrors} error line(s)`);
  console.log(lines.join('\n'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runReport('load', () => options(process.argv.slice(2)), runLoad, {
    print,
    failed: (report) => report.lost > 0 || report.errors > 0 || report.limitViolations > 0,
  });
}
