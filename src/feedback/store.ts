/**
 * Where the bot keeps what people asked and how they voted: one SQLite file (better-sqlite3), WAL mode,
 * schema migrated at open. User ids are never stored: only a salted hash, with the salt kept outside the
 * file (FEEDBACK_SALT, or the key file next to it: ./salt.ts), so votes can be counted per person without
 * anyone holding the file being able to tell who the person is.
 *
 * The database never delays an answer. Asks and votes go into a bounded in-memory queue and are written in
 * batches, one transaction each, a moment later; SQLite's busy timeout is 20 ms while serving (another
 * shard's batch on the same file passes in less), so a lock held by another process (a backup, sqlite3 in a
 * terminal) or a full disk costs a failed attempt, never a wait that an answer would feel. What could not be written stays queued and is retried with a growing pause; each kind of
 * failure is logged once a minute with a count (./failure-log.ts), and once more when writing works again.
 *
 * Opening checks the file at once — a corrupt, unreadable or read-only database fails here, with one clear
 * message, not on the first write minutes later.
 */
import Database from 'better-sqlite3';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { FailureLog } from './failure-log.ts';
import { keyFileSalt, saltFileFor } from './salt.ts';

export class FeedbackStoreError extends Error {
  override name = 'FeedbackStoreError';
}

export interface AskRecord {
  /** The interaction id of the /ask; votes refer to it. */
  id: string;
  at: Date;
  /** The server it was asked in; null for a direct message (kept, never shown in any server's report). */
  guildId: string | null;
  userId: string;
  question: string;
  /** The question as the engine sees it (its words), for grouping near-duplicates. */
  normalized: string;
  answered: boolean;
  topParagraphId: string | null;
  topScore: number | null;
}

export type Vote = 1 | -1;

export interface VoteRecord {
  /** The ask whose answer was voted on. A vote for an ask that was never recorded, or in another server, is not stored. */
  askId: string;
  /** Where the click was: the ask's server (null in a direct message). */
  guildId: string | null;
  userId: string;
  vote: Vote;
  at?: Date;
}

export interface StoreOptions {
  /** Records older than this many days are removed at open and by `prune()`. */
  retentionDays: number;
  /** Salt for user-id hashes (FEEDBACK_SALT). Absent: the key file next to the database, created at first open. */
  salt?: string;
  /** Where failures to write are reported (rate-limited). Default: stderr. */
  log?: (line: string) => void;
  /** Most records kept waiting for the database; more are dropped (and counted in the log). */
  maxWaiting?: number;
  /** How long a record waits for others to be written with it in one transaction. */
  flushDelayMs?: number;
}

/** How writing behaves; every figure in one place. */
const WRITING = {
  /** At open (start-up, nothing to answer yet) a lock may be waited for this long. */
  openBusyTimeoutMs: 2_000,
  /**
   * While serving, a write waits at most this long for a lock: long enough for another shard's batch on the
   * same file (a few milliseconds), far too short to delay answers when another program holds the lock.
   */
  servingBusyTimeoutMs: 20,
  /** At close, to write what is still waiting. */
  closeBusyTimeoutMs: 1_000,
  maxWaiting: 20_000,
  flushDelayMs: 200,
  /** Records per transaction: a batch takes a few milliseconds, so other work interleaves between batches. */
  batchSize: 500,
  /** Pause before retrying after a failure: doubling from the first to the last. */
  retryFirstMs: 1_000,
  retryMaxMs: 5_000,
} as const;

