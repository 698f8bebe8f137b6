/** Settings from the environment (and .env, through dotenv). Nothing here is ever printed with the token. */
import dotenv from 'dotenv';
import { join } from 'node:path';
import { DATA_DIR } from '../paths.ts';

export interface BotConfig {
  token?: string;
  clientId?: string;
  guildId?: string;
  /** API base for the bot and deploy script, e.g. http://127.0.0.1:8080/api; Discord's when unset. */
  apiUrl?: string;
  /** Run through discord.js's ShardingManager with this many shards. */
  shardCount?: number;
  /** The feedback database file (DATA_DIR/feedback.sqlite). */
  feedbackDatabase: string;
  /** Feedback records older than this many days are removed. */
  retentionDays: number;
  feedbackSalt?: string;
}

/** Default DATA_DIR: data/ in the project (ignored by git). */
export const DEFAULT_DATA_DIR = DATA_DIR;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, readDotenv = true): BotConfig {
  if (readDotenv) dotenv.config({ quiet: true } as dotenv.DotenvConfigOptions);
  const value = (k: string) => env[k]?.trim() || undefined;
  const shards = value('SHARD_COUNT');
  return {
    token: value('DISCORD_TOKEN'),
    clientId: value('DISCORD_CLIENT_ID'),
    guildId: value('DISCORD_GUILD_ID'),
    apiUrl: value('DISCORD_API_URL'),
    shardCount: shards && /^\d+$/.test(shards) && Number(shards) > 0 ? Number(shards) : undefined,
    feedbackDatabase: join(value('DATA_DIR') ?? DEFAULT_DATA_DIR, 'feedback.sqlite'),
    retentionDays: positiveInteger(value('FEEDBACK_RETENTION_DAYS')) ?? 90,
    feedbackSalt: value('FEEDBACK_SALT'),
  };
}

/** Replaces the token wherever it appears in a text: for every log line and error message. */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('[redacted token]') : text;
}

function positiveInteger(text: string | undefined): number | undefined {
  return text && /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}
