/**
 * `npm start`: the bot when DISCORD_TOKEN is set (through the ShardingManager when SHARD_COUNT is set),
 * otherwise a one-line notice and the local console, where the bot's commands can be typed.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { loadConfig, redact } from './bot/config.ts';
import { runConsole } from './cli/console.ts';
import { AnswerEngine } from './engine/answer-engine.ts';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.token) {
    console.log('No DISCORD_TOKEN set: opening the local console instead of the Discord bot (see .env.example).');
    return runConsole(AnswerEngine.fromCorpus(), { out: process.stdout, stdin: process.stdin });
  }
  if (config.shardCount && !process.env.SHARDS) {
    const { startShards } = await import('./bot/shards.ts');
    return startShards(config);
  }
  // discord.js's Client reads SHARDS and SHARD_COUNT from the environment itself. Outside a shard process they
  // are only this program's settings: an empty SHARD_COUNT= (as in .env.example) would be shardCount 0 to it.
  if (!process.env.SHARDING_MANAGER) {
    delete process.env.SHARD_COUNT;
    delete process.env.SHARDS;
  }
  boundHeapGrowth();
  const engine = AnswerEngine.fromCorpus();
  const { FeedbackStore } = await import('./feedback/store.ts');
  let feedback;
  try {
    feedback = FeedbackStore.open(config.feedbackDatabase, { retentionDays: config.retentionDays, salt: config.feedbackSalt });
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  // Retention runs daily while the bot stays up, not only at start.
  const pruning = setInterval(() => feedback.prune(new Date()), 86_400_000);
  pruning.unref();
  // Signals are caught from here on: one arriving during login must not kill the process outright.
  let signalled: string | undefined;
  const stopRequested = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve((signalled = 'SIGINT')));
    process.once('SIGTERM', () => resolve((signalled = 'SIGTERM')));
  });
  let bot: Awaited<ReturnType<typeof import('./bot/client.ts').startBot>>;
  try {
    const delay = Number(process.env.BOT_TEST_DELAY_MS ?? 0);
    const { startBot } = await import('./bot/client.ts');
    // BOT_TEST_DELAY_MS (tests only) simulates slow work, so the deferred path can be tested end to end.
    bot = await startBot({ config, engine, feedback, ...(delay > 0 ? { workDelayMs: delay } : {}) });
  } catch (error) {
    console.error(`Could not log in to Discord: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    feedback.close();
    return signalled ? 0 : 1;
  }
  const signal = await stopRequested;
  console.log(`${signal}: finishing in-flight interactions, then closing.`);
  await bot.stop().catch(() => undefined);
  feedback.close();
  return 0;
}

/**
 * How far V8 lets the old generation grow past the live heap before collecting it. By default the factor
 * follows the machine's memory (up to 4× on this one), not the program's: under sustained load each
 * interaction leaves ~13 KB in the old generation (REST requests, reply payloads and query objects still in
 * use at two young collections), so a live heap of ~34 MB that never grows drove RSS from ~170 MB to a
 * 220–290 MB swing (scripts/soak.ts). 1.5× keeps the heap near 85 MB for a few more, mostly concurrent,
 * major collections.
 * Set at start, while the heap is small; a --heap-growing-percent given to node wins.
 */
const HEAP_GROWING_PERCENT = 50;

function boundHeapGrowth(): void {
  if (process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent/.test(arg))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`talk-qa: ${redact(error instanceof Error ? error.message : String(error), process.env.DISCORD_TOKEN)}`);
      process.exit(1);
    },
  );
}
