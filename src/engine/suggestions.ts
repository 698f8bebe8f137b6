/**
 * Autocomplete for /ask: what the talk can answer, matched against what the user has typed so far.
 * Suggestions are the observations' titles and the talk's key terms phrased as questions.
 */
import type { AnswerEngine } from './answer-engine.ts';
import { normalize } from '../text/normalize.ts';

const MAX_CHOICES = 25;
const MAX_LENGTH = 100;

const cache = new WeakMap<AnswerEngine, string[]>();

/** Candidate questions, built once per engine from its corpus. */
function candidates(engine: AnswerEngine): string[] {
  let list = cache.get(engine);
  if (!list) {
    const titles = engine.talk.sections.filter((s) => s.kind === 'observation').map((s) => s.title);
    const people = engine.talk.predictions.map((p) => `${p.person.zh}的预测是什么?`);
    const terms = engine.keyTerms().map((t) => `什么是${t}?`);
    list = [...new Set([...titles, ...people, ...terms])];
    cache.set(engine, list);
  }
  return list;
}

export function suggestQuestions(engine: AnswerEngine, typed: string): string[] {
  const text = cutToLength(typed.replace(/\s+/g, ' ').trim(), MAX_LENGTH);
  const all = candidates(engine);
  if (!text) return all.slice(0, MAX_CHOICES);
  const words = engine.segment(text).indexTerms;
  const folded = normalize(text);
  const scored = all
    .map((c) => {
      const fc = normalize(c);
      const score = (fc.includes(folded) ? 10 : 0) + words.filter((w) => fc.includes(w)).length;
      return { c, score };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.c);
  // What the user typed comes first, so they can send it as is.
  return [...new Set([text, ...scored])].filter((s) => s.length > 0).slice(0, MAX_CHOICES);
}

/** At most `max` UTF-16 units (as Discord counts), never ending inside a surrogate pair, lone surrogates dropped. */
function cutToLength(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (/^[\ud800-\udfff]$/.test(ch)) continue; // a lone surrogate is not text
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
