/**
 * The salt of the user hashes, kept outside the database: FEEDBACK_SALT, or a key file next to the database
 * (`feedback.salt` beside `feedback.sqlite`, mode 0600), created at first start. With the database alone and a
 * list of candidate user ids nobody can tell who asked what; with the salt too, they can — so the two are
 * never in one file, and a copy of the database (a backup, a file sent for a bug report) does not carry it.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** The key file of a database file: same folder, same name, `.salt` instead of its extension. */
export function saltFileFor(databasePath: string): string {
  return join(dirname(databasePath), `${basename(databasePath, extname(databasePath))}.salt`);
}

/**
 * The salt in the key file, creating the file with `initial` (default: 16 random bytes) when there is none.
 * Created atomically (written aside, then linked into place), so shards starting together agree on one salt.
 * `warn` hears about a key file that others than its owner may read.
 */
export function keyFileSalt(path: string, warn: (line: string) => void, initial?: string): string {
  const existing = readSalt(path, warn);
  if (existing !== undefined) return existing;
  const salt = initial ?? randomBytes(16).toString('hex');
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${salt}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, path);
    return salt;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSalt(path, warn)!; // another process made it first
  } finally {
    rmSync(aside, { force: true });
  }
}

function readSalt(path: string, warn: (line: string) => void): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const salt = text.trim();
  if (!salt) throw new Error(`the salt file ${path} is empty (delete it to start with a new salt: earlier user hashes then no longer match)`);
  if (statSync(path).mode & 0o077) warn(`feedback: the salt file ${path} is readable by others than its owner; chmod 600 it`);
  return salt;
}
