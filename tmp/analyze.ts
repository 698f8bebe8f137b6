import { readFileSync } from 'node:fs';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
const [dir, optsJson, ...files] = process.argv.slice(2);
const opts = JSON.parse(optsJson!);
const engine = AnswerEngine.fromCorpus(dir, { ...opts, answerThreshold: 0 });
const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}\p{Z}]/gu, '');
for (const f of files) {
  const qs = readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  for (const q of qs) {
    const a = engine.ask(q.q);
    const exp = q.expect.map(norm);
    const rank = a.results.findIndex((r) => exp.some((e: string) => norm(r.text).includes(e)));
    console.log(JSON.stringify({ f, lang: q.lang, pos: q.expect.length > 0, rank: rank + 1, cov: a.coverage, reason: a.reason ?? null, q: q.q }));
  }
}
