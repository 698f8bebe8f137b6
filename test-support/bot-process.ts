/**
 * The real bot as a real process, for end-to-end tests: `node --import tsx src/main.ts` (what `npm start`
 * runs, from the sources), pointed at a FakeDiscord through DISCORD_API_URL, with its own DATA_DIR.
 * Every line it prints is kept; `stop()` sends a signal and resolves with the exit code.
 *
 * The child's environment is the test's, minus every setting the bot reads, plus what the test passes.
 * The settings are set (empty when not given) so that a developer's .env, which dotenv never lets
 * override a variable already set, cannot leak into a test run — except SHARD_COUNT and SHARDS, which
 * are left out: discord.js's Client reads both from the environment itself, and an empty SHARD_COUNT
 * makes it refuse to log in (see the SHARD_COUNT test in sharding.test.ts). A .env with SHARD_COUNT
 * set would therefore still reach these tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(PROJECT_ROOT, 'src', 'main.ts');

/** Every variable src/bot/config.ts and src/main.ts read. */
const BOT_SETTINGS = [
  'DISCORD_TOKEN',
  'DISCORD_CLIENT_ID',
  'DISCORD_GUILD_ID',
  'DISCORD_API_URL',
  'SHARD_COUNT',
  'SHARDS',
  'SHARDING_MANAGER',
  'SHARDING_MANAGER_MODE',
  'DATA_DIR',
  'FEEDBACK_RETENTION_DAYS',
  'FEEDBACK_SALT',
  'BOT_TEST_DELAY_MS',
  'LOGIN_TIMEOUT_SECONDS',
  'ANSWER_CACHE_SIZE',
  'FAKE_DISCORD_DEBUG',
];

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly dataDir: string;
  /** Output lines as printed, in order (each tagged with its stream). */
  readonly lines: Array<{ stream: 'stdout' | 'stderr'; text: string; at: number }>;
  /** Everything printed on stdout / stderr so far, raw. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first output line matching, waiting up to `timeoutMs`. */
  waitForLine(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Resolves when the process has exited (and its output has been read). */
  readonly exited: Promise<ExitStatus>;
  /** Sends `signal` (default SIGTERM) and waits for the exit, up to `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
  /** SIGKILL if still running, and remove the data directory. For cleanups; never throws. */
  dispose(): Promise<void>;
}

export interface BotProcessOptions {
  token: string;
  apiUrl: string;
  /** The program to run instead of src/main.ts (relative to the project, or absolute): a .ts through tsx, a .js (a build) as is. */
  entry?: string;
  /** Extra environment (SHARD_COUNT, BOT_TEST_DELAY_MS, …). */
  env?: Record<string, string>;
  /** Extra node options, before `--import tsx` (e.g. `--unhandled-rejections=warn-with-error-code`). */
  nodeArgs?: string[];
}

/** Starts `node --import tsx src/main.ts` with DISCORD_TOKEN, DISCORD_API_URL and a fresh DATA_DIR. */
export function startBotProcess({ token, apiUrl, entry, env = {}, nodeArgs = [] }: BotProcessOptions): BotProcess {
  const dataDir = mkdtempSync(join(tmpdir(), 'talk-qa-e2e-'));
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !BOT_SETTINGS.includes(key)) base[key] = value;
  for (const key of BOT_SETTINGS) if (!['SHARD_COUNT', 'SHARDS', 'SHARDING_MANAGER', 'SHARDING_MANAGER_MODE'].includes(key)) base[key] = '';
  const program = entry ? resolve(PROJECT_ROOT, entry) : MAIN;
  const child = spawn(process.execPath, [...nodeArgs, ...(program.endsWith('.js') ? [] : ['--import', 'tsx']), program], {
    cwd: PROJECT_ROOT,
    env: { ...base, DISCORD_TOKEN: token, DISCORD_API_URL: apiUrl, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: BotProcess['lines'] = [];
  const raw = { stdout: '', stderr: '' };
  const partial = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    raw[stream] += text;
    const parts = (partial[stream] + text).split('\n');
    partial[stream] = parts.pop()!;
    for (const line of parts) lines.push({ stream, text: line, at: Date.now() });
    for (const listener of [...listeners]) listener();
  };
  child.stdout!.on('data', collect('stdout'));
  child.stderr!.on('data', collect('stderr'));

  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    // 'close' waits for the output streams too (children of a ShardingManager share them: use 'exit' there).
    child.once('exit', (code, signal) => {
      exitStatus = { code, signal };
    });
    child.once('close', (code, signal) => {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream]) lines.push({ stream, text: partial[stream], at: Date.now() });
        partial[stream] = '';
      }
      for (const listener of [...listeners]) listener();
      resolve(exitStatus ?? { code, signal });
    });
  });
  const exitOnly = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const waitForLine = (pattern: RegExp | string, timeoutMs = 20_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const test = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        const hit = lines.find((l) => test(l.text));
        if (hit) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(hit.text);
        } else if (exitStatus && child.stdout!.readableEnded && child.stderr!.readableEnded) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`bot process exited (${JSON.stringify(exitStatus)}) before printing ${pattern}.\n${describe()}`));
        }
      };
      timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} from the bot process.\n${describe()}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  const describe = () => `Output so far:\n${lines.map((l) => `  [${l.stream}] ${l.text}`).join('\n') || '  (none)'}`;

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ExitStatus> => {
    if (exitStatus === undefined) child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`bot process did not exit within ${timeoutMs} ms of ${signal}.\n${describe()}`)), timeoutMs);
    });
    try {
      return await Promise.race([exitOnly, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    child,
    pid: child.pid!,
    dataDir,
    lines,
    stdout: () => raw.stdout,
    stderr: () => raw.stderr,
    waitForLine,
    exited,
    stop,
    dispose: async () => {
      if (exitStatus === undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitOnly;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True while a process with this pid runs (signal 0 only checks; a zombie waiting to be reaped does not count). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/PID/stat: "pid (comm) S …"; Z is a zombie (exited, not yet reaped by an orphan's new parent).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return existsSync(`/proc/${pid}`) || process.platform !== 'linux';
  }
}

/** The pids of a process's direct children (Linux: /proc/PID/task/PID/children). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resolves when every pid has exited; rejects with the ones still alive after `timeoutMs`. */
export async function waitForExit(pids: number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) throw new Error(`still running after ${timeoutMs} ms: ${pids.filter(isAlive).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
