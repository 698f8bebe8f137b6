/**
 * Settings checked at start (src/bot/config.ts): each bad value is one line naming the variable, the value
 * and what is allowed; good values, empty ones (the defaults) and a token are read as given, and the
 * token's value is never part of a problem line.
 */
import { describe, expect, test } from 'vitest';
import { CONFIG_DEFAULTS, ConfigError, loadConfig } from '../src/bot/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, false);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  test.each([
    ['SHARD_COUNT', 'abc'],
    ['SHARD_COUNT', '0'],
    ['SHARD_COUNT', '1.5'],
    ['FEEDBACK_RETENTION_DAYS', '30d'],
    ['FEEDBACK_RETENTION_DAYS', '-5'],
    ['FEEDBACK_RETENTION_DAYS', '0'],
    ['DISCORD_GUILD_ID', 'abc'],
    ['DISCORD_GUILD_ID', '123'],
    ['DISCORD_CLIENT_ID', 'my-app'],
    ['DISCORD_API_URL', 'not a url'],
    ['DISCORD_API_URL', 'ftp://example.com/api'],
    ['LOGIN_TIMEOUT_SECONDS', '1m'],
    ['LOGIN_TIMEOUT_SECONDS', '2'],
    ['BOT_TEST_DELAY_MS', 'slow'],
  ])('%s=%j: one line naming the variable, the value and what is allowed', (name, value) => {
    const lines = problems({ [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name}=${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not allowed: expected .+\\.$`));
  });

  test('every bad value is reported at once, in a fixed order', () => {
    expect(problems({ SHARD_COUNT: '0', FEEDBACK_RETENTION_DAYS: '-5' })).toEqual([
      'SHARD_COUNT="0" is not allowed: expected a whole number from 1 to 10000.',
      'FEEDBACK_RETENTION_DAYS="-5" is not allowed: expected a whole number from 1 to 36500.',
    ]);
  });

  test('a malformed token is reported without its value', () => {
    const token = 'MTIz.secret part with spaces';
    const lines = problems({ DISCORD_TOKEN: token });
    expect(lines).toEqual(['DISCORD_TOKEN=(hidden) is not allowed: expected a bot token (letters, digits, "-", "_" and "."; no spaces or quotes).']);
    expect(lines.join('\n')).not.toContain('secret');
  });

  test('good values are read; empty ones are the defaults', () => {
    const config = loadConfig(
      {
        DISCORD_TOKEN: ' MTIz.abc-DEF_1.xyz ',
        DISCORD_CLIENT_ID: '123456789012345678',
        DISCORD_GUILD_ID: '',
        DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
        SHARD_COUNT: '2',
        FEEDBACK_RETENTION_DAYS: '30',
        LOGIN_TIMEOUT_SECONDS: '',
      },
      false,
    );
    expect(config).toMatchObject({
      token: 'MTIz.abc-DEF_1.xyz',
      clientId: '123456789012345678',
      guildId: undefined,
      apiUrl: 'http://127.0.0.1:8080/api',
      shardCount: 2,
      retentionDays: 30,
      loginTimeoutMs: CONFIG_DEFAULTS.loginTimeoutSeconds * 1000,
    });
    expect(loadConfig({}, false)).toMatchObject({ shardCount: undefined, retentionDays: CONFIG_DEFAULTS.retentionDays });
  });
});
