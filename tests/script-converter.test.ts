/** The compact Simplified → Traditional converter gives what opencc-js's own converter gives. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js/cn2t';
import * as OpenCCToSimplified from 'opencc-js/t2cn';
import { configs } from 'opencc-js/preset/cn2t';
import { configs as toSimplifiedConfigs } from 'opencc-js/preset/t2cn';
import { describe, expect, it } from 'vitest';
import { compactConverter } from '../src/text/script-converter.ts';
import { hasTraditional, toTraditional } from '../src/text/normalize.ts';

const ROOT = join(import.meta.dirname, '..');

describe('compactConverter (opencc-js dictionaries, cn → twp)', () => {
  const opencc = OpenCC.Converter({ from: 'cn', to: 'twp' });
  const compact = compactConverter(configs.s2twp!);

  it('converts the talk, the labels and every evaluation question exactly as opencc-js does', () => {
    const texts = [
      readFileSync(join(ROOT, 'corpus/talk.md'), 'utf8'),
      readFileSync(join(ROOT, 'corpus/enrichment.jsonl'), 'utf8'),
      readFileSync(join(ROOT, 'src/render/labels.ts'), 'utf8'),
      readFileSync(join(ROOT, 'corpus/eval/questions.jsonl'), 'utf8'),
    ];
    for (const text of texts) {
      const lines = text.split('\n');
      const differing = lines.filter((line) => compact(line) !== opencc(line));
      expect(differing).toEqual([]);
    }
  });

  it('keeps phrases whole (软件 → 軟體, 头发 → 頭髮, 发展 → 發展) and astral characters intact', () => {
    expect(compact('软件和头发的发展')).toBe('軟體和頭髮的發展');
    expect(compact('𠮷AI模型😀')).toBe(opencc('𠮷AI模型😀'));
    expect(toTraditional('人工智能的信息')).toBe(opencc('人工智能的信息'));
    // Cut into segments first, as opencc-js does: 打开 (→ 開啟 in Taiwan phrasing) is not one segment here.
    expect(compact('那个模型打开了新局面')).toBe(opencc('那个模型打开了新局面'));
    expect(compact('请打开文件')).toBe(opencc('请打开文件'));
  });
});

describe('compactConverter (opencc-js dictionaries, Traditional → Simplified: t2s, tw2sp)', () => {
  const pairs = [
    [OpenCCToSimplified.Converter({ from: 't', to: 'cn' }), compactConverter(toSimplifiedConfigs.t2s!)],
    [OpenCCToSimplified.Converter({ from: 'twp', to: 'cn' }), compactConverter(toSimplifiedConfigs.tw2sp!)],
  ] as const;

  it('converts the talk, its enrichment and every evaluation question, written in Traditional, exactly as opencc-js does', () => {
    const texts = ['corpus/talk.md', 'corpus/enrichment.jsonl', 'corpus/eval/questions.jsonl'].map((f) => readFileSync(join(ROOT, f), 'utf8'));
    // Taiwan phrasing as a zh-TW reader writes it (軟體, 資訊, 人工智慧), and the questions as they were asked.
    const traditional = [...texts.map(toTraditional), texts[2]!].flatMap((t) => t.split('\n'));
    expect(traditional.filter(hasTraditional).length).toBeGreaterThan(500);
    for (const [opencc, compact] of pairs) {
      expect(traditional.filter((line) => compact(line) !== opencc(line))).toEqual([]);
    }
  });

  it('folds Taiwan phrases back (軟體 → 软件, 人工智慧 → 人工智能)', () => {
    const [, tw2sp] = pairs[1];
    expect(tw2sp('人工智慧的軟體')).toBe('人工智能的软件');
  });
});
