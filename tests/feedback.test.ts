/**
 * The feedback store (src/feedback/store.ts) and the gap report (src/feedback/report.ts) on real SQLite
 * files: better-sqlite3 on a file in a fresh os.tmpdir() folder per test, no mocks. Asks are built the way
 * commands/ask.ts builds them (the checked question, the engine's `segment(q).words.join(' ')` as
 * `normalized`, the engine's own answer), so the grouping tested is the grouping the bot gets.
 * The CLI (`gaps`) and the kill-mid-write child are real processes (`node --import tsx`).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { checkQuestion } from '../src/engine/user-input.ts';
import { gapReport, parseSince, renderGapReport } from '../src/feedback/report.ts';
import { FailureLog } from '../src/feedback/failure-log.ts';
import { FeedbackStore, FeedbackStoreError, type AskRecord, type StoreOptions } from '../src/feedback/store.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

/* ───────────────────────────── harness ───────────────────────────── */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const engine = AnswerEngine.fromCorpus();
const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** Registers a cleanup for the test: the global hook, or the test context's own in concurrent tests. */
type OnFinished = (cleanup: () => void) => void;

/** A fresh folder under os.tmpdir() for the current test, removed (permissions restored first) after it. */
function freshDir(onFinished: OnFinished = onTestFinished): string {
  const dir = mkdtempSync(join(tmpdir(), 'talk-qa-feedback-'));
  onFinished(() => {
    for (const d of [dir, join(dir, 'ro')]) if (existsSync(d)) chmodSync(d, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Opens a store that is closed when the current test ends (closing twice is harmless). */
function openStore(path: string, options: Partial<StoreOptions> = {}): FeedbackStore {
  const store = FeedbackStore.open(path, { retentionDays: 90, ...options });
  onTestFinished(() => store.close());
  return store;
}

const GUILD = '900000000000000001';

/** Records an ask and writes it at once (the bot's writes wait a moment, to go in batches). */
function addAsk(store: FeedbackStore, record: AskRecord): void {
  store.recordAsk(record);
  store.flush();
}

/** Records a vote, from server `guildId` (default the one askOf uses), and writes it at once. */
function addVote(store: FeedbackStore, askId: string, userId: string, vote: 1 | -1, at?: Date, guildId: string | null = GUILD): void {
  store.recordVote({ askId, guildId, userId, vote, ...(at ? { at } : {}) });
  store.flush();
}

/** The ask commands/ask.ts records for `question`: checked question, engine words, engine answer. */
function askOf(question: string, fields: Partial<AskRecord> & { id: string; at: Date }): AskRecord {
  const checked = checkQuestion(question);
  if (!checked.ok) throw new Error(`not a valid question: ${question}`);
  const answer = engine.ask(checked.question);
  return {
    guildId: GUILD,
    userId: '700000000000000001',
    question: checked.question,
    normalized: engine.segment(checked.question).words.join(' '),
    answered: answer.answered,
    topParagraphId: answer.results[0]?.id ?? null,
    topScore: answer.results[0]?.score ?? null,
    ...fields,
  };
}

/** 10:00 UTC on the day `daysAgo` days before today (UTC): day buckets that do not depend on the hour the tests run. */
function dayAt(daysAgo: number, hour = 10): Date {
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  return new Date(midnight - daysAgo * DAY + hour * HOUR);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const count = (store: FeedbackStore, table: string): number => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Every value of every row of every table, as text. */
function everyStoredText(db: Database.Database): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  expect(tables.map((t) => t.name).sort()).toEqual(['asks', 'clicks', 'meta', 'votes']);
  return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).flatMap((row) => Object.values(row).map(String)));
}

/** Asserts the one-line, prefixed message FeedbackStore.open promises, and returns the reason after the prefix. */
function expectOneLineOpenError(error: unknown, path: string): string {
  expect(error).toBeInstanceOf(FeedbackStoreError);
  const message = (error as Error).message;
  expect((error as Error).name).toBe('FeedbackStoreError');
  expect(message).not.toContain('\n');
  const prefix = `Cannot use the feedback database ${path}: `;
  expect(message.startsWith(prefix)).toBe(true);
  const reason = message.slice(prefix.length);
  expect(reason.length).toBeGreaterThan(3);
  return reason;
}

function openError(path: string, options: Partial<StoreOptions> = {}): unknown {
  try {
    FeedbackStore.open(path, { retentionDays: 90, ...options }).close();
  } catch (error) {
    return error;
  }
  throw new Error(`FeedbackStore.open(${path}) did not throw`);
}

/** A real feedback database with data, then bytes scribbled over b-tree pages in its middle (header intact). */
function damage(path: string): void {
  const store = FeedbackStore.open(path, { retentionDays: 90 });
  for (let i = 0; i < 400; i++) addAsk(store, askOf('什么是自主智能', { id: String(10_000 + i), at: dayAt(1), question: `什么是自主智能 ${i} ${'x'.repeat(200)}` }));
  store.close(); // checkpointed: everything in the main file
  const bytes = readFileSync(path);
  const pageSize = bytes.readUInt16BE(16);
  expect(bytes.length / pageSize).toBeGreaterThan(20);
  bytes.fill(0xa5, pageSize * 5, pageSize * 12);
  writeFileSync(path, bytes);
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx <script> …args` in the project, with `env` added to a cleaned copy of ours. */
function run(script: string, args: string[], env: Record<string, string> = {}, extra: { uid?: number; gid?: number } = {}): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['FEEDBACK_SALT', 'FEEDBACK_RETENTION_DAYS', 'DATA_DIR']) delete base[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...base, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...extra,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const CHILD = 'tests/fixtures/feedback-child.ts';

/** The unprivileged user ("nobody") the permission test runs a child as, when the tests run as root. */
const NOBODY = 65534;

/**
 * Why `uid` cannot run the project's TypeScript from this checkout and reach os.tmpdir() — e.g. a clone
 * inside a 0700 folder, as `mktemp -d` makes — or undefined when it can. Asked of a real child as that user.
 */
function whyUserCannotRunHere(uid: number): string | undefined {
  const probe = spawnSync(process.execPath, ['--import', 'tsx', '-e', 'require("node:fs").accessSync(process.argv[1], 1)', tmpdir()], {
    cwd: PROJECT_ROOT, uid, gid: uid, encoding: 'utf8', timeout: 30_000,
  });
  if (!probe.error && probe.status === 0) return undefined;
  const ancestors = [PROJECT_ROOT, tmpdir()].flatMap((start) => {
    const list: string[] = [];
    for (let d = start; ; d = dirname(d)) {
      list.push(d);
      if (dirname(d) === d) return list;
    }
  });
  const closed = ancestors.find((d) => existsSync(d) && (statSync(d).mode & 0o001) === 0);
  const reason = closed
    ? `${closed} is mode ${(statSync(closed).mode & 0o777).toString(8)}, not searchable by others (mktemp -d makes 0700 folders)`
    : (probe.error?.message ?? probe.stderr.split('\n').find((l) => l.trim()) ?? `exit ${probe.status}`);
  return `skipped: uid ${uid} cannot run the project from ${PROJECT_ROOT}: ${reason}`;
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/* ───────────────────────────── schema ───────────────────────────── */

describe('opening and migrating', () => {
  test.each([
    ['a path that does not exist yet (nor its folder)', false],
    ['an existing empty file', true],
  ])('%s: tables and indexes created, PRAGMA user_version = 2, journal_mode wal, the salt in a 0600 file beside it', (_kind, createEmpty) => {
    const dir = freshDir();
    const path = join(dir, 'nested', 'data', 'feedback.sqlite');
    if (createEmpty) {
      mkdirSync(join(dir, 'nested', 'data'), { recursive: true });
      writeFileSync(path, '');
    }
    const store = openStore(path);
    expect(store.path).toBe(path);

    const objects = store.db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    expect(objects).toEqual([
      { type: 'index', name: 'asks_at' },
      { type: 'index', name: 'asks_guild_at' },
      { type: 'index', name: 'clicks_at' },
      { type: 'table', name: 'asks' },
      { type: 'table', name: 'clicks' },
      { type: 'table', name: 'meta' },
      { type: 'table', name: 'votes' },
    ]);
    expect(store.db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all('asks').map((r: any) => r.name)).toEqual([
      'id', 'at', 'guild_id', 'user_hash', 'question', 'normalized', 'answered', 'top_paragraph_id', 'top_score',
    ]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // A salt was generated and kept outside the database: feedback.salt beside it, readable by its owner only.
    expect(store.db.prepare('SELECT * FROM meta').all()).toEqual([]);
    const saltFile = join(dir, 'nested', 'data', 'feedback.salt');
    expect(readFileSync(saltFile, 'utf8')).toMatch(/^[0-9a-f]{32}\n$/);
    expect(statSync(saltFile).mode & 0o777).toBe(0o600);
    store.close();

    // What is on disk, seen by a second, independent connection: WAL is persistent (header bytes 18–19 = 2).
    const header = readFileSync(path).subarray(0, 20);
    expect(header.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    expect([header[18], header[19]]).toEqual([2, 2]);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      raw.close();
    }
  });

  test('reopening an existing file keeps its data and its salt, and does not migrate again', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const first = openStore(path);
    addAsk(first, askOf('什么是自主智能', { id: '1001', at: dayAt(1), userId: '700000000000000042' }));
    addVote(first, '1001', '700000000000000042', -1, dayAt(1, 11));
    const hash = first.hashUser('700000000000000042');
    first.close();

    const again = openStore(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(2);
    expect(again.db.prepare('SELECT key, value FROM meta').all()).toEqual([]);
    expect(again.hashUser('700000000000000042')).toBe(hash);
    expect(again.db.prepare('SELECT id, user_hash, question, answered, top_paragraph_id FROM asks').all()).toEqual([
      { id: '1001', user_hash: hash, question: '什么是自主智能', answered: 1, top_paragraph_id: 'obs6-p3' },
    ]);
    expect(again.db.prepare('SELECT ask_id, user_hash, vote FROM votes').all()).toEqual([{ ask_id: '1001', user_hash: hash, vote: -1 }]);
  });

  test('a file from a newer schema (user_version 3) is refused with one line, and not migrated', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE future (x)');
    db.pragma('user_version = 3');
    db.close();
    const reason = expectOneLineOpenError(openError(path), path);
    expect(reason).toBe('schema version 3 is newer than this program knows (2)');
    const after = new Database(path, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(3);
      expect(after.prepare("SELECT name FROM sqlite_master").all()).toEqual([{ name: 'future' }]); // nothing migrated
      expect(existsSync(join(dirname(path), 'feedback.salt'))).toBe(false); // no salt made for it
    } finally {
      after.close();
    }
  });
});

/* ───────────────────────────── privacy ───────────────────────────── */

describe('user ids', () => {
  test('are never stored raw: not in any table, not in the database or WAL bytes', () => {
    const dir = freshDir();
    const path = join(dir, 'feedback.sqlite');
    const store = openStore(path);
    const raw = ['812345678901234567', '823456789012345678'];
    addAsk(store, askOf('什么是自主智能', { id: '2001', at: dayAt(1), userId: raw[0]!, guildId: '900000000000000009' }));
    addAsk(store, askOf('今天北京天气怎么样', { id: '2002', at: dayAt(1), userId: raw[1]!, guildId: null }));
    addVote(store, '2001', raw[0]!, -1, undefined, '900000000000000009');
    addVote(store, '2001', raw[1]!, 1, undefined, '900000000000000009');
    addVote(store, '2001', raw[1]!, -1, undefined, '900000000000000009');
    expect(count(store, 'votes')).toBe(2);

    const texts = everyStoredText(store.db);
    expect(texts.length).toBeGreaterThan(20);
    for (const id of raw) {
      expect(texts.filter((t) => t.includes(id))).toEqual([]);
      const hash = store.hashUser(id);
      expect(hash).toMatch(/^[0-9a-f]{32}$/);
      expect(texts).toContain(hash);
    }
    // The bytes on disk, before and after a checkpoint (the rows may sit in the WAL or the main file).
    const bytes = () => [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p));
    for (const phase of ['before checkpoint', 'after checkpoint']) {
      if (phase === 'after checkpoint') store.db.pragma('wal_checkpoint(TRUNCATE)');
      const files = bytes();
      expect(files.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(4096);
      for (const id of raw) for (const b of files) expect(b.includes(Buffer.from(id)), `${id} ${phase}`).toBe(false);
      // Sanity of the search: the stored question's bytes are found.
      expect(files.some((b) => b.includes(Buffer.from('今天北京天气怎么样'))), phase).toBe(true);
    }
  });

  test('the hash is stable within a store (and across reopening) and differs between stores with different salts', () => {
    const dir = freshDir();
    const user = '812345678901234567';
    const a = openStore(join(dir, 'a.sqlite'));
    const b = openStore(join(dir, 'b.sqlite'));
    const hashA = a.hashUser(user);
    expect(a.hashUser(user)).toBe(hashA);
    expect(a.hashUser('812345678901234568')).not.toBe(hashA);
    expect(b.hashUser(user)).not.toBe(hashA); // two generated salts
    a.close();
    expect(openStore(join(dir, 'a.sqlite')).hashUser(user)).toBe(hashA);

    // An explicit salt (FEEDBACK_SALT) decides the hash: same salt, same hash, in any file; another salt, another hash.
    const s1 = openStore(join(dir, 's1.sqlite'), { salt: 'salt-one' });
    const s1b = openStore(join(dir, 's1b.sqlite'), { salt: 'salt-one' });
    const s2 = openStore(join(dir, 's2.sqlite'), { salt: 'salt-two' });
    expect(s1.hashUser(user)).toBe(s1b.hashUser(user));
    expect(s2.hashUser(user)).not.toBe(s1.hashUser(user));
    expect(s1.hashUser(user)).not.toBe(hashA);
  });
});

describe('the salt lives outside the database', () => {
  test('a database from before the key file: its salt moves to feedback.salt (old hashes still match) and leaves the file, bytes and all', () => {
    const dir = freshDir();
    const path = join(dir, 'feedback.sqlite');
    const saltFile = join(dir, 'feedback.salt');
    const salt = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const user = '812345678901234567';
    // The old layout: schema version 1, the salt in the meta table, a row hashed with it.
    const old = FeedbackStore.open(path, { retentionDays: 90, salt });
    addAsk(old, askOf('什么是自主智能', { id: '2101', at: dayAt(1), userId: user }));
    const hash = old.hashUser(user);
    old.close();
    const db = new Database(path);
    db.exec(`DROP INDEX asks_guild_at; INSERT INTO meta (key, value) VALUES ('salt', '${salt}')`);
    db.pragma('user_version = 1');
    db.close();
    const bytes = () => [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p));
    expect(bytes().some((b) => b.includes(salt))).toBe(true); // the premise: the salt is in the file
    expect(existsSync(saltFile)).toBe(false);

    const logs: string[] = [];
    const store = openStore(path, { log: (line) => logs.push(line) });
    expect(logs).toEqual([`feedback: the salt moved out of ${path} into ${saltFile}`]);
    expect(store.hashUser(user)).toBe(hash);
    expect(store.db.prepare('SELECT user_hash FROM asks').all()).toEqual([{ user_hash: hash }]);
    expect(readFileSync(saltFile, 'utf8')).toBe(`${salt}\n`);
    expect(statSync(saltFile).mode & 0o777).toBe(0o600);
    expect(store.db.prepare('SELECT * FROM meta').all()).toEqual([]);
    expect(store.db.pragma('user_version', { simple: true })).toBe(2);
    for (const b of bytes()) expect(b.includes(salt)).toBe(false); // overwritten, not only unlinked from the table
    store.close();

    // Next start: nothing more to move, the same salt from the file.
    const again = openStore(path, { log: (line) => logs.push(line) });
    expect(again.hashUser(user)).toBe(hash);
    expect(logs).toHaveLength(1);
  });

  test('FEEDBACK_SALT, when set, is the salt: no key file is made, and an old in-file salt is removed', () => {
    const dir = freshDir();
    const path = join(dir, 'feedback.sqlite');
    openStore(path, { salt: 'from-the-environment' }).close();
    expect(existsSync(join(dir, 'feedback.salt'))).toBe(false);
    const db = new Database(path);
    db.exec("INSERT INTO meta (key, value) VALUES ('salt', 'an-old-salt-in-the-file')");
    db.close();
    const logs: string[] = [];
    const store = openStore(path, { salt: 'from-the-environment', log: (line) => logs.push(line) });
    expect(store.db.prepare('SELECT * FROM meta').all()).toEqual([]);
    expect(logs).toEqual([`feedback: the salt moved out of ${path} (FEEDBACK_SALT is used)`]);
    expect(store.hashUser('1')).toBe(openStore(join(dir, 'other.sqlite'), { salt: 'from-the-environment' }).hashUser('1'));
  });

  test('processes opening a new database together (shards starting) agree on one salt', async () => {
    const dir = freshDir();
    const path = join(dir, 'feedback.sqlite');
    const user = '812345678901234567';
    const runs = await Promise.all(Array.from({ length: 4 }, () => run(CHILD, ['hash', path, user])));
    expect(runs.map((r) => [r.code, r.stderr])).toEqual(runs.map(() => [0, '']));
    const hashes = new Set(runs.map((r) => r.stdout.trim()));
    expect(hashes.size).toBe(1);
    expect([...hashes][0]).toMatch(/^[0-9a-f]{32}$/);
    expect(openStore(path).hashUser(user)).toBe([...hashes][0]);
    expect(readdirSync(dir).filter((f) => f.includes('.salt'))).toEqual(['feedback.salt']); // no file left aside
  });

  test('an empty key file is refused at open with one line saying what to do', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'feedback.salt'), '\n', { mode: 0o600 });
    const path = join(dir, 'feedback.sqlite');
    expect(expectOneLineOpenError(openError(path), path)).toMatch(/^the salt file .*feedback\.salt is empty \(delete it to start with a new salt/);
  });
});

/* ───────────────────────────── recording ───────────────────────────── */

describe('recording', () => {
  test('asks: every field as given, the user as its hash, a repeated id ignored', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    const at = new Date('2026-11-28T08:30:15.250Z');
    const answered = askOf('什么是自主智能', { id: '3001', at: dayAt(1) });
    const notCovered = askOf('今天北京天气怎么样?', { id: '3002', at, guildId: null, userId: '700000000000000002' });
    addAsk(store, answered);
    addAsk(store, notCovered);
    addAsk(store, { ...answered, question: 'a different question, same id' });
    addAsk(store, { ...answered, id: '3003', topParagraphId: null, topScore: null, answered: false });

    expect(store.db.prepare('SELECT * FROM asks ORDER BY id').all()).toEqual([
      {
        id: '3001', at: answered.at.getTime(), guild_id: '900000000000000001', user_hash: store.hashUser('700000000000000001'),
        question: '什么是自主智能', normalized: '自主智能', answered: 1, top_paragraph_id: 'obs6-p3', top_score: answered.topScore,
      },
      {
        id: '3002', at: at.getTime(), guild_id: null, user_hash: store.hashUser('700000000000000002'),
        question: '今天北京天气怎么样?', normalized: notCovered.normalized, answered: 0, top_paragraph_id: notCovered.topParagraphId, top_score: notCovered.topScore,
      },
      expect.objectContaining({ id: '3003', answered: 0, top_paragraph_id: null, top_score: null }),
    ]);
    expect(answered.topScore).toBeGreaterThan(0);
    expect(notCovered.answered).toBe(false);
  });

  test('a vote, then a second click by the same user changing it: one row in votes, two in clicks', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    addAsk(store, askOf('什么是自主智能', { id: '4001', at: dayAt(1) }));
    const user = '812345678901234567';
    const hash = store.hashUser(user);
    addVote(store, '4001', user, -1, dayAt(1, 11));
    expect(store.db.prepare('SELECT ask_id, user_hash, vote, at FROM votes').all()).toEqual([{ ask_id: '4001', user_hash: hash, vote: -1, at: dayAt(1, 11).getTime() }]);

    addVote(store, '4001', user, 1, dayAt(1, 12));
    expect(store.db.prepare('SELECT ask_id, user_hash, vote, at FROM votes').all()).toEqual([{ ask_id: '4001', user_hash: hash, vote: 1, at: dayAt(1, 12).getTime() }]);
    expect(store.db.prepare('SELECT ask_id, user_hash, vote, at FROM clicks ORDER BY at').all()).toEqual([
      { ask_id: '4001', user_hash: hash, vote: -1, at: dayAt(1, 11).getTime() },
      { ask_id: '4001', user_hash: hash, vote: 1, at: dayAt(1, 12).getTime() },
    ]);
    // Votes are ±1 only: refused at once, and the CHECK constraint holds even against a caller that ignores the type.
    expect(() => addVote(store, '4001', user, 2 as never)).toThrow(RangeError);
    expect(() => store.db.prepare('INSERT INTO votes VALUES (?, ?, 2, 0)').run('4001', hash)).toThrow(/CHECK constraint failed/);
    expect(count(store, 'clicks')).toBe(2);
  });

  test('votes only on answers that exist: never recorded, or recorded in another server → nothing stored', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    addAsk(store, askOf('什么是自主智能', { id: '4101', at: dayAt(1) }));
    addAsk(store, askOf('什么是具身智能', { id: '4102', at: dayAt(1), guildId: null })); // asked in a direct message
    expect(store.hasAsk('4101', GUILD)).toBe(true);
    expect(store.hasAsk('4101', '900000000000000002')).toBe(false);
    expect(store.hasAsk('4101', null)).toBe(false);
    expect(store.hasAsk('4102', null)).toBe(true);
    expect(store.hasAsk('4102', GUILD)).toBe(false);
    expect(store.hasAsk('99999', GUILD)).toBe(false);

    // Queued votes are checked again when written: only the two on the right answers in the right place count.
    addVote(store, '99999', 'u1', -1);
    addVote(store, '4101', 'u1', -1, undefined, '900000000000000002');
    addVote(store, '4101', 'u1', -1, undefined, null);
    addVote(store, '4102', 'u1', -1);
    addVote(store, '4101', 'u2', -1);
    addVote(store, '4102', 'u2', 1, undefined, null);
    expect(store.db.prepare('SELECT ask_id, vote FROM votes ORDER BY ask_id').all()).toEqual([{ ask_id: '4101', vote: -1 }, { ask_id: '4102', vote: 1 }]);
    expect(count(store, 'clicks')).toBe(2);

    // An ask still waiting to be written is known already (a click can come before the batch is written).
    store.recordAsk(askOf('什么是规模定律', { id: '4103', at: dayAt(0) }));
    expect(store.waitingCount).toBe(1);
    expect(store.hasAsk('4103', GUILD)).toBe(true);
    expect(store.hasAsk('4103', null)).toBe(false);
  });

  test('two users voting on one answer: two votes, both counted in the report', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    addAsk(store, askOf('什么是自主智能', { id: '5001', at: dayAt(1) }));
    addVote(store, '5001', '812345678901234567', -1);
    addVote(store, '5001', '823456789012345678', 1);
    const votes = store.db.prepare('SELECT user_hash, vote FROM votes ORDER BY vote').all() as { user_hash: string; vote: number }[];
    expect(votes).toEqual([
      { user_hash: store.hashUser('812345678901234567'), vote: -1 },
      { user_hash: store.hashUser('823456789012345678'), vote: 1 },
    ]);
    expect(gapReport(store, dayAt(7), 'all-servers').downvoted).toEqual([{ paragraphId: 'obs6-p3', down: 1, up: 1, example: '什么是自主智能' }]);
  });
});

/* ───────────────────────────── the report ───────────────────────────── */

describe('gapReport', () => {
  test('answer rate and volume per day, across two days; asks before `since` left out', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    const day1 = dayAt(3);
    const day2 = dayAt(2);
    let n = 0;
    const add = (question: string, at: Date) => addAsk(store, askOf(question, { id: String(6000 + ++n), at }));
    add('什么是自主智能', day1);
    add('什么是具身智能', new Date(day1.getTime() + 3 * HOUR));
    add('今天北京天气怎么样', new Date(day1.getTime() + 13 * HOUR)); // 23:00 UTC: still day 1
    add('什么是规模定律', new Date(day2.getTime() - 10 * HOUR)); // 00:00 UTC: day 2
    add('火车票多少钱', day2);
    add('什么是自主智能', dayAt(10)); // before `since`

    const report = gapReport(store, dayAt(7, 0), 'all-servers');
    expect(report).toMatchObject({ since: dayAt(7, 0).toISOString(), asks: 5, answered: 3, answerRate: 0.6 });
    expect(report.perDay).toEqual([
      { day: isoDay(day1), asks: 3, answered: 2 },
      { day: isoDay(day2), asks: 2, answered: 1 },
    ]);
    expect(gapReport(store, dayAt(30), 'all-servers').perDay[0]).toEqual({ day: isoDay(dayAt(10)), asks: 1, answered: 1 });

    // Rounded to three places; none asked: null, and the text says nothing of a rate.
    add('明天上海会下雨吗', day2);
    expect(gapReport(store, dayAt(7, 0), 'all-servers').answerRate).toBe(0.5);
    add('什么是具身智能', day2);
    expect(gapReport(store, dayAt(7, 0), 'all-servers').answerRate).toBe(0.571);
    const empty = gapReport(store, new Date(Date.now() + DAY), 'all-servers');
    expect(empty).toMatchObject({ asks: 0, answered: 0, answerRate: null, unanswered: [], downvoted: [], perDay: [] });
    expect(renderGapReport(empty).split('\n')[0]).toBe(`All servers, since ${isoDay(new Date(Date.now() + DAY))}: 0 questions, 0 answered`);
    expect(renderGapReport(empty).match(/\(none\)/g)).toHaveLength(3);
  });

  test('unanswered questions are grouped after normalisation, most frequent first', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    const weather = ['今天北京天气怎么样', '今天北京天气怎么样?', '今天 北京 天气 怎么样', '今天北京天气怎么样？'];
    // The premise, from the engine itself: these four are one question to it, and it cannot answer it.
    const normalized = weather.map((q) => askOf(q, { id: '0', at: dayAt(1) }));
    expect(new Set(normalized.map((a) => a.normalized)).size).toBe(1);
    expect(normalized.every((a) => !a.answered)).toBe(true);

    let n = 0;
    const add = (question: string, userId = '700000000000000001') => addAsk(store, askOf(question, { id: String(7000 + ++n), at: dayAt(1, 8 + n / 10), userId }));
    for (const q of weather) add(q);
    add('明天上海会下雨吗');
    add('明天上海会下雨吗?', '700000000000000002');
    add('火车票多少钱');
    add('什么是自主智能'); // answered: never in the list
    add('什么是自主智能');

    const report = gapReport(store, dayAt(7), 'all-servers');
    expect(report.unanswered).toEqual([
      { count: 4, example: '今天 北京 天气 怎么样', normalized: normalized[0]!.normalized },
      { count: 2, example: '明天上海会下雨吗', normalized: askOf('明天上海会下雨吗', { id: '0', at: dayAt(1) }).normalized },
      { count: 1, example: '火车票多少钱', normalized: askOf('火车票多少钱', { id: '0', at: dayAt(1) }).normalized },
    ]);
    expect(gapReport(store, dayAt(7), 'all-servers', 2).unanswered).toHaveLength(2); // the limit

    const text = renderGapReport(report).split('\n');
    const at = text.indexOf('Most frequent unanswered questions (grouped after normalisation):');
    expect(text.slice(at + 1, at + 4)).toEqual(['     4×  今天 北京 天气 怎么样', '     2×  明天上海会下雨吗', '     1×  火车票多少钱']);
  });

  test('answers marked 👎 most often come first: by 👎 count, then fewer 👍; paragraphs without 👎 left out', () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    // Four answers with different best paragraphs (from the engine), voted on by several people.
    const questions = { 'obs6-p3': '什么是自主智能', 'obs5-p3': '什么是具身智能', 'obs1-p4': '什么是规模定律', 'obs3-p2': 'AI杀手级应用为什么还没出现' } as const;
    let n = 0;
    const asked: Record<string, string> = {};
    for (const [paragraph, question] of Object.entries(questions)) {
      const ask = askOf(question, { id: String(8000 + ++n), at: dayAt(2) });
      expect(ask.topParagraphId).toBe(paragraph);
      addAsk(store, ask);
      asked[paragraph] = ask.id;
    }
    // A second ask answered from obs6-p3, worded differently: its votes count for the same paragraph.
    const second = askOf('自主智能是什么意思', { id: '8100', at: dayAt(1) });
    expect(second.topParagraphId).toBe('obs6-p3');
    addAsk(store, second);

    const vote = (askId: string, votes: number[]) => votes.forEach((v, i) => addVote(store, askId, `81234567890123${String(i).padStart(4, '0')}`, v as 1 | -1));
    vote(asked['obs5-p3']!, [-1, -1, 1]); // 2 👎 1 👍
    vote(asked['obs6-p3']!, [-1, 1]); //     with the second ask: 3 👎 1 👍
    vote('8100', [-1, -1]);
    vote(asked['obs1-p4']!, [-1, -1, 1, 1]); // 2 👎 2 👍: after obs5-p3
    vote(asked['obs3-p2']!, [1, 1, 1]); // only 👍: not listed
    vote('99999', [-1, -1, -1, -1]); // votes on an ask that was never recorded: not stored, not listed

    const { downvoted } = gapReport(store, dayAt(7), 'all-servers');
    expect(downvoted).toEqual([
      { paragraphId: 'obs6-p3', down: 3, up: 1, example: '什么是自主智能' },
      { paragraphId: 'obs5-p3', down: 2, up: 1, example: '什么是具身智能' },
      { paragraphId: 'obs1-p4', down: 2, up: 2, example: '什么是规模定律' },
    ]);
    const text = renderGapReport(gapReport(store, dayAt(7), 'all-servers')).split('\n');
    const at = text.indexOf('Answers marked wrong most often (👎):');
    expect(text.slice(at + 1, at + 4)).toEqual([
      '  obs6-p3        👎 3  👍 1  e.g. 什么是自主智能',
      '  obs5-p3        👎 2  👍 1  e.g. 什么是具身智能',
      '  obs1-p4        👎 2  👍 2  e.g. 什么是规模定律',
    ]);
    expect(gapReport(store, dayAt(7), 'all-servers', 1).downvoted.map((d) => d.paragraphId)).toEqual(['obs6-p3']);
  });
});

describe('gapReport per server', () => {
  test("one server's report holds nothing of another's; direct messages are in no report", () => {
    const store = openStore(join(freshDir(), 'feedback.sqlite'));
    const [A, B] = ['900000000000000101', '900000000000000202'];
    let n = 0;
    const add = (question: string, guildId: string | null) => {
      const ask = askOf(question, { id: String(7500 + ++n), at: dayAt(1), guildId });
      addAsk(store, ask);
      return ask.id;
    };
    add('今天北京天气怎么样', A);
    const answeredInA = add('什么是自主智能', A);
    add('火车票多少钱', B);
    const answeredInB = add('什么是具身智能', B);
    add('明天上海会下雨吗', null); // a direct message
    addVote(store, answeredInA, 'u1', -1, undefined, A);
    addVote(store, answeredInB, 'u1', -1, undefined, B);

    const a = gapReport(store, dayAt(7), { guildId: A });
    expect(a).toMatchObject({ guildId: A, asks: 2, answered: 1 });
    expect(a.unanswered.map((u) => u.example)).toEqual(['今天北京天气怎么样']);
    expect(a.downvoted).toEqual([{ paragraphId: 'obs6-p3', down: 1, up: 0, example: '什么是自主智能' }]);
    const b = gapReport(store, dayAt(7), { guildId: B });
    expect(b).toMatchObject({ guildId: B, asks: 2, answered: 1 });
    expect(b.unanswered.map((u) => u.example)).toEqual(['火车票多少钱']);
    for (const [report, others] of [[a, ['火车票多少钱', '什么是具身智能', 'obs5-p3']], [b, ['今天北京天气怎么样', '什么是自主智能', 'obs6-p3']]] as const) {
      const text = JSON.stringify(report) + renderGapReport(report);
      for (const other of [...others, '明天上海会下雨吗']) expect(text).not.toContain(other);
    }
    expect(renderGapReport(a).split('\n')[0]).toMatch(new RegExp(`^Server ${A}, since `));

    // The operator's view: every server, still without the direct message.
    const all = gapReport(store, dayAt(7), 'all-servers');
    expect(all).toMatchObject({ guildId: null, asks: 4, answered: 2 });
    expect(JSON.stringify(all)).not.toContain('明天上海会下雨吗');
    expect(count(store, 'asks')).toBe(5); // it is recorded, only never shown
  });
});

describe('parseSince', () => {
  const now = new Date('2026-11-29T06:00:00.000Z');
  test.each([
    ['7d', '2026-11-22T06:00:00.000Z'],
    ['24h', '2026-11-28T06:00:00.000Z'],
    ['30d', '2026-10-30T06:00:00.000Z'],
    [' 1h ', '2026-11-29T05:00:00.000Z'],
    ['9999d', new Date(now.getTime() - 9999 * DAY).toISOString()],
  ])('%j → %s', (text, expected) => {
    expect(parseSince(text, now)?.toISOString()).toBe(expected);
  });
  test.each(['', 'd', '7', '7w', '7D', '-7d', '1.5d', '7 d', '7d7', '10000d', 'seven days', '7d; DROP TABLE asks'])('bad: %j → undefined', (text) => {
    expect(parseSince(text, now)).toBeUndefined();
  });
});

/* ───────────────────────────── retention ───────────────────────────── */

describe('retention', () => {
  test('prune removes asks older than the retention period with their votes and clicks; recent ones stay', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const store = openStore(path, { retentionDays: 30 });
    const old = askOf('什么是自主智能', { id: '9001', at: dayAt(40) });
    const recent = askOf('什么是具身智能', { id: '9002', at: dayAt(20) });
    addAsk(store, old);
    addAsk(store, recent);
    addVote(store, '9001', 'u1', -1, dayAt(40, 11));
    addVote(store, '9001', 'u1', 1, dayAt(39, 11)); // the second click on the old answer
    addVote(store, '9001', 'u2', -1, dayAt(35));
    addVote(store, '9002', 'u1', -1, dayAt(20, 11));
    expect([count(store, 'asks'), count(store, 'votes'), count(store, 'clicks')]).toEqual([2, 3, 4]);

    expect(store.prune(new Date())).toBe(1);
    expect(store.db.prepare('SELECT id FROM asks').all()).toEqual([{ id: '9002' }]);
    expect(store.db.prepare('SELECT ask_id, vote FROM votes').all()).toEqual([{ ask_id: '9002', vote: -1 }]);
    expect(store.db.prepare('SELECT ask_id, vote FROM clicks').all()).toEqual([{ ask_id: '9002', vote: -1 }]);
    expect(store.prune(new Date())).toBe(0);

    // At open too: ten days later (retention 10) the remaining ask is gone the moment the file is opened.
    store.close();
    const reopened = openStore(path, { retentionDays: 10 });
    expect([count(reopened, 'asks'), count(reopened, 'votes'), count(reopened, 'clicks')]).toEqual([0, 0, 0]);
  });

});

/* ───────────────────────────── failures at open ───────────────────────────── */

describe('a database that cannot be used fails at open with one clear line', () => {
  test('garbage bytes: "file is not a database", and the file is left untouched', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    let state = 20241207;
    const garbage = Buffer.alloc(16_384, 0);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(path, garbage);
    const error = openError(path);
    expect(expectOneLineOpenError(error, path)).toBe('file is not a database');
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  // SQLite's quick_check reports a damaged file as one text with a line per damaged page ("*** in database
  // main ***\nTree 9 page 9: …\n…"): the message keeps the first.
  test('a real database with a damaged page: refused at open (not at the first write), in one line', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    damage(path);
    const reason = expectOneLineOpenError(openError(path), path);
    expect(reason).toMatch(/^(integrity check failed: .+|database disk image is malformed)$/);
  });

  test('read-only file (0444) in a read-only folder (0555): refused at open', async ({ skip }) => {
    // As root the open is made by a child running as "nobody" (below): it must be able to run the project.
    const cannot = RUNNING_AS_ROOT ? whyUserCannotRunHere(NOBODY) : undefined;
    if (cannot) skip(cannot);
    const dir = freshDir();
    const folder = join(dir, 'ro');
    const path = join(folder, 'feedback.sqlite');
    chmodSync(dir, 0o755); // mkdtemp makes it 0700: let the unprivileged user below reach the folder
    mkdirSync(folder);
    const store = FeedbackStore.open(path, { retentionDays: 90 });
    addAsk(store, askOf('什么是自主智能', { id: '11001', at: dayAt(1) }));
    store.close();
    chmodSync(path, 0o444);
    chmodSync(folder, 0o555);

    if (!RUNNING_AS_ROOT) {
      expectOneLineOpenError(openError(path), path);
      return;
    }
    // As root, permission bits do not stop writes (this process could open and write the file), so the
    // open is made by a child process running as an unprivileged user (uid/gid 65534, "nobody"), for whom
    // the bits hold. This proves what the bot would do when run as a user that may only read the file.
    const child = await run(CHILD, ['open', path], {}, { uid: NOBODY, gid: NOBODY });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(3);
    const line = child.stdout.trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(new RegExp(`^error FeedbackStoreError: Cannot use the feedback database ${escapeRegExp(path)}: (attempt to write a readonly database|unable to open database file)$`));
    // And the same user on a writable copy succeeds: the refusal above is about permissions, nothing else.
    const writable = join(dir, 'rw');
    mkdirSync(writable, { mode: 0o777 });
    chmodSync(writable, 0o777);
    const ok = await run(CHILD, ['open', join(writable, 'feedback.sqlite')], {}, { uid: NOBODY, gid: NOBODY });
    expect([ok.code, ok.stdout]).toEqual([0, 'opened\n']);
  });

  test('a path that cannot be created (its parent is a regular file): refused at open', () => {
    // Not a permission test (root can write anywhere): a folder that cannot exist. It proves the same
    // contract for an unusable DATA_DIR — one line, at open — whoever runs the bot.
    const dir = freshDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const path = join(dir, 'not-a-folder', 'feedback.sqlite');
    const reason = expectOneLineOpenError(openError(path), path);
    expect(reason).toMatch(/^(EEXIST|ENOTDIR)\b.*mkdir/);
  });
});

/* ───────────────────────────── the CLI ───────────────────────────── */

describe('talk-qa gaps (the real CLI process, DATA_DIR)', () => {
  /** A DATA_DIR with a database the report has something to say about. */
  function prepare(onFinished: OnFinished): string {
    const dataDir = join(freshDir(onFinished), 'data');
    const store = FeedbackStore.open(join(dataDir, 'feedback.sqlite'), { retentionDays: 90 });
    let n = 0;
    const add = (question: string, at: Date) => {
      const ask = askOf(question, { id: String(12_000 + ++n), at, userId: `8123456789012345${String(n).padStart(2, '0')}` });
      addAsk(store, ask);
      return ask.id;
    };
    const a = add('什么是自主智能', dayAt(2));
    add('今天北京天气怎么样', dayAt(2));
    add('今天 北京 天气 怎么样', dayAt(1));
    add('什么是具身智能', dayAt(1));
    add('火车票多少钱', dayAt(1));
    add('明天上海会下雨吗', dayAt(20)); // outside the default 7 days
    addVote(store, a, '812345678901234501', -1);
    addVote(store, a, '812345678901234599', -1);
    store.close();
    return dataDir;
  }

  function expectedReport(dataDir: string, span = '7d') {
    const store = FeedbackStore.open(join(dataDir, 'feedback.sqlite'), { retentionDays: 90 });
    try {
      return gapReport(store, parseSince(span, new Date())!, 'all-servers');
    } finally {
      store.close();
    }
  }
  const sinceDay = /since \d{4}-\d{2}-\d{2}/;

  test.concurrent('prints the report as text and as JSON (--json, --since 30d)', async ({ onTestFinished: onFinished }) => {
    const dataDir = prepare(onFinished);
    const [text, json, wide] = await Promise.all([
      run('src/cli/main.ts', ['gaps'], { DATA_DIR: dataDir }),
      run('src/cli/main.ts', ['gaps', '--json'], { DATA_DIR: dataDir }),
      run('src/cli/main.ts', ['gaps', '--since', '30d', '--json'], { DATA_DIR: dataDir }),
    ]);
    const after = Date.now();

    expect([text.code, text.stderr]).toEqual([0, '']);
    const expected = expectedReport(dataDir);
    expect(expected).toMatchObject({ asks: 5, answered: 2, answerRate: 0.4 });
    expect(text.stdout.replace(sinceDay, 'since …')).toBe(renderGapReport(expected).replace(sinceDay, 'since …') + '\n');
    expect(text.stdout).toContain('5 questions, 2 answered (answer rate 40.0 %)');
    expect(text.stdout).toContain('     2×  今天 北京 天气 怎么样');
    expect(text.stdout).toContain('  obs6-p3        👎 2  👍 0  e.g. 什么是自主智能');
    expect(text.stdout).not.toContain('明天上海会下雨吗');

    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(json.stdout);
    expect({ ...parsed, since: 'x' }).toEqual({ ...expected, since: 'x' });
    const since = Date.parse(parsed.since);
    expect(since).toBeLessThanOrEqual(after - 7 * DAY);
    expect(since).toBeGreaterThan(after - 7 * DAY - 60_000);

    expect([wide.code, wide.stderr]).toEqual([0, '']);
    const wideReport = JSON.parse(wide.stdout);
    expect(wideReport).toMatchObject({ asks: 6, answered: 2 });
    expect(wideReport.unanswered.map((u: any) => u.example)).toContain('明天上海会下雨吗');
  });

  test.concurrent('--guild ID: that server only (the JSON says which); a bad id: exit 2, one line', async ({ onTestFinished: onFinished }) => {
    const dataDir = prepare(onFinished);
    const [one, other, bad] = await Promise.all([
      run('src/cli/main.ts', ['gaps', '--guild', GUILD, '--json'], { DATA_DIR: dataDir }),
      run('src/cli/main.ts', ['gaps', '--guild', '900000000000000999'], { DATA_DIR: dataDir }),
      run('src/cli/main.ts', ['gaps', '--guild', 'abc'], { DATA_DIR: dataDir }),
    ]);
    expect([one.code, one.stderr]).toEqual([0, '']);
    expect(JSON.parse(one.stdout)).toMatchObject({ guildId: GUILD, asks: 5, answered: 2 });
    expect([other.code, other.stderr]).toEqual([0, '']);
    expect(other.stdout.split('\n')[0]).toMatch(/^Server 900000000000000999, since \d{4}-\d{2}-\d{2}: 0 questions, 0 answered$/);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([2, '', '--guild takes a server id (17–20 digits), not "abc"\n']);
  });

  test.concurrent('a corrupt database: one line on stderr, a non-zero exit, no stack trace, nothing on stdout', async ({ onTestFinished: onFinished }) => {
    const dataDir = join(freshDir(onFinished), 'data');
    mkdirSync(dataDir);
    const path = join(dataDir, 'feedback.sqlite');
    writeFileSync(path, Buffer.from('this is not a SQLite database, it is garbage\n'.repeat(200)));
    const result = await run('src/cli/main.ts', ['gaps'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`Cannot use the feedback database ${path}: file is not a database\n`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  // The same as "a damaged page" above, as the operator sees it.
  test.concurrent('a damaged database (valid header, scribbled pages): one line on stderr, exit 1', async ({ onTestFinished: onFinished }) => {
    const dataDir = join(freshDir(onFinished), 'data');
    mkdirSync(dataDir);
    const path = join(dataDir, 'feedback.sqlite');
    damage(path);
    const result = await run('src/cli/main.ts', ['gaps'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).toMatch(new RegExp(`^Cannot use the feedback database ${escapeRegExp(path)}: integrity check failed: `));
    expect(result.stderr.split('\n')).toEqual([expect.any(String), '']);
  });

  test.concurrent('no database yet (a mistyped DATA_DIR): one line, exit 1, and no empty database created', async ({ onTestFinished: onFinished }) => {
    const dataDir = join(freshDir(onFinished), 'no-such-dir');
    const result = await run('src/cli/main.ts', ['gaps'], { DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^No feedback database at ${escapeRegExp(join(dataDir, 'feedback.sqlite'))} yet: `));
    expect(result.stderr.split('\n')).toEqual([expect.any(String), '']);
    expect(existsSync(dataDir)).toBe(false);
  });

  test.concurrent('a bad --since: exit 2, one line naming what is expected, the database not even opened', async ({ onTestFinished: onFinished }) => {
    const dataDir = join(freshDir(onFinished), 'data');
    const result = await run('src/cli/main.ts', ['gaps', '--since', '7w'], { DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('--since takes a span like 7d or 24h, not "7w"\n');
    expect(existsSync(dataDir)).toBe(false);
  });
});

