/**
 * Sharding, end to end: the real process with SHARD_COUNT=2 (src/main.ts → src/bot/shards.ts, discord.js's
 * ShardingManager) against a FakeDiscord that recommends 2 shards and has guilds on both. The manager
 * forks src/main.ts once per shard with SHARDING_MANAGER, SHARDS=<id>, SHARD_COUNT=2 and DISCORD_TOKEN
 * in the environment; main sees SHARDS and runs a single client, whose Client constructor reads SHARDS /
 * SHARD_COUNT from process.env and identifies as [id, 2].
 *
 * maxConcurrency: 2 keeps discord.js from spacing the two IDENTIFYs 5 s apart; the manager still waits
 * its default 5.5 s between spawning shard 0 and shard 1, so one sharded start takes ~9 s here.
 * The tests marked BUG show bugs (see the notes next to them) and fail until they are fixed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { childPids, isAlive, startBotProcess, waitForExit, type BotProcess } from '../../test-support/bot-process.ts';
import { FakeDiscord, shardIdForGuild, snowflake } from '../../test-support/fake-discord.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()?.()).catch(() => undefined);
});

async function startFake(options: Parameters<typeof FakeDiscord.start>[0] = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start({ callbackDeadlineMs: 3_000, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

/** Starts the manager; the cleanup also ends any shard process it leaves behind (by pid). */
function startManager(fake: FakeDiscord, env: Record<string, string>): { bot: BotProcess; shardPids: Set<number> } {
  const bot = startBotProcess({ token: fake.token, apiUrl: fake.apiBase, env });
  const shardPids = new Set<number>();
  // Watch the manager's children as they are forked, so they can be checked (and ended) after it exits.
  const watch = setInterval(() => {
    for (const pid of childPids(bot.pid)) shardPids.add(pid);
  }, 50);
  cleanups.push(async () => {
    clearInterval(watch);
    await bot.dispose();
    for (const pid of shardPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  return { bot, shardPids };
}

function ask(fake: FakeDiscord, guildId: string) {
  const id = snowflake(Date.now() - 600 * 86_400_000);
  const user = { id, username: `u${id.slice(-5)}`, global_name: null };
  return fake.buildCommand('ask', { question: '什么是自主智能' }, { guildId, locale: 'zh-CN', user });
}

/** Facts from the sharded run, for the shutdown-order test after it. */
let shutdown: { shardsAliveWhenManagerExited: number[]; shardPids: number[] } | undefined;

describe('SHARD_COUNT=2: the ShardingManager and one process per shard', () => {
  test('both shards identify ([0,2], [1,2]), each guild is answered by its shard, the manager logs the total, SIGTERM stops all', async () => {
    // 3 guilds on alternating shards: one shard gets 2, the other 1, so the total (3) is neither count doubled.
    const fake = await startFake({ shards: 2, maxConcurrency: 2, guilds: 3 });
    const byShard = fake.guilds.map((g) => shardIdForGuild(g.id, 2));
    const perShard = [0, 1].map((shard) => byShard.filter((s) => s === shard).length);
    expect([...perShard].sort()).toEqual([1, 2]);
    const { bot, shardPids } = startManager(fake, { SHARD_COUNT: '2', BOT_TEST_DELAY_MS: '1000' });

    const total = await bot.waitForLine(/^all 2 shards ready/, 30_000);
    expect(total).toBe('all 2 shards ready: 3 guild(s) in total');
    expect(fake.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.identifies.every((i) => i.tokenValid)).toBe(true);
    expect(shardPids.size).toBe(2);
    expect(bot.lines.map((l) => l.text)).toEqual([
      'shard 0 started',
      `ready as talk-qa-test in ${perShard[0]} guild(s)`,
      'shard 1 started',
      `ready as talk-qa-test in ${perShard[1]} guild(s)`,
      'all 2 shards ready: 3 guild(s) in total',
    ]);

    // One /ask per guild, all at once: each reaches its shard's session and is answered.
    const interactions = fake.guilds.map((g) => ask(fake, g.id));
    const dispatches = await Promise.all(interactions.map((i) => fake.dispatchInteraction(i)));
    expect(dispatches.map((d) => d.shardId)).toEqual(byShard);
    expect(new Set(dispatches.map((d) => d.sessionId)).size).toBe(2);
    const callbacks = await Promise.all(interactions.map((i) => fake.waitForCallback(i.id, 5_000)));
    for (const callback of callbacks) {
      expect(callback.type).toBe(4);
      expect(callback.data.embeds[0].description).toContain('`obs6-p3`');
    }

    // SIGTERM to the manager with an /ask in flight on each shard: both answered, every process ends.
    const inFlight = [0, 1].map((shard) => ask(fake, fake.guilds[byShard.indexOf(shard)]!.id));
    for (const i of inFlight) await fake.dispatchInteraction(i);
    await sleep(100);
    const pids = [...shardPids];
    let aliveAtExit: number[] = [];
    bot.child.once('exit', () => {
      aliveAtExit = pids.filter(isAlive);
    });
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const late = await Promise.all(inFlight.map((i) => fake.waitForCallback(i.id, 5_000)));
    for (const callback of late) expect(callback.data.embeds[0].description).toContain('`obs6-p3`');
    await waitForExit(pids, 10_000);
    shutdown = { shardsAliveWhenManagerExited: aliveAtExit, shardPids: pids };

    await sleep(50);
    expect(bot.lines.filter((l) => l.text.startsWith('SIGTERM: ')).map((l) => l.text)).toEqual([
      'SIGTERM: finishing in-flight interactions, then closing.',
      'SIGTERM: finishing in-flight interactions, then closing.',
    ]);
    expect(bot.stderr()).toBe('');
    expect(fake.connections.map((c) => [c.shard, c.closedBy, c.closeCode])).toEqual([
      [[0, 2], 'client', 1000],
      [[1, 2], 'client', 1000],
    ]);
    expect(bot.stdout()).not.toContain(fake.token);
  }, 40_000);

  // BUG (src/bot/shards.ts, stop()): Shard.kill() sends SIGTERM and removes discord.js's exit listener, and
  // the manager resolves at once, so it exits while its shards are still finishing their interactions.
  // Where the manager is the container's main process, its exit tears the container down and the shards
  // with their in-flight answers are SIGKILLed. The manager should wait for each shard process to exit.
  test('the manager exits only after its shard processes have exited', () => {
    expect(shutdown, 'needs the sharded run above').toBeDefined();
    expect(shutdown!.shardPids).toHaveLength(2);
    expect(shutdown!.shardsAliveWhenManagerExited).toEqual([]);
  });

  // BUG (src/bot/shards.ts): the SIGINT/SIGTERM handlers are installed only after manager.spawn() has
  // resolved (≥ 5.5 s per extra shard). A signal before that kills the manager outright and the shards
  // already forked keep running, connected and answering, with no parent: a restart then runs two bots.
  test('SIGTERM while the shards are still being spawned leaves no shard process behind', async () => {
    const fake = await startFake({ shards: 2, maxConcurrency: 2, guilds: 2 });
    const { bot, shardPids } = startManager(fake, { SHARD_COUNT: '2' });
    await bot.waitForLine(/^ready as /, 20_000); // shard 0 is up; the manager waits 5.5 s before shard 1
    const pids = [...new Set([...shardPids, ...childPids(bot.pid)])];
    expect(pids).toHaveLength(1);
    await bot.stop('SIGTERM');
    await expect(waitForExit(pids, 5_000)).resolves.toBeUndefined();
    expect(fake.connections.filter((c) => c.closedAt === null)).toEqual([]);
  }, 30_000);
});

test('a shard process that dies is respawned and answers again; one dying again and again makes the manager stop and exit 1', async () => {
  const fake = await startFake();
  const { bot } = startManager(fake, { SHARD_COUNT: '1' });
  await bot.waitForLine(/^all 1 shards ready/, 20_000);
  const firstShard = childPids(bot.pid);
  expect(firstShard).toHaveLength(1);
  process.kill(firstShard[0]!, 'SIGKILL');
  await bot.waitForLine('shard 0 exited (code null): respawning (1 of 3)', 5_000);
  await waitForLines(bot, /^ready as /, 2, 20_000);
  const interaction = ask(fake, fake.guilds[0]!.id);
  await fake.dispatchInteraction(interaction);
  const answered = await fake.waitForCallback(interaction.id, 5_000);
  expect(answered.data.embeds[0].description).toContain('`obs6-p3`');

  // Three more deaths within the window: the third one past the limit ends the manager.
  for (let death = 2; death <= 4; death++) {
    const pid = await waitForValue(() => childPids(bot.pid).find((p) => !firstShard.includes(p)), 10_000);
    firstShard.push(pid);
    process.kill(pid, 'SIGKILL');
    if (death <= 3) await bot.waitForLine(`shard 0 exited (code null): respawning (${death} of 3)`, 5_000);
  }
  expect(await bot.exited).toEqual({ code: 1, signal: null });
  expect(bot.stderr()).toContain('shard 0 exited (code null) 4 times within 10 min: giving up, stopping every shard\n');
  await waitForExit(firstShard, 5_000);
}, 60_000);

test('a shard process whose manager is killed outright (SIGKILL) exits too', async () => {
  const fake = await startFake();
  const { bot, shardPids } = startManager(fake, { SHARD_COUNT: '1' });
  await bot.waitForLine(/^all 1 shards ready/, 20_000);
  const pids = [...shardPids];
  expect(pids).toHaveLength(1);
  process.kill(bot.pid, 'SIGKILL');
  await expect(waitForExit(pids, 5_000)).resolves.toBeUndefined();
}, 30_000);

async function waitForLines(bot: BotProcess, pattern: RegExp, count: number, timeoutMs: number): Promise<void> {
  await waitForValue(() => (bot.lines.filter((l) => pattern.test(l.text)).length >= count ? true : undefined), timeoutMs);
}

async function waitForValue<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await sleep(50);
  }
}

// BUG (src/main.ts / discord.js): .env.example leaves `SHARD_COUNT=` empty, so a .env copied from it puts
// SHARD_COUNT="" in the environment. loadConfig() reads that as "no sharding", but discord.js's Client
// constructor reads process.env.SHARD_COUNT itself (Number("") = 0) and throws "The shardCount option
// must be a number greater than or equal to 1": the bot cannot log in at all.
test('an empty SHARD_COUNT (as .env.example leaves it) runs one unsharded client', async () => {
  const fake = await startFake();
  const { bot } = startManager(fake, { SHARD_COUNT: '' });
  const first = await bot.waitForLine(/^ready as /, 15_000).catch(() => `exited ${JSON.stringify(bot.child.exitCode)}: ${bot.stderr().trim()}`);
  expect(first).toBe('ready as talk-qa-test in 1 guild(s)');
  expect(fake.identifies.map((i) => i.shard)).toEqual([[0, 1]]);
  expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
});
