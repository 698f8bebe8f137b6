/**
 * Scaling out with discord.js's own ShardingManager: one child process per shard, each running
 * src/main.ts (which sees SHARDS set and runs a single client). Used when SHARD_COUNT is set.
 */
import { ShardingManager } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { redact, type BotConfig } from './config.ts';
import { extname } from 'node:path';

export async function startShards(config: BotConfig, log: (line: string) => void = console.log): Promise<number> {
  const manager = new ShardingManager(fileURLToPath(new URL(`../main${extname(fileURLToPath(import.meta.url))}`, import.meta.url)), {
    token: config.token,
    totalShards: config.shardCount!,
    // From src/ (tsx) the shards need tsx too; from dist/ they are plain node.
    execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [],
    respawn: false,
  });
  manager.on('shardCreate', (shard) => log(`shard ${shard.id} started`));
  // Signals are handled from the start: spawning takes 5.5 s per extra shard, and shards already forked
  // must not be left running without their manager.
  let signalled!: () => void;
  const stopRequested = new Promise<void>((resolve) => (signalled = resolve));
  process.once('SIGINT', () => signalled());
  process.once('SIGTERM', () => signalled());
  /** SIGTERM to every shard process, resolved when all have exited (they finish their interactions first). */
  const stopShards = () =>
    Promise.all(
      [...manager.shards.values()].map(
        (shard) =>
          new Promise<void>((resolve) => {
            const child = shard.process;
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            shard.kill();
          }),
      ),
    );
  const spawned = manager.spawn({ timeout: 60_000 });
  spawned.catch(() => undefined); // observed below, or abandoned when a signal comes first
  try {
    const first = await Promise.race([spawned.then(() => 'spawned' as const), stopRequested.then(() => 'signal' as const)]);
    if (first === 'signal') {
      await stopShards();
      return 0;
    }
    const counts = (await manager.fetchClientValues('guilds.cache.size')) as number[];
    log(`all ${manager.totalShards} shards ready: ${counts.reduce((a, b) => a + b, 0)} guild(s) in total`);
  } catch (error) {
    log(`sharding failed: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    await stopShards();
    return 1;
  }
  await stopRequested;
  await stopShards();
  return 0;
}
