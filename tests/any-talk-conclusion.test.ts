/**
 * The fixture talk of any-talk.test.ts with a conclusion added (in a folder of its own): the conclusion
 * is found by its name whatever its title says. Its own file: jieba's dictionaries are per process.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/answer-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'talk-qa-conclusion-'));
const conclusion = '\n## [conclusion] 写在最后\n\n> en: Last words\n\n[conclusion-p1] 只要人们还想见面,咖啡馆就会一直开下去。\n';
writeFileSync(join(dir, 'talk.md'), readFileSync(join(import.meta.dirname, 'fixtures/small-talk/talk.md'), 'utf8') + conclusion);
const engine = AnswerEngine.fromCorpus(dir);

describe('a talk with a conclusion titled in its own words', () => {
  it('answers "what is his conclusion" from it', () => {
    for (const q of ["What's his conclusion?", '他的结论是什么', '结语讲了什么']) expect(engine.ask(q).results[0]?.id, q).toBe('conclusion-p1');
  });
});
