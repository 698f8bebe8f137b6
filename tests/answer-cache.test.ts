/**
 * The bot's answer cache (src/bot/answer-cache.ts) in front of the real engine: a repeated question is
 * answered from memory with the same answer the engine gives, at most `size` questions are kept (least
 * recently used out), answers are frozen, and everything else is still the engine's.
 */
import { describe, expect, test } from 'vitest';
import { withAnswerCache } from '../src/bot/answer-cache.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';

const engine = AnswerEngine.fromCorpus();

/** The engine, with its ask() calls counted. */
function counted() {
  const calls: string[] = [];
  const inner = Object.create(engine) as AnswerEngine;
  inner.ask = (query) => {
    calls.push(query);
    return engine.ask(query);
  };
  return { inner, calls };
}

describe('withAnswerCache', () => {
  test('a repeated question is not asked again; the answer is the engine’s, frozen', () => {
    const { inner, calls } = counted();
    const cached = withAnswerCache(inner, 10);
    const first = cached.ask('什么是自主智能');
    expect(cached.ask('什么是自主智能')).toBe(first);
    expect(calls).toEqual(['什么是自主智能']);
    expect(first).toEqual(engine.ask('什么是自主智能'));
    expect(Object.isFrozen(first) && Object.isFrozen(first.results) && Object.isFrozen(first.results[0])).toBe(true);
    expect(() => (first.results as unknown as unknown[]).push(null)).toThrow(TypeError);
  });

  test('at most `size` questions are kept, the least recently used leaves first', () => {
    const { inner, calls } = counted();
    const cached = withAnswerCache(inner, 2);
    cached.ask('a1');
    cached.ask('b2');
    cached.ask('a1'); // a1 is now the most recent
    cached.ask('c3'); // evicts b2
    cached.ask('a1');
    cached.ask('b2');
    expect(calls).toEqual(['a1', 'b2', 'c3', 'b2']);
  });

  test('size 0 is the engine itself; the rest of the engine is reachable through the cache', () => {
    expect(withAnswerCache(engine, 0)).toBe(engine);
    const cached = withAnswerCache(engine, 5);
    expect(cached.talk).toBe(engine.talk);
    expect(cached.segment('大模型的能力').words).toEqual(engine.segment('大模型的能力').words);
  });
});
