/**
 * The Discord client: Guilds intent only, mentions off by default, events wired to the interaction
 * handler. Kept apart from the commands (which only see interactions) and from main (which decides
 * whether to run the bot at all).
 */
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import type { AnswerEngine } from '../engine/answer-engine.ts';
import type { BotConfig } from './config.ts';
import { redact } from './config.ts';
import { createInteractionHandler } from './interaction-handler.ts';
import { loadCommands } from './load-commands.ts';
import { NO_MENTIONS } from '../discord/safety.ts';
import type { FeedbackStore } from '../feedback/store.ts';

export interface StartedBot {
  client: Client;
  /** Waits for in-flight interactions, then closes the gateway connection. */
  stop: () => Promise<void>;
}

export interface StartOptions {
  config: Pick<BotConfig, 'token' | 'apiUrl'>;
  engine: AnswerEngine;
  log?: (line: string) => void;
  now?: () => Date;
  workDelayMs?: number;
  deferAfterMs?: number;
  feedback?: FeedbackStore;
}

export async function startBot({ config, engine, log = console.log, now = () => new Date(), workDelayMs, deferAfterMs, feedback }: StartOptions): Promise<StartedBot> {
  const say = (line: string) => log(redact(line, config.token));
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
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const handle = createInteractionHandler(commands, { engine, now, workDelayMs, deferAfterMs, feedback, log: say }, { log: say });
  const inFlight = new Set<Promise<void>>();
  client.on(Events.InteractionCreate, (interaction) => {
    // The handler catches its own errors; this catch is for what escapes it (a malformed interaction).
    const work = handle(interaction)
      .catch((error: unknown) => say(`interaction dropped: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });
  client.on(Events.Error, (error) => say(`client error: ${error.message}`));
  client.once(Events.ClientReady, (c) => say(`ready as ${c.user.tag} in ${c.guilds.cache.size} guild(s)`));
  await client.login(config.token);
  return {
    client,
    stop: async () => {
      // Interactions keep arriving until the gateway is closed: wait until none is left, not for a snapshot.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
