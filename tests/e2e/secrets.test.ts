/**
 * The bot token never reaches the output. The real process (node --import tsx src/main.ts) runs with a
 * recognisable fake token through a normal session (login, an /ask, SIGTERM), a login Discord refuses
 * (REST 401; and a gateway 4004), and a failing handler (the callback answering 500 beyond the REST
 * retries); then every error path that logs (login, a handler's REST error, `npm run deploy`) gets an error
 * whose message holds the token. Nothing printed, on stdout or stderr, nor anything written to DATA_DIR,
 * contains the token or its secret part. A refused login is one clear line and exit code 1, no stack trace.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { PROJECT_ROOT, startBotProcess, type BotProcess } from '../../test-support/bot-process.ts';
import { FakeDiscord, snowflake } from '../../test-support/fake-discord.ts';

/** Recognisable, and unique to this run: "MTIz" is base64("123"), the usual shape of a token's first part. */
const SECRET = `FAKE-TOKEN-${randomBytes(18).toString('base64url')}`;
const TOKEN = `MTIz.${SECRET}`;

/** Everything every run printed, and wrote to its data directory, for the final check. */
const transcripts: Array<{ run: string; stdout: string; stderr: string; files: string }> = [];

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()?.()).catch(() => undefined);
});

async function fakeWith(token: string, options: Parameters<typeof FakeDiscord.start>[0] = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start({ token, ...options });
  cleanups.push(() => fake.close());
  return fake;
}

function run(name: string, fake: FakeDiscord): BotProcess {
  const bot = startBotProcess({ token: TOKEN, apiUrl: fake.apiBase });
  cleanups.push(async () => {
    await bot.exited.catch(() => undefined);
    transcripts.push({ run: name, stdout: bot.stdout(), stderr: bot.stderr(), files: readTree(bot.dataDir) });
    await bot.dispose();
  });
  cleanups.push(() => bot.stop('SIGKILL', 5_000).catch(() => undefined)); // runs first: a run left running is ended
  return bot;
}

/** The bytes of every file under `dir`, as latin1 text (enough to find an ASCII token in a binary file). */
function readTree(dir: string): string {
  let out = '';
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += readFileSync(join(entry.parentPath, entry.name)).toString('latin1');
  }
  return out;
}

function ask(fake: FakeDiscord) {
  const id = snowflake(Date.now() - 600 * 86_400_000);
  return fake.command('ask', { question: '什么是自主智能' }, { locale: 'zh-CN', user: { id, username: `u${id.slice(-5)}`, global_name: null } });
}

const STACK_FRAME = /^\s+at\s/m;

