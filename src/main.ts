/**
 * `npm start`: the bot when DISCORD_TOKEN is set (through the ShardingManager when SHARD_COUNT is set);
 * otherwise the local console in a terminal, or how to configure the token when there is none.
 *
 * Exit codes (README "Operations"): 0 stopped by SIGINT/SIGTERM (a second signal: 1, at once); 1 a fatal condition (login refused or not
 * ready in time, a gateway close Discord never recovers from, an unusable database, shards that keep dying);
 * 2 bad configuration (each bad setting is one line naming it).
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig, redact, type BotConfig } from './bot/config.ts';

export const EXIT = { stopped: 0, fatal: 1, badConfig: 2 } as const;

async function main(): Promise<number> {
  let config: BotConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(problem);
    return EXIT.badConfig;
  }
  if (!config.token) {
    if (!process.stdin.isTTY) {
      console.error('No DISCORD_TOKEN set, and no terminal for the local console. To run the bot, put DISCORD_TOKEN=<your bot token> in .env (cp .env.example .env; see README "Put the bot in a Discord server") or in the environment.');
      return EXIT.badConfig;
    }
    console.log('No DISCORD_TOKEN set: opening the local console instead of the Discord bot (see .env.example).');
    const [{ runConsole }, { AnswerEngine }] = await Promise.all([import('./cli/console.ts'), import('./engine/answer-engine.ts')]);
    return runConsole(AnswerEngine.fromCorpus(), { out: process.stdout, stdin: process.stdin });
  }
  // Signals are caught from here on: one arriving during login or spawning must not kill the process outright.
  const stopping = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      if (signalled) {
        // A second signal: the operator does not want to wait for the drain.
        console.error(`${signal} again: exiting now, without waiting for in-flight interactions.`);
        process.exit(EXIT.fatal);
      }
      signalled = signal;
      stopping.abort();
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
  if (config.shardCount && !process.env.SHARDS) {
    const { startShards } = await import('./bot/shards.ts');
    return startShards(config, stopRequested);
  }
  // A shard process ends with its manager, however the manager ended (a second signal, SIGKILL): otherwise it would
  // stay connected with no parent, and a restart would run two bots.
  if (process.env.SHARDING_MANAGER && process.send) {
    process.on('disconnect', () => {
      console.error('The ShardingManager is gone: exiting.');
      process.exit(EXIT.fatal);
    });
  }
  // discord.js's Client reads SHARDS and SHARD_COUNT from the environment itself. Outside a shard process they
  // are only this program's settings: an empty SHARD_COUNT= (as in .env.example) would be shardCount 0 to it.
  if (!process.env.SHARDING_MANAGER) {
    delete process.env.SHARD_COUNT;
    delete process.env.SHARDS;
  }
  boundHeapGrowth();
  const { AnswerEngine } = await import('./engine/answer-engine.ts');
  const engine = AnswerEngine.fromCorpus();
  const { FeedbackStore } = await import('./feedback/store.ts');
  let feedback;
  try {
    feedback = FeedbackStore.open(config.feedbackDatabase, { retentionDays: config.retentionDays, salt: config.feedbackSalt });
  } catch (error) {
    console.error((error as Error).message);
    return EXIT.fatal;
  }
  // Retention runs daily while the bot stays up, not only at start.
  const pruning = setInterval(() => feedback.prune(new Date()), 86_400_000);
  pruning.unref();
  let bot: Awaited<ReturnType<typeof import('./bot/client.ts').startBot>>;
  try {
    const delay = Number(process.env.BOT_TEST_DELAY_MS ?? 0);
    const { startBot } = await import('./bot/client.ts');
    // BOT_TEST_DELAY_MS (tests only) simulates slow work, so the deferred path can be tested end to end.
    bot = await startBot({ config, engine, feedback, signal: stopping.signal, ...(delay > 0 ? { workDelayMs: delay } : {}) });
  } catch (error) {
    feedback.close();
    if (signalled) {
      console.log(`${signalled} during login: stopped.`);
      return EXIT.stopped;
    }
    console.error(`Could not log in to Discord: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    return EXIT.fatal;
  }
  const outcome = await Promise.race([stopRequested.then((signal) => ({ signal })), bot.fatal.then((line) => ({ fatal: line }))]);
  if ('signal' in outcome) console.log(`${outcome.signal}: finishing in-flight interactions, then closing.`);
  else console.error(outcome.fatal);
  await bot.stop().catch(() => undefined);
  feedback.close();
  return 'signal' in outcome ? EXIT.stopped : EXIT.fatal;
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
      process.exit(EXIT.fatal);
    },
  );
}
