/**
 * The real bot in the test's own process (startBot, the commands in commands/, the real engine) with a real
 * FeedbackStore on a SQLite file in a fresh os.tmpdir() folder, logged in to a FakeDiscord and ready.
 * Everything the bot and the store log goes to `logs`. `close()` undoes it all.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { startBot, type StartedBot } from '../src/bot/client.ts';
import { loadConfig } from '../src/bot/config.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { FeedbackStore } from '../src/feedback/store.ts';
import { FakeDiscord } from './fake-discord.ts';

export interface BotWithStore {
  fake: FakeDiscord;
  bot: StartedBot;
  store: FeedbackStore;
  /** The database file. */
  path: string;
  logs: string[];
  close(): Promise<void>;
}

export async function startBotWithStore(options: { guilds?: number; engine?: AnswerEngine } = {}): Promise<BotWithStore> {
  const dir = mkdtempSync(join(tmpdir(), 'talk-qa-bot-store-'));
  const path = join(dir, 'data', 'feedback.sqlite');
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const store = FeedbackStore.open(path, { retentionDays: 90, log });
  const fake = await FakeDiscord.start({ guilds: options.guilds ?? 1 });
  const bot = await startBot({
    config: { ...loadConfig({}, false), token: fake.token, apiUrl: fake.apiBase },
    engine: options.engine ?? AnswerEngine.fromCorpus(),
    feedback: store,
    log,
  });
  if (!bot.client.isReady()) await once(bot.client, Events.ClientReady);
  return {
    fake,
    bot,
    store,
    path,
    logs,
    close: async () => {
      await bot.stop().catch(() => undefined);
      await fake.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
