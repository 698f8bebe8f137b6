/**
 * Scaling out with discord.js's own ShardingManager: one child process per shard, each running
 * src/main.ts (which sees SHARDS set and runs a single client). Used when SHARD_COUNT is set.
 *
 * A shard process that dies is respawned, at most `SHARD_RESPAWNS.max` times within `SHARD_RESPAWNS.windowMs`
 * (a shard that dies again and again — a refused token, a crash at start — is not retried forever); past
 * that the manager stops the other shards and exits 1, so a supervisor sees the failure. Each death and
 * respawn is one line.
 */
import { ShardingManager, type Shard } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { redact, type BotConfig } from './config.ts';
import { extname } from 'node:path';

export const SHARD_RESPAWNS = { max: 3, windowMs: 10 * 60_000, delayMs: 1_000 } as const;

/**
 * Runs the shards until `stopRequested` resolves (SIGINT/SIGTERM: exit code 0 once every shard process has
 * exited) or a shard dies too often (1).
 */
export async function startShards(config: BotConfig, stopRequested: Promise<unknown>, log: (line: string) => void = console.log): Promise<number> {
  const manager = new ShardingManager(fileURLToPath(new URL(`../main${extname(fileURLToPath(import.meta.url))}`, import.meta.url)), {
    token: config.token,
    totalShards: config.shardCount!,
    // From src/ (tsx) the shards need tsx too; from dist/ they are plain node.
    execArgv: import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [],
    respawn: false, // respawned here, a bounded number of times
  });
  let stopping = false;
  let gaveUp!: (line: string) => void;
  const givenUp = new Promise<string>((resolve) => (gaveUp = resolve));
  const deaths = new Map<number, number[]>();
  manager.on('shardCreate', (shard) => {
    log(`shard ${shard.id} started`);
    shard.on('death', (child) => onDeath(shard, (child as { exitCode?: number | null }).exitCode ?? null));
  });
  const onDeath = (shard: Shard, code: number | null) => {
    if (stopping) return;
    const now = Date.now();
    const recent = (deaths.get(shard.id) ?? []).filter((at) => now - at < SHARD_RESPAWNS.windowMs);
    recent.push(now);
    deaths.set(shard.id, recent);
    if (recent.length > SHARD_RESPAWNS.max) {
      gaveUp(`shard ${shard.id} exited (code ${code}) ${recent.length} times within ${SHARD_RESPAWNS.windowMs / 60_000} min: giving up, stopping every shard`);
      return;
    }
    log(`shard ${shard.id} exited (code ${code}): respawning (${recent.length} of ${SHARD_RESPAWNS.max})`);
    // After a pause (discord.js emits 'death' before it lets go of the old process; and no tight crash loop).
    setTimeout(() => {
      if (stopping) return;
      shard.spawn(60_000).catch((error: unknown) => log(`shard ${shard.id} respawn failed: ${redact(error instanceof Error ? error.message : String(error), config.token)}`));
    }, SHARD_RESPAWNS.delayMs);
  };
  /** SIGTERM to every shard process, resolved when all have exited (they finish their interactions first). */
  const stopShards = () => {
    stopping = true;
    return Promise.all(
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
  };
  const spawned = manager.spawn({ timeout: 60_000 });
  spawned.catch(() => undefined); // observed below, or abandoned when a signal comes first
  try {
    // Spawning takes 5.5 s per extra shard: a signal meanwhile must not leave the shards already forked running.
    const first = await Promise.race([spawned.then(() => 'spawned' as const), stopRequested.then(() => 'signal' as const)]);
    if (first === 'signal') {
      await stopShards();
      return 0;
    }
    const counts = (await manager.fetchClientValues('guilds.cache.size')) as number[];
    log(`all ${manager.totalShards} shards ready: ${counts.reduce((a, b) => a + b, 0)} guild(s) in total`);
  } catch (error) {
    console.error(`sharding failed: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    await stopShards();
    return 1;
  }
  const end = await Promise.race([stopRequested.then(() => undefined), givenUp]);
  if (end) console.error(end);
  await stopShards();
  return end ? 1 : 0;
}
