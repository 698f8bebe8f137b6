/**
 * `npm run eval [-- options]`: scores the engine on a question file and prints hit@1, hit@3, MRR, off-topic
 * rejection, false rejection and top@1 (the first result right, refused or not), overall, per language and per source.
 *
 *   --talk DIR          the talk folder (default: TALK_DIR or corpus/)
 *   --questions FILE    JSONL questions (default: corpus/eval/questions.jsonl for corpus/; required otherwise)
 *   --variants          also score without the talk's glossary, without its enrichment, and without both
 *                       (each in its own process: jieba's dictionaries are per process)
 *   --no-glossary       leave the talk's glossary.tsv out
 *   --no-enrichment     leave the talk's enrichment.jsonl out
 *   --options JSON      engine options to try (EngineOptions, e.g. {"answerThreshold":0.3}; nested objects merge)
 *   --json              one JSON report instead of the table
 *   -v                  list every miss
 *
 * A bare file argument is taken as --questions (the old form, `npm run eval -- file.jsonl`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { DEFAULT_OPTIONS, type EngineOptions } from '../src/engine/engine-options.ts';
import { CORPUS_DIR, talkDir } from '../src/paths.ts';
import { evaluate, readQuestions, type Report } from '../src/quality/evaluate.ts';

export const QUESTION_FILE = 'corpus/eval/questions.jsonl';

const USAGE = 'usage: npm run eval -- [--talk DIR] [--questions FILE] [--variants] [--no-glossary] [--no-enrichment] [--options JSON] [--json] [-v]';

interface Options {
  talk: string;
  questions: string;
  variants: boolean;
  glossary: boolean;
  enrichment: boolean;
  /** Engine options to try instead of the defaults (EngineOptions; objects merge one level deep). */
  engine: Partial<EngineOptions>;
  json: boolean;
  verbose: boolean;
}

function parse(argv: string[]): Options | string {
  const o = { talk: talkDir(), questions: '', variants: false, glossary: true, enrichment: true, engine: {} as Partial<EngineOptions>, json: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (a === '--talk') o.talk = resolve(value());
    else if (a === '--questions') o.questions = value();
    else if (a === '--variants') o.variants = true;
    else if (a === '--no-glossary') o.glossary = false;
    else if (a === '--no-enrichment') o.enrichment = false;
    else if (a === '--options') {
      const engine = parseEngineOptions(value());
      if (typeof engine === 'string') return engine;
      o.engine = engine;
    } else if (a === '--json') o.json = true;
    else if (a === '-v') o.verbose = true;
    else if (!a.startsWith('-') && !o.questions) o.questions = a;
    else return `unknown option ${JSON.stringify(a)}`;
  }
  if (!o.questions) {
    if (resolve(o.talk) !== resolve(CORPUS_DIR)) return 'another talk needs --questions FILE';
    o.questions = QUESTION_FILE;
  }
  if (!existsSync(join(o.talk, 'talk.md'))) return `no talk.md in ${o.talk}`;
  if (!existsSync(o.questions)) return `no question file ${o.questions}`;
  return o;
}

function score(o: Options): Report {
  const engine = AnswerEngine.fromCorpus(o.talk, o.engine, { glossary: o.glossary, enrichment: o.enrichment });
  return evaluate(readQuestions(o.questions), (q) => engine.ask(q));
}

/** --options: a JSON object of EngineOptions; a nested object (boost, unknownWeight …) merges with its default. */
function parseEngineOptions(text: string): Partial<EngineOptions> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `--options: not JSON: ${text}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return '--options: expected a JSON object';
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in DEFAULT_OPTIONS)) return `--options: unknown engine option ${JSON.stringify(key)}`;
    const base = DEFAULT_OPTIONS[key as keyof EngineOptions];
    out[key] = typeof base === 'object' && typeof value === 'object' && value !== null ? { ...base, ...value } : value;
  }
  return out as Partial<EngineOptions>;
}

/** A figure that does not apply to a kind (hit@1 of off-topic questions) prints as "-". */
function table(title: string, report: Report, verbose: boolean): string {
  const f = (x: number, applies: boolean) => (applies ? x.toFixed(3) : '  -  ');
  const row = (name: string, s: Report['overall']) =>
    `${name.padEnd(14)} ${String(s.questions).padStart(4)}  ${f(s['hit@1'], s.positives > 0)}  ${f(s['hit@3'], s.positives > 0)}  ${f(s.mrr, s.positives > 0)}  ${f(s.offTopicRejection, s.negatives > 0)}     ${f(s.falseRejection, s.positives > 0)}  ${f(s['top@1'], s.positives > 0)}`;
  const out = [title, `${'kind'.padEnd(14)}    n  hit@1  hit@3  MRR    off-topic  false      top@1`, `${' '.repeat(38)}rejected   rejection  (no refusal)`];
  for (const [lang, s] of Object.entries(report.byLang)) out.push(row(lang, s));
  out.push(row('all', report.overall));
  if (Object.keys(report.bySource).length > 1) {
    out.push('', 'source');
    for (const [source, s] of Object.entries(report.bySource)) out.push(row(source, s));
  }
  if (verbose) for (const m of report.misses) out.push(`  ${m.rejected ? 'REJECTED' : `rank=${m.rank}`} [${m.lang}] ${m.q} -> ${m.top}`);
  return out.join('\n');
}

const label = (o: Options) =>
  `${o.questions} on ${o.talk}${o.glossary ? '' : ', without glossary'}${o.enrichment ? '' : ', without enrichment'}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const parsed = parse(process.argv.slice(2));
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    process.exit(2);
  }
  if (!parsed.variants) {
    const report = score(parsed);
    console.log(parsed.json ? JSON.stringify({ talk: parsed.talk, questions: parsed.questions, glossary: parsed.glossary, enrichment: parsed.enrichment, ...report }) : table(label(parsed), report, parsed.verbose));
  } else {
    const variants = [[], ['--no-glossary'], ['--no-enrichment'], ['--no-glossary', '--no-enrichment']];
    for (const flags of variants) {
      const args = ['scripts/eval.ts', '--talk', parsed.talk, '--questions', parsed.questions, ...flags, ...(Object.keys(parsed.engine).length > 0 ? ['--options', JSON.stringify(parsed.engine)] : []), ...(parsed.json ? ['--json'] : []), ...(parsed.verbose ? ['-v'] : [])];
      const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8' });
      process.stdout.write(run.stdout + (parsed.json ? '' : '\n'));
      if (run.status !== 0) {
        process.stderr.write(run.stderr);
        process.exit(run.status ?? 1);
      }
    }
  }
}
