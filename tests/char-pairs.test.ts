/** The character-pair signal, scored outside MiniSearch, scores as MiniSearch would (src/engine/char-pairs.ts). */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CharPairIndex, charPairs } from '../src/engine/char-pairs.ts';
import { normalize } from '../src/text/normalize.ts';

const TEXTS = {
  a: '推理的时间越长,模型回答得越好。',
  b: '大模型的推理时间,成本也在下降,推理推理。',
  c: '机器人走进工厂和家庭。',
  d: '多模态大模型是通往AGI的路。',
};

describe('CharPairIndex', () => {
  it('pairs adjacent Han characters within runs, normalised (Traditional folds to Simplified)', () => {
    expect(charPairs('推理時間 AI 模型')).toEqual(['c:推理', 'c:理时', 'c:时间', 'c:模型']);
  });

  it("gives each paragraph MiniSearch's BM25+ score for the same pairs as a field of their own", () => {
    const weight = 0.1;
    const mini = new MiniSearch({ fields: ['chars'], tokenize: charPairs, processTerm: (t) => t, searchOptions: { tokenize: (t) => [t], processTerm: (t) => t } });
    mini.addAll(Object.entries(TEXTS).map(([id, chars]) => ({ id, chars })));
    const index = new CharPairIndex();
    for (const [id, text] of Object.entries(TEXTS)) index.add(id, normalize(text));

    const pairs = index.pairsOf('推理时间长的大模型');
    expect(pairs).not.toContain('c:间长'); // in no paragraph
    const hits = mini.search({ combineWith: 'OR', queries: pairs }, { boostTerm: () => weight });
    expect(hits.length).toBe(3);
    for (const hit of hits) {
      const { score, matched } = index.score(String(hit.id), pairs, weight);
      // MiniSearch multiplies the summed score by the number of query terms matched.
      expect(matched).toBe(hit.queryTerms.length);
      expect(score * matched).toBeCloseTo(hit.score, 10);
    }
    expect(index.score('c', pairs, weight)).toEqual({ score: 0, matched: 0 });
  });
});
