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
  try {
    await manager.spawn({ timeout: 60_000 });
    const counts = (await manager.fetchClientValues('guilds.cache.size')) as number[];
    log(`all ${manager.totalShards} shards ready: ${counts.reduce((a, b) => a + b, 0)} guild(s) in total`);
  } catch (error) {
    log(`sharding failed: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      for (const shard of manager.shards.values()) shard.kill();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
