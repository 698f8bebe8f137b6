/**
 * Naive references for the benchmark: plain MiniSearch over the same paragraphs (default tokenizer,
 * character bigrams, jieba cutForSearch), always answering, scored and timed like the engine.
 */
import { createRequire } from 'node:module';
import MiniSearch from 'minisearch';
import type { Answer } from '../../src/engine/answer.ts';
import type { Paragraph } from '../../src/talk/types.ts';
import { normalize } from '../../src/text/normalize.ts';

const require = createRequire(import.meta.url);
const nodejieba = require('nodejieba') as typeof import('nodejieba');

export interface Reference {
  name: string;
  build: () => (q: string) => Answer;
}

/** Overlapping character bigrams of the normalised text; Latin words whole; a lone character alone. */
function charBigrams(text: string): string[] {
  const out: string[] = [];
  const s = [...normalize(text)];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i]! + run[i + 1]!);
    run = [];
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/[a-z0-9]/.test(c)) {
      flush();
      let word = c;
      while (i + 1 < s.length && /[a-z0-9\-.+#]/.test(s[i + 1]!)) word += s[++i]!;
      out.push(word.replace(/[-.+#]+$/, ''));
    } else if (/[\p{L}\p{N}]/u.test(c)) {
      run.push(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

export function references(paragraphs: Paragraph[]): Reference[] {
  const byId = new Map(paragraphs.map((p) => [p.id, p]));
  const documents = paragraphs.map((p) => ({ id: p.id, text: p.text }));
  const answerer = (index: MiniSearch) => (query: string): Answer => {
    const results = index.search(query).slice(0, 5).map((hit) => {
      const p = byId.get(String(hit.id))!;
      return {
        id: p.id,
        section: '',
        sectionEn: '',
        sectionId: p.sectionId,
        sectionKind: 'observation' as const,
        text: p.text,
        score: hit.score,
        terms: hit.terms,
        neighbours: { previous: null, next: null },
      };
    });
    return { query, answered: true, results, coverage: 1 };
  };
  const make = (options: Partial<ConstructorParameters<typeof MiniSearch>[0]>) => () => {
    const index = new MiniSearch({ fields: ['text'], idField: 'id', ...options });
    index.addAll(documents);
    return answerer(index);
  };
  return [
    { name: 'minisearch-default', build: make({}) },
    { name: 'char-bigrams', build: make({ tokenize: charBigrams, processTerm: (t) => t }) },
    { name: 'jieba-cutForSearch', build: make({ tokenize: (text) => nodejieba.cutForSearch(text) }) },
  ];
}
