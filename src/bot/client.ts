/**
 * The Discord client: Guilds intent only, mentions off by default, events wired to the interaction
 * handler. Kept apart from the commands (which only see interactions) and from main (which decides
 * whether to run the bot at all). What it guarantees:
 * - a malformed packet (an interaction without data, user or message; `d: null`) is dropped with one
 *   rate-limited line instead of throwing out of discord.js's packet handler;
 * - a gateway close Discord will never let it recover from (4004, 4010–4014) resolves `fatal` with one line;
 * - the login reaches READY within `loginTimeoutMs` (progress logged every 10 s) or fails, and stops at once
 *   when `signal` aborts;
 * - an interaction arriving after Discord's 3 s window is dropped (nobody can be answered), one arriving
 *   late or while too many are being worked on is told the bot is busy, and past a bound on such notices
 *   even the notice is skipped (memory stays bounded under any flood);
 * - `stop()` drains in-flight interactions for at most `drainMs`, then says how many it abandoned;
 * - a question asked before is answered from a bounded cache (answer-cache.ts), not by the engine again.
 */
import { Client, Events, GatewayCloseCodes, GatewayIntentBits, MessageFlags, Options, type Interaction } from 'discord.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnswerEngine } from '../engine/answer-engine.ts';
import { allSuggestions } from '../engine/suggestions.ts';
import type { BotConfig } from './config.ts';
import { CONFIG_DEFAULTS, redact } from './config.ts';
import { withAnswerCache } from './answer-cache.ts';
import { createInteractionHandler } from './interaction-handler.ts';
import { loadCommands } from './load-commands.ts';
import { RateLimitedLog } from './rate-limited-log.ts';
import { INTERACTION_WINDOW_MS, restPolicy } from './rest-policy.ts';
import { NO_MENTIONS } from '../discord/safety.ts';
import { LABELS, langOf } from '../render/labels.ts';
import type { FeedbackStore } from '../feedback/store.ts';

/** Tunables of the lifecycle, in one place (startBot's `limits` overrides them, for tests). */
export const LIFECYCLE = Object.freeze({
  /** How long stop() waits for in-flight interactions before closing anyway. */
  drainMs: 10_000,
  /** How long client.destroy() may take before the process goes on without it (after a failed login: less). */
  destroyMs: 2_000,
  destroyAfterFailedLoginMs: 500,
  /** How often a login still waiting for READY says so. */
  loginProgressMs: 10_000,
  /**
   * An interaction this old when it reaches the handler is told the bot is busy: it waited that long behind
   * others, so the bot is behind, and its answer might not make Discord's 3 s.
   */
  busyAfterMs: 1_500,
  /**
   * At most this many interactions are worked on at once; more are told the bot is busy. Bounds memory under
   * overload; a healthy bot has rate × reply latency in flight (3,000/s × 100 ms = 300).
   */
  maxWorking: 500,
  /** At most this many "busy" notices in flight (each little more than its REST request); past it, dropped. */
  maxNotices: 2_500,
});

export type Lifecycle = { readonly [K in keyof typeof LIFECYCLE]: number };

/** Gateway closes discord.js never recovers from, and what the operator should do. */
const FATAL_CLOSES: Record<number, string> = {
  [GatewayCloseCodes.AuthenticationFailed]: 'Authentication failed: DISCORD_TOKEN is wrong or was reset',
  [GatewayCloseCodes.InvalidShard]: 'Invalid shard: check SHARD_COUNT',
  [GatewayCloseCodes.ShardingRequired]: 'Sharding required: the bot is in too many guilds for one connection, set SHARD_COUNT',
  [GatewayCloseCodes.InvalidAPIVersion]: 'Invalid API version: update discord.js',
  [GatewayCloseCodes.InvalidIntents]: 'Invalid intents',
  [GatewayCloseCodes.DisallowedIntents]: 'Disallowed intents: enable them for the application in the Developer Portal',
};