/* ───────────────────────────── writing never waits ───────────────────────────── */

/** Starts `feedback-child lock <db> <ms>`; resolves once it holds the lock, with a promise of its release. */
async function holdLock(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'lock', path, String(ms)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(`${word}\n`) && resolve();
      child.stdout.setEncoding('utf8').on('data', (d: string) => ((out += d), check()));
      child.on('exit', () => (check(), reject(new Error(`lock child exited before "${word}": ${err}`))));
    });
  const released = seen('released');
  await seen('locked');
  return { released };
}

describe('writing never waits for the database', () => {
  test('another process holds the write lock: records wait in memory, no call waits for it beyond a moment, one log line; all written after', async () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const logs: string[] = [];
    const store = openStore(path, { log: (line) => logs.push(line) });
    addAsk(store, askOf('什么是自主智能', { id: '13000', at: dayAt(0) }));
    const lock = await holdLock(path, 2_500);

    // 40 asks and votes, each followed by an attempt to write: every attempt fails after a moment (the busy
    // timeout is 20 ms; with the old one of 2 s, each attempt would have held everything up for 2 s).
    const attempts: number[] = [];
    const timed = (work: () => void) => {
      const started = performance.now();
      work();
      attempts.push(performance.now() - started);
    };
    for (let i = 1; i <= 20; i++) {
      const id = String(13_000 + i);
      timed(() => (store.recordAsk(askOf('什么是具身智能', { id, at: dayAt(0) })), store.flush()));
      timed(() => (store.recordVote({ askId: id, guildId: GUILD, userId: 'u1', vote: -1 }), store.flush()));
      expect(store.hasAsk(id, GUILD)).toBe(true); // known while waiting
    }
    expect(Math.max(...attempts)).toBeLessThan(500);
    expect(store.waitingCount).toBe(40);
    expect(count(store, 'asks')).toBe(1); // reads go on under the lock (WAL)
    expect(logs).toEqual([expect.stringMatching(/^feedback: database locked: 1 records waiting, retrying in 1 s \(database is locked\)$/)]);

    await lock.released;
    store.flush();
    expect(store.waitingCount).toBe(0);
    expect(count(store, 'asks')).toBe(21);
    expect(count(store, 'votes')).toBe(20);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/^feedback: writing again after \d+\.\d s; 40 waiting records are being written \(failures meanwhile: database locked ×40\)$/);
  });

  test('without flush(), the records are written by the store itself once the lock is gone (retried on a timer)', async () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const store = openStore(path, { log: () => undefined, flushDelayMs: 20 });
    addAsk(store, askOf('什么是自主智能', { id: '13100', at: dayAt(0) }));
    const lock = await holdLock(path, 1_500);
    for (let i = 1; i <= 5; i++) store.recordAsk(askOf('什么是具身智能', { id: String(13_100 + i), at: dayAt(0) }));
    await new Promise((r) => setTimeout(r, 300));
    expect(store.waitingCount).toBe(5); // tried, failed, waiting
    await lock.released;
    await expect.poll(() => count(store, 'asks'), { timeout: 8_000, interval: 50 }).toBe(6);
    expect(store.waitingCount).toBe(0);
  });

  test('a full disk: one line for the kind, the queue bounded (one line for the drops), counts logged on recovery', () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const logs: string[] = [];
    const store = openStore(path, { log: (line) => logs.push(line), maxWaiting: 50 });
    addAsk(store, askOf('什么是自主智能', { id: '14000', at: dayAt(0) }));
    // The database may not grow past its current size: SQLite answers SQLITE_FULL, as on a full disk.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    for (let i = 1; i <= 80; i++) {
      store.recordAsk(askOf('今天北京天气怎么样', { id: String(14_000 + i), at: dayAt(0), question: `今天北京天气怎么样 ${i} ${'很'.repeat(2000)}` }));
      store.flush();
    }
    expect(store.waitingCount).toBe(50);
    expect(logs).toEqual([
      expect.stringMatching(/^feedback: disk full: 1 records waiting, retrying in 1 s \(database or disk is full\)$/),
      'feedback: queue full: 50 records are waiting for the database; newer ones are dropped until it takes writes again',
    ]);
    store.db.pragma('max_page_count = 1073741823');
    store.flush();
    expect(count(store, 'asks')).toBe(51);
    expect(logs[2]).toMatch(/^feedback: writing again after \d+\.\d s; 50 waiting records are being written \(failures meanwhile: disk full ×\d+, queue full ×30\)$/);
  });
});