describe('the token is never printed', () => {
  test('a normal session: login, an /ask, SIGTERM, exit 0', async () => {
    const fake = await fakeWith(TOKEN);
    const bot = run('session', fake);
    await bot.waitForLine(/^ready as /);
    expect(fake.identifies[0]).toMatchObject({ token: TOKEN, tokenValid: true }); // the token really was used
    const { callback } = await ask(fake);
    expect(callback.data.embeds[0].description).toContain('`obs6-p3`');
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  test('a refused login (REST 401): exit code 1, one clear line on stderr, no stack trace', async () => {
    const fake = await fakeWith(`MTIz.OTHER-${randomBytes(18).toString('base64url')}`);
    const bot = run('rejected', fake);
    const status = await bot.exited;
    expect(status).toEqual({ code: 1, signal: null });
    expect(fake.requests.map((r) => [r.path, r.status])).toEqual([['/gateway/bot', 401]]);
    expect(fake.requests[0]!.authToken).toBe(TOKEN);
    expect(bot.stdout()).toBe('');
    expect(bot.stderr()).toBe('Could not log in to Discord: An invalid token was provided.\n');
    expect(bot.stderr()).not.toMatch(STACK_FRAME);
  });

  test('a login the gateway refuses (close 4004): exit code 1, one clear line, no stack trace', async () => {
    const fake = await fakeWith(`MTIz.OTHER-${randomBytes(18).toString('base64url')}`, { checkToken: { rest: false } });
    const bot = run('gateway 4004', fake);
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(fake.identifies).toEqual([expect.objectContaining({ token: TOKEN, tokenValid: false, rejectedWith: 4004 })]);
    expect(bot.stdout()).toBe('');
    const lines = bot.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Could not log in to Discord: .*Authentication failed/);
    expect(bot.stderr()).not.toMatch(STACK_FRAME);
  });

  test('an error inside a handler (callback 500 ×4): one log line, the bot carries on, exit 0', async () => {
    const fake = await fakeWith(TOKEN);
    const bot = run('handler error', fake);
    await bot.waitForLine(/^ready as /);
    fake.failNext('POST /interactions/:id/:token/callback', { status: 500, times: 4 });
    const failed = await ask(fake);
    expect(failed.callback.data.flags).toBe(64); // the ephemeral "something went wrong"
    await bot.waitForLine(/^error handling /);
    expect((await ask(fake)).callback.data.embeds[0].description).toContain('`obs6-p3`');
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(bot.lines.map((l) => `${l.stream}: ${l.text}`)).toEqual([
      'stdout: ready as talk-qa-test in 1 guild(s)',
      'stdout: error handling /ask: Internal Server Error',
      'stdout: SIGTERM: finishing in-flight interactions, then closing.',
    ]);
  });

  // The paths above never put the token into a message, so they would pass without redact() too. These put
  // it there — an API, proxy or gateway error that echoes the Authorization header — and require the marker
  // in its place: each fails when redact() (src/bot/config.ts) returns its input.
  test('a login error whose message holds the token: exit 1, the token redacted in the one line', async () => {
    const fake = await fakeWith(TOKEN);
    fake.failNext('GET /gateway/bot', { status: 400, body: { message: `Bad header: Authorization: Bot ${TOKEN}`, code: 0 } });
    const bot = run('login error echoing the token', fake);
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(bot.stderr()).toBe('Could not log in to Discord: Bad header: Authorization: Bot [redacted token]\n');
  });

  test('a REST error inside a handler whose message holds the token: the log line has it redacted', async () => {
    const fake = await fakeWith(TOKEN);
    const bot = run('handler error echoing the token', fake);
    await bot.waitForLine(/^ready as /);
    fake.failNext('POST /interactions/:id/:token/callback', { status: 400, times: 2, body: { message: `Invalid request from ${TOKEN}`, code: 0 } });
    const id = snowflake(Date.now() - 600 * 86_400_000);
    await fake.dispatchInteraction(fake.buildCommand('ask', { question: '什么是自主智能' }, { locale: 'zh-CN', user: { id, username: `u${id.slice(-5)}`, global_name: null } }));
    expect(await bot.waitForLine(/^error handling /)).toBe('error handling /ask: Invalid request from [redacted token]');
    expect(await bot.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  test('a deploy error whose message holds the token: exit 1, the token redacted', async () => {
    const fake = await fakeWith(TOKEN);
    fake.failNext(/^PUT \/applications\//, { status: 400, body: { message: `Rejected: ${TOKEN}`, code: 0 } });
    // Asynchronously: the fake answers from this process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot/deploy.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: '', DISCORD_API_URL: fake.apiBase },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const deploy = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (chunk: Buffer) => (deploy.stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (deploy.stderr += chunk));
    [deploy.status] = (await once(child, 'close')) as [number];
    transcripts.push({ run: 'deploy error echoing the token', stdout: deploy.stdout, stderr: deploy.stderr, files: '' });
    expect(deploy.status).toBe(1);
    expect(deploy.stdout).toBe('Could not register the commands: Rejected: [redacted token]\n');
  });

  afterAll(() => {
    // The check over every run (afterEach has collected each transcript by now).
    expect(transcripts.map((t) => t.run).sort()).toEqual([
      'deploy error echoing the token',
      'gateway 4004',
      'handler error',
      'handler error echoing the token',
      'login error echoing the token',
      'rejected',
      'session',
    ]);
    for (const t of transcripts) {
      for (const [where, text] of [['stdout', t.stdout], ['stderr', t.stderr], ['DATA_DIR', t.files]] as const) {
        expect(text.includes(TOKEN), `${t.run}: the token in ${where}`).toBe(false);
        expect(text.includes(SECRET), `${t.run}: the token's secret part in ${where}`).toBe(false);
      }
    }
  });
});

test('.env is ignored by git, and no .env is tracked', () => {
  // Exit status 0 means ignored; execFileSync throws otherwise.
  expect(execFileSync('git', ['check-ignore', '.env'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim()).toBe('.env');
  expect(execFileSync('git', ['check-ignore', 'config/.env'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim()).toBe('config/.env');
  const tracked = execFileSync('git', ['ls-files'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\n');
  expect(tracked.filter((f) => /(^|\/)\.env$/.test(f))).toEqual([]);
  expect(tracked).toContain('.env.example');
});
