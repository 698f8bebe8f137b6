/** What the benchmark's parts share: where the project is, a clock, and the progress line. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const QUESTION_FILE = join(ROOT, 'corpus/eval/questions.jsonl');

/** Milliseconds since a process.hrtime.bigint() reading. */
export const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** A progress line (on stderr, and only without --json). */
export type Progress = (message: string) => void;
