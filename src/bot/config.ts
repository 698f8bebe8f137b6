/**
 * Settings from the environment (and .env, through dotenv), checked at start: a bad value is one line naming
 * the variable, the value and what is allowed (ConfigError; `npm start` prints them and exits 2). Nothing
 * here is ever printed with the token.
 */
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
  /** Give up (exit 1) when the gateway has not reached READY this long after start. */
  loginTimeoutMs: number;
  /** How many distinct questions' answers the bot remembers (0: none). */
  answerCacheSize: number;
}

/** Defaults, in one place (README "Operations" lists them). */
export const CONFIG_DEFAULTS = {
  /** data/ in the project (ignored by git). */
  dataDir: DATA_DIR,
  retentionDays: 90,
  loginTimeoutSeconds: 60,
  answerCacheSize: 2_000,
} as const;

/** Default DATA_DIR: data/ in the project (ignored by git). */
export const DEFAULT_DATA_DIR = CONFIG_DEFAULTS.dataDir;

/** One or more bad settings; `problems` holds one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** A check: the parsed value, or what is allowed (the problem line is built from it). */
type Check<T> = (text: string) => T | { allowed: string };

const wholeNumber = (min: number, max: number): Check<number> => (text) =>
  /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : { allowed: `a whole number from ${min} to ${max}` };

/** Discord ids are snowflakes: 17–20 digits today. */
const snowflake: Check<string> = (text) => (/^\d{17,20}$/.test(text) ? text : { allowed: 'a Discord id (a snowflake: 17 to 20 digits)' });

const httpUrl: Check<string> = (text) => {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text.replace(/\/+$/, '');
  } catch {
    // not a URL at all
  }
  return { allowed: 'an http(s) URL such as https://discord.com/api' };
};

/** A token is one line of base64url parts joined by dots; the value itself is never printed. */
const token: Check<string> = (text) => (/^[\w.-]+$/.test(text) ? text : { allowed: 'a bot token (letters, digits, "-", "_" and "."; no spaces or quotes)' });

/**
 * Reads and checks every setting. Empty and unset are the same (the default). Throws ConfigError listing every
 * bad value at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, readDotenv = true): BotConfig {
  if (readDotenv) dotenv.config({ quiet: true } as dotenv.DotenvConfigOptions);
  const problems: string[] = [];
  const read = <T>(name: string, check: Check<T>, secret = false): T | undefined => {
    const text = env[name]?.trim();
    if (!text) return undefined;
    const result = check(text);
    if (typeof result === 'object' && result !== null && 'allowed' in result) {
      problems.push(`${name}=${secret ? '(hidden)' : JSON.stringify(text.slice(0, 80))} is not allowed: expected ${result.allowed}.`);
      return undefined;
    }
    return result as T;
  };
  const config: BotConfig = {
    token: read('DISCORD_TOKEN', token, true),
    clientId: read('DISCORD_CLIENT_ID', snowflake),
    guildId: read('DISCORD_GUILD_ID', snowflake),
    apiUrl: read('DISCORD_API_URL', httpUrl),
    shardCount: read('SHARD_COUNT', wholeNumber(1, 10_000)),
    feedbackDatabase: join(env.DATA_DIR?.trim() || CONFIG_DEFAULTS.dataDir, 'feedback.sqlite'),
    retentionDays: read('FEEDBACK_RETENTION_DAYS', wholeNumber(1, 36_500)) ?? CONFIG_DEFAULTS.retentionDays,
    feedbackSalt: env.FEEDBACK_SALT?.trim() || undefined,
    loginTimeoutMs: (read('LOGIN_TIMEOUT_SECONDS', wholeNumber(5, 3_600)) ?? CONFIG_DEFAULTS.loginTimeoutSeconds) * 1000,
    answerCacheSize: read('ANSWER_CACHE_SIZE', wholeNumber(0, 100_000)) ?? CONFIG_DEFAULTS.answerCacheSize,
  };
  read('BOT_TEST_DELAY_MS', wholeNumber(0, 60_000));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Replaces the token wherever it appears in a text: for every log line and error message. */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('[redacted token]') : text;
}
