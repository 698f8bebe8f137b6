/**
 * Where the project's files are, whether this code runs from src/ (tsx) or from dist/ (the build that
 * `npm start` runs): the project root is the nearest folder above with a package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const CORPUS_DIR = join(PROJECT_ROOT, 'corpus');
export const ASSETS_DIR = join(PROJECT_ROOT, 'assets');
export const DATA_DIR = join(PROJECT_ROOT, 'data');

/**
 * The talk this process serves: the folder named by TALK_DIR (relative to the working directory), or
 * corpus/. Read by the CLI, `npm start`, eval and bench; the folder needs only a talk.md.
 */
export function talkDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.TALK_DIR?.trim();
  return dir ? resolve(dir) : CORPUS_DIR;
}

/** The project's language resources, used for every talk (a talk folder's own files add to them). */
export const LEXICON_DIR = join(PROJECT_ROOT, 'lexicon');