/** Schema versions, applied in order; PRAGMA user_version records how far a file has come. */
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE asks (
     id TEXT PRIMARY KEY, at INTEGER NOT NULL, guild_id TEXT, user_hash TEXT NOT NULL,
     question TEXT NOT NULL, normalized TEXT NOT NULL, answered INTEGER NOT NULL,
     top_paragraph_id TEXT, top_score REAL);
   CREATE INDEX asks_at ON asks(at);
   CREATE TABLE votes (
     ask_id TEXT NOT NULL, user_hash TEXT NOT NULL, vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), at INTEGER NOT NULL,
     PRIMARY KEY (ask_id, user_hash));
   CREATE TABLE clicks (at INTEGER NOT NULL, ask_id TEXT NOT NULL, user_hash TEXT NOT NULL, vote INTEGER NOT NULL);
   CREATE INDEX clicks_at ON clicks(at);`,
  // Reports are per server.
  `CREATE INDEX asks_guild_at ON asks(guild_id, at);`,
];

const DAY_MS = 86_400_000;

/**
 * SQLite's page cache for this connection, in KiB (negative: a size, not a page count). better-sqlite3 builds
 * SQLite with 16 MB; the store only appends rows and reads them back for the occasional gaps report, so a
 * large cache only grows with the file (measured: +18 MB of native memory over 100,000 asks), never helps.
 */
const PAGE_CACHE_KIB = 2_000;

/** A vote counts only for an ask recorded in the same server (`IS`: null, a direct message, matches null). */
const ASK_EXISTS = 'WHERE EXISTS (SELECT 1 FROM asks WHERE id = ? AND guild_id IS ?)';

/**
 * The statements run on every ask and vote, prepared once. A statement prepared per call holds its native
 * SQLite statement until V8 collects the JS object, and thousands pile up between collections (measured:
 * +44 MB of native memory, not given back, over 20,000 prepares).
 */
function prepareStatements(db: Database.Database) {
  return {
    insertAsk: db.prepare(`INSERT OR IGNORE INTO asks (id, at, guild_id, user_hash, question, normalized, answered, top_paragraph_id, top_score)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertClick: db.prepare(`INSERT INTO clicks (at, ask_id, user_hash, vote) SELECT ?, ?, ?, ? ${ASK_EXISTS}`),
    upsertVote: db.prepare(`INSERT INTO votes (ask_id, user_hash, vote, at) SELECT ?, ?, ?, ? ${ASK_EXISTS}
                            ON CONFLICT (ask_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`),
    askGuild: db.prepare('SELECT guild_id FROM asks WHERE id = ?'),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/** A record waiting to be written: user already hashed, values in column order. */
type Waiting =
  | { kind: 'ask'; id: string; row: [string, number, string | null, string, string, string, number, string | null, number | null] }
  | { kind: 'vote'; at: number; askId: string; userHash: string; vote: Vote; guildId: string | null };

export class FeedbackStore {
  private readonly statements: Statements;
  private readonly log: (line: string) => void;
  private readonly failures: FailureLog;
  private readonly waiting: Waiting[] = [];
  /** Asks waiting to be written, by id → server, so a vote on a fresh answer is known before its ask is written. */
  private readonly waitingAsks = new Map<string, string | null>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private failedAttempts = 0;
  private failingSince = 0;

  private constructor(
    readonly db: Database.Database,
    readonly path: string,
    private readonly salt: string,
    private readonly options: StoreOptions,
  ) {
    this.statements = prepareStatements(db);
    this.log = options.log ?? ((line) => console.error(line));
    this.failures = new FailureLog({ log: this.log, prefix: 'feedback: ' });
  }

