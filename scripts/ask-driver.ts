/**
 * Used by scripts/soak.ts (and its helpers by scripts/load.ts): sends /ask interactions through FakeDiscord
 * (test-support/fake-discord.ts) as fast as the bot takes them, with a bounded number in flight, and
 * measures each one from dispatch (INTERACTION_CREATE written to the socket) to its callback. Questions
 * are the eval set's (corpus/eval/questions.jsonl), in zh-CN or en-US by their language.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { LABELS } from '../src/render/labels.ts';
import { snowflake, type FakeDiscord, type InteractionCallback } from '../test-support/fake-discord.ts';
import { parseArgs } from 'node:util';

const QUESTIONS_FILE = fileURLToPath(new URL('../corpus/eval/questions.jsonl', import.meta.url));

export interface Question {
  q: string;
  locale: string;
}

export function loadQuestions(): Question[] {
  return readFileSync(QUESTIONS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { q: string; lang?: string })
    .map(({ q, lang }) => ({ q, locale: lang === 'en' ? 'en-US' : 'zh-CN' }));
}

/** One /ask: how long until its callback arrived, and the callback (null: none within the deadline). */
export interface Outcome {
  ms: number;
  callback: InteractionCallback | null;
}

export interface DriverOptions {
  /** At most this many interactions in flight. */
  concurrency: number;
  /** How long to wait for each callback before counting it lost (plus 2 s of slack). */
  deadlineMs: number;
  /**
   * Distinct users to ask from, in turn. Default: a new user for every interaction, so the per-user
   * cooldown never answers "slow down".
   */
  users?: number;
  /** The username prefix of generated users. */
  name?: string;
}

/** Sends /ask interactions; `asked` counts across runs so the questions keep rotating. */
export class AskDriver {
  asked = 0;
  private readonly pool: Array<{ id: string; username: string; global_name: null }>;

  constructor(
    private readonly fake: FakeDiscord,
    private readonly questions: Question[],
    private readonly options: DriverOptions,
  ) {
    this.pool = Array.from({ length: options.users ?? 0 }, (_, i) => this.user(i));
  }

  /**
   * Sends `total` /ask interactions, at most `concurrency` in flight. Each outcome goes to `onOutcome`
   * (with the number completed so far); they are also returned unless `keep` is false.
   */
  async run(total: number, { onOutcome, keep = true }: { onOutcome?: (outcome: Outcome, done: number) => void; keep?: boolean } = {}): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < total) {
        next++;
        const n = this.asked++;
        const { q, locale } = this.questions[n % this.questions.length]!;
        const user = this.pool.length ? this.pool[n % this.pool.length]! : this.user(n);
        const payload = this.fake.buildCommand('ask', { question: q }, { locale, user });
        const start = performance.now();
        await this.fake.dispatchInteraction(payload);
        const callback = await this.fake.waitForCallback(payload.id, this.options.deadlineMs + 2000).catch(() => null);
        const outcome = { ms: performance.now() - start, callback };
        if (keep) outcomes.push(outcome);
        onOutcome?.(outcome, ++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, total) }, worker));
    return outcomes;
  }

  private user(n: number) {
    return { id: snowflake(Date.now() - 500 * 86_400_000), username: `${this.options.name ?? 'load'}${n}`, global_name: null };
  }
}

/** What a callback was: an answer (embed; "not covered" has no buttons), a notice (e.g. cooldown), or the error notice. */
export function classify(callback: InteractionCallback): 'answered' | 'notCovered' | 'notice' | 'error' {
  const content = callback.data?.content;
  if (content === LABELS.zh.error || content === LABELS.en.error) return 'error';
  if (!(callback.data?.embeds ?? []).length) return 'notice';
  return (callback.data?.components ?? []).length ? 'answered' : 'notCovered';
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
// The drivers' statistics are the benchmark's (scripts/stats.ts); load.ts and soak.ts import them from here.
export { latencySummary, round } from './stats.ts';

/** What load.ts and soak.ts count: interactions sent, and what became of them. */
export interface DriverCounts {
  sent: number;
  answered: number;
  notCovered: number;
  notices: number;
  errors: number;
  /** Sent, and no callback within the deadline: must be 0. */
  lost: number;
  /** Replies outside Discord's limits (content, embeds, components). */
  limitViolations: number;
}

/** A whole-number command-line option, at least `min`; a clear error otherwise. */
export function wholeNumberOption(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not ${JSON.stringify(text)}`);
  return n;
}

/** The command line of load.ts and soak.ts: how many, how many in flight, warm-up, deadline, JSON. */
export interface DriverCommandLine {
  count: number;
  concurrency: number;
  warmup: number;
  deadlineMs: number;
  /** Distinct users to cycle through (soak only); unset: a new user per interaction. */
  users?: number;
  json: boolean;
}

/** Parses --count --concurrency --warmup --deadline --json (and --users where `users` is allowed). */
export function parseCommandLine(
  argv: string[],
  defaults: { count: number; warmup: number; minCount: number; users: boolean },
): DriverCommandLine {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', default: String(defaults.count) },
      concurrency: { type: 'string', default: '50' },
      warmup: { type: 'string', default: String(defaults.warmup) },
      deadline: { type: 'string', default: '3000' },
      ...(defaults.users ? { users: { type: 'string' as const } } : {}),
      json: { type: 'boolean', default: false },
    },
  });
  const int = wholeNumberOption;
  const users = (values as { users?: string }).users;
  return {
    count: int('count', values.count as string, defaults.minCount),
    concurrency: int('concurrency', values.concurrency as string, 1),
    warmup: int('warmup', values.warmup as string, 0),
    deadlineMs: int('deadline', values.deadline as string, 1),
    ...(users !== undefined ? { users: int('users', users, 1) } : {}),
    json: values.json as boolean,
  };
}

/**
 * load.ts and soak.ts run as scripts: a bad command line is one line and exit 2; then the report as one
 * JSON line or as text, exit code 1 when `failed` says the run missed its bar, and a failure to run as
 * one line naming the script (with the stack: it is a bug, not a usage error).
 */
export function runReport<O extends { json: boolean }, R>(
  script: string,
  parse: () => O,
  run: (options: O) => Promise<R>,
  output: { print: (report: R) => void; failed: (report: R) => boolean },
): void {
  let options: O;
  try {
    options = parse();
  } catch (error) {
    console.error(`${script}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return;
  }
  run(options).then(
    (report) => {
      if (options.json) console.log(JSON.stringify(report));
      else output.print(report);
      process.exitCode = output.failed(report) ? 1 : 0;
    },
    (error: unknown) => {
      console.error(`${script}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
