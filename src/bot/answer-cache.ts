/**
 * The engine's per-question work, remembered for the most recent distinct questions: under load the same
 * questions come back (popular ones, autocomplete suggestions picked as typed), and an answer is a pure function
 * of the question and the talk, so computing it again is avoidable work on the hot path (profiled with
 * scripts/load.ts: the engine's ask() was the largest part of an interaction's CPU). Bounded: least recently
 * used first out. Answers are frozen, so a caller that tried to change a shared one would fail loudly.
 */
import type { AnswerEngine } from '../engine/answer-engine.ts';

/** A Map kept in use order, never above `size` entries. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = compute();
    this.map.set(key, value);
    if (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The engine with ask() and segment() remembered for the last `size` distinct texts (0: the engine itself). */
export function withAnswerCache(engine: AnswerEngine, size: number): AnswerEngine {
  if (size <= 0) return engine;
  const answers = new Lru<ReturnType<AnswerEngine['ask']>>(size);
  const segments = new Lru<ReturnType<AnswerEngine['segment']>>(size);
  // Everything else (the talk, sections, timeline…) is the engine's own, through the prototype.
  const cached = Object.create(engine) as AnswerEngine;
  cached.ask = (query) => answers.get(query, () => deepFreeze(engine.ask(query)));
  cached.segment = (text) => segments.get(text, () => deepFreeze(engine.segment(text)));
  return cached;
}