export interface StartedBot {
  client: Client;
  /** Resolves with one line when the gateway closed for good (4004, 4010–4014): the bot can do nothing more. */
  fatal: Promise<string>;
  /** Waits for in-flight interactions (at most `drainMs`), then closes the gateway connection. */
  stop: (drainMs?: number) => Promise<void>;
}

export interface StartOptions {
  config: Pick<BotConfig, 'token' | 'apiUrl'> & Partial<Pick<BotConfig, 'loginTimeoutMs' | 'answerCacheSize'>>;
  engine: AnswerEngine;
  log?: (line: string) => void;
  now?: () => Date;
  workDelayMs?: number;
  deferAfterMs?: number;
  feedback?: FeedbackStore;
  /** Aborting it during the login makes startBot reject at once (the client is destroyed). */
  signal?: AbortSignal;
  /** Overrides of LIFECYCLE (tests: small bounds to reach the overload paths). */
  limits?: Partial<Lifecycle>;
}

export async function startBot({ config, engine, log = console.log, now = () => new Date(), workDelayMs, deferAfterMs, feedback, signal, limits: overrides }: StartOptions): Promise<StartedBot> {
  const limits: Lifecycle = { ...LIFECYCLE, ...overrides };
  const say = (line: string) => log(redact(line, config.token));
  const rare = new RateLimitedLog(say);
  const commands = await loadCommands();
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    // Every interaction brings its user (and, in a guild, its member), which discord.js caches without limit.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: 1_000, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    rest: { ...restPolicy(), ...(config.apiUrl ? { api: config.apiUrl } : {}) },
  });
  guardPackets(client, rare);
  const fatal = new Promise<string>((resolve) => {
    client.on(Events.ShardDisconnect, ({ code }, shardId) => {
      resolve(`Discord closed the gateway for good (shard ${shardId}, code ${code}): ${FATAL_CLOSES[code] ?? 'not recoverable'}.`);
    });
  });

  const answering = withAnswerCache(engine, config.answerCacheSize ?? CONFIG_DEFAULTS.answerCacheSize);
  const handle = createInteractionHandler(commands, { engine: answering, now, workDelayMs, deferAfterMs, feedback, log: say }, { log: say });
  const inFlight = new Set<Promise<void>>();
  let working = 0;
  let noticing = 0;
  client.on(Events.InteractionCreate, (interaction) => {
    const age = Date.now() - interaction.createdTimestamp;
    if (age >= INTERACTION_WINDOW_MS) {
      rare.note('late interaction', `dropped an interaction that arrived ${age} ms after Discord created it (past its 3 s window; if every one is, check that this machine's clock is synchronised)`);
      return;
    }
    const busy = age >= limits.busyAfterMs || working >= limits.maxWorking;
    // Past its bound even a "busy" notice is more than the bot can take on: dropped, so memory stays bounded.
    if (busy && noticing >= limits.maxNotices) {
      rare.note('overflow', `dropped an interaction unanswered: ${working} being answered and ${noticing} busy notices in flight, the most the bot takes on`);
      return;
    }
    if (busy) rare.note('busy', `busy: told a user to retry (interaction ${age} ms old on arrival, ${working} being answered)`);
    if (busy) noticing++;
    else working++;
    // The handler catches its own errors; this catch is for what escapes it, and for a busy notice that failed
    // (under overload many may: one line a minute).
    const work = (busy ? sayBusy(interaction) : handle(interaction))
      .catch((error: unknown) => rare.note('interaction dropped', `interaction dropped: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        inFlight.delete(work);
        if (busy) noticing--;
        else working--;
      });
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => say(`client error: ${error.message}`));
  client.once(Events.ClientReady, (c) => say(`ready as ${c.user.tag} in ${c.guilds.cache.size} guild(s)`));
  // Autocomplete's questions are each checked against the engine once (a few hundred asks, ~0.4 s): at ready, not when the first user types.
  // (Built for the engine the commands see, the cached one: the list is kept per engine object.)
  client.once(Events.ClientReady, () => allSuggestions(answering));

  try {
    await login(client, config.token, config.loginTimeoutMs ?? CONFIG_DEFAULTS.loginTimeoutSeconds * 1000, limits.loginProgressMs, fatal, say, signal);
  } catch (error) {
    await destroyWithin(client, limits.destroyAfterFailedLoginMs);
    throw error;
  }
  return {
    client,
    fatal,
    stop: async (drainMs = limits.drainMs) => {
      // Interactions keep arriving until the gateway is closed: wait until none is left, not for a snapshot.
      const deadline = Date.now() + drainMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...inFlight]), sleep(deadline - Date.now(), undefined, { ref: false })]);
      }
      if (inFlight.size > 0) say(`shutdown: abandoned ${inFlight.size} interaction(s) still in flight after ${drainMs / 1000} s`);
      await destroyWithin(client, limits.destroyMs);
    },
  };
}

/**
 * discord.js runs every gateway packet through WebSocketManager.handlePacket, whose handlers assume a
 * well-formed payload (an INTERACTION_CREATE without `data` throws a TypeError there, out of the socket's
 * message event, and would end the process). A throwing packet is dropped instead.
 */
function guardPackets(client: Client, rare: RateLimitedLog): void {
  const ws = client.ws as unknown as { handlePacket: (packet?: { t?: unknown }, shard?: unknown) => boolean };
  const handlePacket = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return handlePacket(packet, shard);
    } catch (error) {
      const kind = `malformed ${String(packet?.t ?? 'packet').slice(0, 40)}`;
      rare.note(kind, `dropped a ${kind} packet: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    }
  };
}

/** Logs in and waits for READY, within `timeoutMs`, unless a fatal close or `signal` ends it first. */
async function login(client: Client, token: string | undefined, timeoutMs: number, progressMs: number, fatal: Promise<string>, say: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const started = Date.now();
  const cleanups: Array<() => void> = [];
  // What the login is doing, for the progress line: discord.js's latest debug message (token redacted by `say`).
  let reconnects = 0;
  let last = 'fetching the gateway address';
  const onReconnect = () => reconnects++;
  const onDebug = (message: string) => (last = message.split('\n')[0]!.replace(/^\[WS => [^\]]*\]\s*/, '').slice(0, 120));
  client.on(Events.ShardReconnecting, onReconnect);
  client.on(Events.Debug, onDebug);
  cleanups.push(() => client.off(Events.ShardReconnecting, onReconnect), () => client.off(Events.Debug, onDebug));
  const state = () => `${reconnects} reconnect(s); last: ${last}`;

  const progress = setInterval(() => say(`still connecting to Discord after ${Math.round((Date.now() - started) / 1000)} s (${state()})`), progressMs);
  progress.unref();
  cleanups.push(() => clearInterval(progress));
  const failure = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${Math.round(timeoutMs / 1000)} s (${state()}); giving up`)), timeoutMs);
    timer.unref();
    cleanups.push(() => clearTimeout(timer));
    void fatal.then((line) => reject(new Error(line)));
    if (signal) {
      const onAbort = () => reject(new Error('stopped by a signal during login'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', onAbort));
    }
  });
  failure.catch(() => undefined); // a fatal close after the login is `fatal`'s business, not an unhandled rejection here
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await Promise.race([Promise.all([client.login(token), ready]), failure]);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/** client.destroy(), but never waiting longer than `ms` (a hung socket must not hold up the exit). */
async function destroyWithin(client: Client, ms: number): Promise<void> {
  await Promise.race([client.destroy().catch(() => undefined), sleep(ms, undefined, { ref: false })]);
}

/** The cheapest honest answer under overload: an ephemeral "busy, try again" (an empty list for autocomplete). */
async function sayBusy(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return void (await interaction.respond([]));
  if (!interaction.isRepliable()) return;
  await interaction.reply({
    content: LABELS[langOf(String(interaction.locale ?? ''))].busy,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}
