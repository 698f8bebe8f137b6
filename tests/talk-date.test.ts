/** A talk's date as its source gives it — a day, a month or a year (src/talk/talk-date.ts) — and what shows it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTalkDate, talkDateEn, talkDateStart, talkDateZh } from '../src/talk/talk-date.ts';
import { loadCorpus } from '../src/talk/load-corpus.ts';
import { talkCard } from '../src/engine/talk-facts.ts';
import { timelineSvg } from '../src/render/timeline-chart.ts';

describe('parseTalkDate', () => {
  it('reads a day, a month or a year', () => {
    expect(parseTalkDate('2024-12-07')).toEqual({ year: 2024, month: 12, day: 7 });
    expect(parseTalkDate('2023-05')).toEqual({ year: 2023, month: 5 });
    expect(parseTalkDate('2021')).toEqual({ year: 2021 });
  });

  it('refuses what names no date: no 30 February, no month 13, no other writing', () => {
    for (const bad of ['2024-02-30', '2023-13', '2023-00', '2023-5', '2023/05', '7 Dec 2024', '2024-12-07T10:00', '', '２０２４']) {
      expect(parseTalkDate(bad), bad).toBeUndefined();
    }
  });

  it('agrees with the calendar on every day of every month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
        expect(parseTalkDate(text) !== undefined).toBe(real);
      }),
      { numRuns: 500, seed: 20231205 },
    );
  });

  it('words it in Chinese and English, and starts it on its first day', () => {
    expect([talkDateZh({ year: 2024, month: 12, day: 7 }), talkDateEn({ year: 2024, month: 12, day: 7 })]).toEqual(['2024年12月7日', '7 December 2024']);
    expect([talkDateZh({ year: 2023, month: 5 }), talkDateEn({ year: 2023, month: 5 })]).toEqual(['2023年5月', 'May 2023']);
    expect([talkDateZh({ year: 2021 }), talkDateEn({ year: 2021 })]).toEqual(['2021年', '2021']);
    expect(talkDateStart({ year: 2023, month: 5 }).toISOString()).toBe('2023-05-01T00:00:00.000Z');
    expect(talkDateStart({ year: 2021 }).toISOString()).toBe('2021-01-01T00:00:00.000Z');
  });
});

describe('a talk whose source gives only the month', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talk-qa-date-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fixture = readFileSync(join(import.meta.dirname, 'fixtures/small-talk/talk.md'), 'utf8');
  writeFileSync(join(dir, 'talk.md'), fixture.replace('date: (原文未写明)', 'date: 2023-05'));

  it('loads, and its card says the month', () => {
    const talk = loadCorpus(dir);
    expect(talk.meta.date).toBe('2023-05');
    expect(talkCard(talk).find((r) => r.field === 'date')).toMatchObject({ zh: '2023年5月', en: 'May 2023' });
  });

  it('marks the talk on the timeline chart at the month', () => {
    const today = new Date('2026-12-01T00:00:00Z');
    const svg = timelineSvg([], today, 'en', { talkDate: '2023-05' });
    // Labelled as the source gives it — no day made up — and drawn where May 2023 begins, left of today.
    expect(svg).toContain('>talk 2023-05<');
    expect(svg).toContain('>today 2026-12-01<');
    const lineX = (svgText: string) => [...svgText.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="#7b8794" stroke-width="2"/g)].map((m) => Number(m[1]));
    const [month] = lineX(svg);
    const [day] = lineX(timelineSvg([], today, 'en', { talkDate: '2023-05-01' }));
    expect(month).toBeDefined();
    expect(month).toBeCloseTo(day!, 5);
    const [year] = lineX(timelineSvg([], today, 'en', { talkDate: '2023' }));
    expect(year!).toBeLessThan(month!);
  });
});