  static open(path: string, options: StoreOptions): FeedbackStore {
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${WRITING.openBusyTimeoutMs}`);
      db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
      // Deleted rows (pruned questions, the old in-file salt) are overwritten, not left in free pages.
      db.pragma('secure_delete = ON');
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        const first = String(check).split('\n').find((l) => l.trim() && !l.startsWith('***')) ?? 'damaged';
        throw new Error(`integrity check failed: ${first}`);
      }
      migrate(db);
      const log = options.log ?? ((line: string) => console.error(line));
      const store = new FeedbackStore(db, path, resolveSalt(db, path, options.salt, log), options);
      store.prune(new Date());
      // From here on, nothing waits for a lock beyond a moment: a write that cannot go now is queued and retried.
      db.pragma(`busy_timeout = ${WRITING.servingBusyTimeoutMs}`);
      return store;
    } catch (error) {
      db?.close();
      // One line, whatever SQLite said.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
      throw new FeedbackStoreError(`Cannot use the feedback database ${path}: ${reason}`);
    }
  }

  /** A salted, truncated hash: stable for one user under one salt, meaningless without it. */
  hashUser(userId: string): string {
    return createHmac('sha256', this.salt).update(userId).digest('hex').slice(0, 32);
  }

  /** Queues an ask; it is written with others a moment later (`flush()` writes now). Never blocks, never throws. */
  recordAsk(record: AskRecord): void {
    if (!this.admit()) return;
    this.waitingAsks.set(record.id, record.guildId);
    this.waiting.push({
      kind: 'ask',
      id: record.id,
      row: [record.id, record.at.getTime(), record.guildId, this.hashUser(record.userId), record.question, record.normalized,
        record.answered ? 1 : 0, record.topParagraphId, record.topScore],
    });
    this.scheduleSoon();
  }

  /**
   * Queues a vote: one per user per answer, a second click replaces the first; every click is also logged.
   * Stored only if its ask was recorded in the same server (check with `hasAsk` to tell the voter).
   */
  recordVote({ askId, guildId, userId, vote, at = new Date() }: VoteRecord): void {
    if (vote !== 1 && vote !== -1) throw new RangeError(`a vote is 1 or -1, not ${String(vote)}`);
    if (!this.admit()) return;
    this.waiting.push({ kind: 'vote', at: at.getTime(), askId, userHash: this.hashUser(userId), vote, guildId });
    this.scheduleSoon();
  }

  /**
   * Whether an ask with this id was recorded (or is waiting to be) in this server (null: a direct message).
   * Undefined when the database cannot say right now (locked): the vote's own check at write time decides then.
   */
  hasAsk(askId: string, guildId: string | null): boolean | undefined {
    if (this.waitingAsks.has(askId)) return this.waitingAsks.get(askId) === guildId;
    try {
      const row = this.statements.askGuild.get(askId) as { guild_id: string | null } | undefined;
      return row !== undefined && row.guild_id === guildId;
    } catch (error) {
      if (failureKind(error).transient) return undefined;
      throw error;
    }
  }

  /** How many records wait to be written. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Writes everything waiting, now. What cannot be written (the database locked, the disk full) stays queued. */
  flush(): void {
    this.cancelTimer();
    while (this.waiting.length && this.writeBatch());
    if (this.waiting.length) this.schedule(this.retryDelay());
  }

  /** Removes records older than the retention period; returns how many asks went (undefined: could not now, logged). */
  prune(now: Date): number | undefined {
    const cutoff = now.getTime() - this.options.retentionDays * DAY_MS;
    try {
      return this.db.transaction(() => {
        this.db.prepare('DELETE FROM votes WHERE at < ? OR ask_id IN (SELECT id FROM asks WHERE at < ?)').run(cutoff, cutoff);
        this.db.prepare('DELETE FROM clicks WHERE at < ?').run(cutoff);
        return this.db.prepare('DELETE FROM asks WHERE at < ?').run(cutoff).changes;
      })();
    } catch (error) {
      this.failures.report(failureKind(error).kind, `old records not removed now (${oneLine(error)}); tried again at the next daily run`);
      return undefined;
    }
  }

  /** Writes what is still waiting (waiting up to a second for a lock), then closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.cancelTimer();
    if (this.waiting.length) {
      this.db.pragma(`busy_timeout = ${WRITING.closeBusyTimeoutMs}`);
      while (this.waiting.length && this.writeBatch());
      if (this.waiting.length) this.log(`feedback: ${this.waiting.length} records could not be written before closing (${this.failures.recovered()})`);
    }
    this.db.close();
  }

  /* ───────────────────────────── writing ───────────────────────────── */

  /** Room for one more record? When the queue is full the record is dropped, and counted. */
  private admit(): boolean {
    if (!this.db.open) return false;
    const max = this.options.maxWaiting ?? WRITING.maxWaiting;
    if (this.waiting.length < max) return true;
    this.failures.report('queue full', `${max} records are waiting for the database; newer ones are dropped until it takes writes again`);
    return false;
  }

  /** Writes the oldest batch in one transaction; false when it could not (it stays queued, or bad records are dropped). */
  private writeBatch(): boolean {
    if (!this.db.open) return false;
    const batch = this.waiting.slice(0, WRITING.batchSize);
    try {
      this.db.transaction(() => batch.forEach((record) => this.write(record)))();
    } catch (error) {
      const { kind, transient } = failureKind(error);
      if (transient) {
        this.failedAttempts++;
        this.failingSince ||= Date.now();
        this.failures.report(kind, `${this.waiting.length} records waiting, retrying in ${this.retryDelay() / 1000} s (${oneLine(error)})`);
        return false;
      }
      // Something in the batch the database refuses (not a state of the database): write the records one by
      // one, so only the refused ones are lost.
      return this.writeOneByOne(batch);
    }
    this.written(batch.length);
    return true;
  }

  private writeOneByOne(batch: Waiting[]): boolean {
    for (const record of batch) {
      try {
        this.db.transaction(() => this.write(record))();
      } catch (error) {
        const { kind, transient } = failureKind(error);
        if (transient) return false;
        this.failures.report('record refused', `${kind}: ${oneLine(error)}`);
      }
      this.written(1);
    }
    return true;
  }

  private write(record: Waiting): void {
    if (record.kind === 'ask') {
      this.statements.insertAsk.run(...record.row);
      return;
    }
    const { at, askId, userHash, vote, guildId } = record;
    this.statements.insertClick.run(at, askId, userHash, vote, askId, guildId);
    this.statements.upsertVote.run(askId, userHash, vote, at, askId, guildId);
  }

  /** The first `count` waiting records are in the file. */
  private written(count: number): void {
    for (const record of this.waiting.splice(0, count)) if (record.kind === 'ask') this.waitingAsks.delete(record.id);
    if (!this.failures.failing) return;
    const seconds = ((Date.now() - this.failingSince) / 1000).toFixed(1);
    this.log(`feedback: writing again after ${seconds} s; ${this.waiting.length + count} waiting records are being written (failures meanwhile: ${this.failures.recovered()})`);
    this.failedAttempts = 0;
    this.failingSince = 0;
  }

  private retryDelay(): number {
    if (this.failedAttempts === 0) return 0;
    return Math.min(WRITING.retryFirstMs * 2 ** (this.failedAttempts - 1), WRITING.retryMaxMs);
  }

  /** A flush shortly, to write a new record with the others that arrive meanwhile — unless a retry is pending. */
  private scheduleSoon(): void {
    if (this.failedAttempts > 0 && this.timer) return; // failing: the retry's pause holds for new records too
    this.schedule(this.options.flushDelayMs ?? WRITING.flushDelayMs);
  }

  /** A flush in `delayMs` (an earlier one already due stays). */
  private schedule(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    this.cancelTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerDue = Infinity;
      // One batch per turn of the event loop: answers interleave with a long backlog.
      if (!this.writeBatch()) {
        if (this.waiting.length) this.schedule(this.retryDelay() || WRITING.retryFirstMs);
      } else if (this.waiting.length) {
        this.schedule(0);
      }
    }, delayMs);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }
}

/**
 * What went wrong, by SQLite's result code. Transient: a state of the database or the disk (locked, full,
 * read-only, I/O) that may pass — the records wait. Otherwise the record itself was refused.
 */
export function failureKind(error: unknown): { kind: string; transient: boolean } {
  const code = String((error as { code?: unknown })?.code ?? '');
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return { kind: 'database locked', transient: true };
  if (code === 'SQLITE_FULL') return { kind: 'disk full', transient: true };
  if (code.startsWith('SQLITE_READONLY')) return { kind: 'database read-only', transient: true };
  if (/^SQLITE_(IOERR|CANTOPEN|PROTOCOL|NOMEM|CORRUPT|NOTADB)/.test(code)) return { kind: 'database unusable', transient: true };
  return { kind: code || 'error', transient: false };
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

/**
 * The salt to hash with: FEEDBACK_SALT, else the key file next to the database (created at first open).
 * A database from before the key file kept its salt in its `meta` table: that salt moves to the key file
 * (so earlier hashes still match) and is removed from the database for good (secure_delete, WAL truncated).
 */
function resolveSalt(db: Database.Database, path: string, configured: string | undefined, log: (line: string) => void): string {
  const stored = (db.prepare("SELECT value FROM meta WHERE key = 'salt'").get() as { value: string } | undefined)?.value;
  const salt =
    configured ?? (path === ':memory:' ? (stored ?? randomBytes(16).toString('hex')) : keyFileSalt(saltFileFor(path), log, stored));
  if (stored !== undefined) {
    try {
      db.prepare("DELETE FROM meta WHERE key = 'salt'").run();
      if (path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
      log(`feedback: the salt moved out of ${path} ${configured ? '(FEEDBACK_SALT is used)' : `into ${saltFileFor(path)}`}`);
    } catch (error) {
      if (!failureKind(error).transient) throw error;
      log(`feedback: the old salt could not be removed from ${path} now (${oneLine(error)}); it is removed at the next start`);
    }
  }
  return salt;
}

function migrate(db: Database.Database): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > MIGRATIONS.length) throw new Error(`schema version ${version()} is newer than this program knows (${MIGRATIONS.length})`);
  // Each step under the write lock, the version read again inside it: processes opening a new file together
  // (shards starting) apply each step once between them.
  const step = db.transaction(() => {
    const v = version();
    if (v >= MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  while (version() < MIGRATIONS.length && step.immediate());
}
