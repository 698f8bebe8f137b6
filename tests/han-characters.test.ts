/** The characters a question shares with a paragraph, weighted by their IDF (src/engine/han-characters.ts). */
import { describe, expect, it } from 'vitest';
import { HanCharacters, hanCharacters } from '../src/engine/han-characters.ts';
import { normalize } from '../src/text/normalize.ts';

const TEXTS = {
  a: '未来的咖啡馆会更像社区的客厅。',
  b: '机器人咖啡师会出现,但人和人之间的交流才是咖啡馆真正的价值。',
  c: '今年咖啡豆的采购价格上涨了三成。',
  d: '年轻人把咖啡馆当成第二个办公室。',
};
const index = new HanCharacters();
for (const [id, text] of Object.entries(TEXTS)) index.add(id, normalize(text));
const cosine = (q: string, id: string) => index.cosine(index.of(normalize(q)), id);

describe('HanCharacters', () => {
  it('takes each Han character of a text once, nothing else', () => {
    expect([...hanCharacters('咖啡 AI 咖啡馆!')]).toEqual(['咖', '啡', '馆']);
  });

  it('is 1 for a paragraph the question repeats, 0 for one it shares no character with', () => {
    expect(cosine(TEXTS.a, 'a')).toBeCloseTo(1, 10);
    expect(cosine('价格上涨', 'a')).toBe(0);
    // Characters no paragraph has, or none at all, find nothing.
    expect(index.of(normalize('龘 AI ?')).chars).toEqual([]);
    expect(cosine('AI?', 'a')).toBe(0);
    expect(cosine('客厅', 'nowhere')).toBe(0);
  });

  it('weighs a character by how few paragraphs have it: 咖啡 everywhere counts for little, 客厅 for much', () => {
    // Both questions share two characters with paragraph a; those of 客厅 are in no other paragraph.
    expect(cosine('客厅', 'a')).toBeGreaterThan(cosine('咖啡', 'a'));
    expect(cosine('咖啡店以后像什么', 'a')).toBeGreaterThan(cosine('咖啡店以后像什么', 'b'));
  });

  it('compares Traditional questions as Simplified, once normalised', () => {
    expect(cosine('社區的客廳', 'a')).toBeCloseTo(cosine('社区的客厅', 'a'), 10);
  });

  it('stays between 0 and 1', () => {
    for (const q of ['咖啡馆会像客厅吗', '咖啡咖啡咖啡', '人和人', '第二个办公室在哪']) {
      for (const id of Object.keys(TEXTS)) {
        const c = cosine(q, id);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it('weighs again when a paragraph is added after the first question', () => {
    const grow = new HanCharacters();
    grow.add('a', normalize(TEXTS.a));
    const before = grow.cosine(grow.of(normalize('客厅')), 'a');
    expect(grow.cosine(grow.of(normalize('客厅')), 'e')).toBe(0);
    grow.add('e', normalize('社区的客厅也卖咖啡。'));
    // 客厅 is now in both paragraphs: it tells paragraph a from the other less, and reaches e.
    expect(grow.cosine(grow.of(normalize('客厅')), 'a')).not.toBeCloseTo(before, 6);
    expect(grow.cosine(grow.of(normalize('客厅')), 'e')).toBeGreaterThan(0);
  });
});