describe('FailureLog', () => {
  test('the first failure of a kind at once, the rest of the minute counted, logged with the next one after it', () => {
    let now = 0;
    const lines: string[] = [];
    const failures = new FailureLog({ log: (line) => lines.push(line), now: () => now });
    failures.report('locked', 'a');
    failures.report('full', 'b');
    for (let i = 0; i < 25; i++) (now += 2_000), failures.report('locked', `c${i}`);
    expect(lines).toEqual(['locked: a', 'full: b']);
    now += 11_000; // 61 s after the first line
    failures.report('locked', 'd');
    expect(lines).toEqual(['locked: a', 'full: b', 'locked ×26 in the last 61 s: d']);
    expect(failures.failing).toBe(true);
    expect(failures.recovered()).toBe('locked ×27, full ×1');
    expect(failures.failing).toBe(false);
    failures.report('locked', 'e');
    expect(lines.at(-1)).toBe('locked: e');
  });
});

/* ───────────────────────────── durability ───────────────────────────── */

describe('killed mid-write', () => {
  test('SIGKILL while recording asks in a loop: the file opens, passes quick_check, and holds every committed row', async () => {
    const path = join(freshDir(), 'feedback.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'write', path], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let buffered = '';
    let stderr = '';
    const committed: string[] = [];
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        buffered += d;
        const lines = buffered.split('\n');
        buffered = lines.pop()!; // an incomplete last line is not counted
        for (const line of lines) if (line !== 'ready') committed.push(line);
        // Well past the first WAL checkpoints (1000 pages), so the kill lands on a busy, checkpointing writer.
        if (committed.length >= 4000) resolve();
      });
      child.on('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
      setTimeout(() => reject(new Error(`the writer was too slow: ${committed.length} rows; ${stderr}`)), 12_000).unref();
    });
    child.kill('SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(stderr).toBe('');
    expect(existsSync(`${path}-wal`)).toBe(true); // killed: no clean close, the WAL is still there
    expect(statSync(path).size).toBeGreaterThan(500_000); // and WAL checkpoints into the main file had run during the writes

    // First a plain connection, read-only: the file as the kill left it (plus WAL recovery).
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('quick_check', { simple: true })).toBe('ok');
      const n = (raw.prepare('SELECT COUNT(*) AS n FROM asks').get() as { n: number }).n;
      expect(n).toBeGreaterThanOrEqual(committed.length);
      expect(n).toBeLessThanOrEqual(committed.length + 64); // at most the rows in flight after the last line read
    } finally {
      raw.close();
    }

    const store = openStore(path);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set((store.db.prepare('SELECT id FROM asks').all() as { id: string }[]).map((r) => r.id));
    const missing = committed.filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    // Every 5th ask had a vote (and click) committed before its id was printed.
    const voted = committed.filter((id) => (Number(id) - 1_000_000) % 5 === 0);
    const votes = new Set((store.db.prepare('SELECT ask_id FROM votes').all() as { ask_id: string }[]).map((r) => r.ask_id));
    expect(voted.filter((id) => !votes.has(id))).toEqual([]);
    expect(count(store, 'clicks')).toBeGreaterThanOrEqual(voted.length);
    // And it is writable again.
    addAsk(store, askOf('什么是自主智能', { id: '1', at: new Date() }));
    expect(ids.size + 1).toBe(count(store, 'asks'));
  });
});
