import { AnswerEngine } from '../src/engine/answer-engine.ts';
const [dir, ...qs] = process.argv.slice(2);
const e = AnswerEngine.fromCorpus(dir);
for (const q of qs) console.log(q, JSON.stringify(e.concepts(q)));
