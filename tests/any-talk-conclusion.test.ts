/**
 * The fixture talk of any-talk.test.ts with 32 points and a conclusion (in a folder of its own): the
 * conclusion is found by its name whatever its title says, a point beyond the thirtieth by its place. Its
 * own file: jieba's dictionaries are per process.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/answer-engine.ts';

const dir = mkdtempSync(join(tmpdir(), 'talk-qa-conclusion-'));
// Points 4–32, each saying only what it is about, in words that name no place.
const topics = Array.from({ length: 29 }, (_, i) => i + 4);
const points = topics.map((n) => `\n## [obs${n}] 细节${n}\n\n> en: Detail ${n}\n\n[obs${n}-p1] 咖啡馆经营的细节,编号${n}。\n`).join('');
const conclusion = points + '\n## [conclusion] 写在最后\n\n> en: Last words\n\n[conclusion-p1] 只要人们还想见面,咖啡馆就会一直开下去。\n';
writeFileSync(join(dir, 'talk.md'), readFileSync(join(import.meta.dirname, 'fixtures/small-talk/talk.md'), 'utf8') + conclusion);
const engine = AnswerEngine.fromCorpus(dir);

describe('a talk of more than thirty points', () => {
  it('finds the thirty-first and the last by their place', () => {
    expect(engine.observation(32)?.id).toBe('obs32');
    for (const [q, id] of [['第三十一点是什么', 'obs31-p1'], ['他的第三十二条讲了啥', 'obs32-p1'], ['第三点是什么', 'obs3-p1']]) {
      expect(engine.ask(q!).results[0]?.id, q).toBe(id);
    }
  });
});

describe('a talk with a conclusion titled in its own words', () => {
  it('answers "what is his conclusion" from it', () => {
    for (const q of ["What's his conclusion?", '他的结论是什么', '结语讲了什么']) expect(engine.ask(q).results[0]?.id, q).toBe('conclusion-p1');
  });
});
