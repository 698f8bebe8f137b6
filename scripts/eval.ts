/**
 * `npm run eval [-- file.jsonl] [--json] [-v]`: scores the engine on corpus/eval/questions.jsonl (the
 * development questions and the project's own) and prints hit@1, hit@3, MRR, off-topic rejection and
 * false rejection, overall, per language and per source. -v lists every miss.
 */
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { evaluate, readQuestions } from '../src/quality/evaluate.ts';

export const QUESTION_FILE = 'corpus/eval/questions.jsonl';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('-')) ?? QUESTION_FILE;
const engine = AnswerEngine.fromCorpus();
const report = evaluate(readQuestions(file), (q) => engine.ask(q));

if (args.includes('--json')) {
  console.log(JSON.stringify(report));
} else {
  // A figure that does not apply to a kind (hit@1 of off-topic questions) prints as "-".
  const f = (x: number, applies: boolean) => (applies ? x.toFixed(3) : '  -  ');
  const row = (name: string, s: (typeof report)['overall']) =>
    `${name.padEnd(14)} ${String(s.questions).padStart(4)}  ${f(s['hit@1'], s.positives > 0)}  ${f(s['hit@3'], s.positives > 0)}  ${f(s.mrr, s.positives > 0)}  ${f(s.offTopicRejection, s.negatives > 0)}     ${f(s.falseRejection, s.positives > 0)}`;
  console.log(`${file}\n${'kind'.padEnd(14)}    n  hit@1  hit@3  MRR    off-topic  false`);
  console.log(`${' '.repeat(38)}rejected   rejection`);
  for (const [lang, s] of Object.entries(report.byLang)) console.log(row(lang, s));
  console.log(row('all', report.overall));
  if (Object.keys(report.bySource).length > 1) {
    console.log(`\n${'source'.padEnd(14)}`);
    for (const [source, s] of Object.entries(report.bySource)) console.log(row(source, s));
  }
  if (args.includes('-v')) {
    for (const m of report.misses) console.log(`  ${m.rejected ? 'REJECTED' : `rank=${m.rank}`} [${m.lang}] ${m.q} -> ${m.top}`);
  }
}
