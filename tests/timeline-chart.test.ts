import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TIMELINE_CHART_SIZE, canDraw, renderTimelineChart } from '../src/render/timeline-chart.ts';
import type { Prediction } from '../src/talk/types.ts';

function prediction(en: string, zh: string, from: number, to: number, summaryEn: string): Prediction {
  return {
    person: { en, zh, role: '', roleEn: '' },
    quote: '',
    implied: { from, to, summary: summaryEn, summaryEn },
    paragraphId: 'conclusion-p2',
  };
}

const SAMPLE: Prediction[] = [
  prediction('Elon Musk', '马斯克', 2024, 2024, 'already here'),
  prediction('Dario Amodei', '达里奥·阿莫迪', 2026, 2026, 'in 2026'),
  prediction('Demis Hassabis', '戴密斯·哈萨比斯', 2034, 2034, 'about 2034'),
  prediction('Geoffrey Hinton', '辛顿', 2029, 2044, '2029–2044'),
];
const TODAY = new Date('2025-06-01T12:00:00Z');

/** Decodes the 8-bit RGBA, non-interlaced PNGs that resvg writes: enough to look at pixels. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // bit depth, colour type RGBA, no interlace
    }
    if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rgba[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Dark pixels (text ink, not the white background or the light row stripes) in a rectangle. */
function inkIn(png: Buffer, x0: number, y0: number, x1: number, y1: number): number {
  const { width, rgba } = decodePng(png);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 4;
      if (rgba[i]! + rgba[i + 1]! + rgba[i + 2]! < 3 * 128) n++;
    }
  }
  return n;
}

// The name column: left of the plot (x < 170 at 1× = 340 px at 2×), between title and axis.
const NAMES = [0, 170, 340, 704] as const;

describe('renderTimelineChart', () => {
  it('returns a PNG of the intended size', () => {
    const png = renderTimelineChart(SAMPLE, TODAY);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(TIMELINE_CHART_SIZE.width);
    expect(png.readUInt32BE(20)).toBe(TIMELINE_CHART_SIZE.height);
    expect(TIMELINE_CHART_SIZE).toEqual({ width: 1600, height: 800 });
    const { width, height } = decodePng(png);
    expect([width, height]).toEqual([1600, 800]);
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(renderTimelineChart(SAMPLE, TODAY).equals(renderTimelineChart(SAMPLE, TODAY))).toBe(true);
    const zh = renderTimelineChart(SAMPLE, TODAY, { locale: 'zh' });
    expect(zh.equals(renderTimelineChart(SAMPLE, TODAY, { locale: 'zh' }))).toBe(true);
  });

  it('draws the names as text (with the bundled font, since system fonts are never loaded)', () => {
    const nameless = SAMPLE.map((p) => ({ ...p, person: { ...p.person, en: '', zh: '' } }));
    const withNames = inkIn(renderTimelineChart(SAMPLE, TODAY), ...NAMES);
    const without = inkIn(renderTimelineChart(nameless, TODAY), ...NAMES);
    expect(without).toBe(0);
    expect(withNames).toBeGreaterThan(2000);
  });

  it('draws Chinese names in the zh locale, differently from the English ones', () => {
    const en = renderTimelineChart(SAMPLE, TODAY, { locale: 'en' });
    const zh = renderTimelineChart(SAMPLE, TODAY, { locale: 'zh' });
    expect(inkIn(zh, ...NAMES)).toBeGreaterThan(2000);
    expect(zh.equals(en)).toBe(false);
    expect(renderTimelineChart(SAMPLE, TODAY).equals(en)).toBe(true); // English is the default
  });

  it('falls back to the English name when the font subset lacks a character', () => {
    expect(canDraw('马斯克')).toBe(true);
    expect(canDraw('Geoffrey Hinton')).toBe(true);
    expect(canDraw('雷·库兹韦尔')).toBe(false);
    const unknown = [prediction('Ray Kurzweil', '雷·库兹韦尔', 2029, 2029, 'by 2029')];
    const zh = decodePng(renderTimelineChart(unknown, TODAY, { locale: 'zh' }));
    const en = decodePng(renderTimelineChart(unknown, TODAY, { locale: 'en' }));
    // The name column (below the title and date labels, which do change with the locale) is identical.
    const rows = (img: typeof zh) => img.rgba.subarray(180 * 1600 * 4, 700 * 1600 * 4).filter((_, i) => i % (1600 * 4) < 340 * 4);
    expect(Buffer.from(rows(zh)).equals(Buffer.from(rows(en)))).toBe(true);
  });

  it('moves the "today" line with the date', () => {
    const a = renderTimelineChart(SAMPLE, TODAY);
    const later = renderTimelineChart(SAMPLE, new Date('2031-01-01T00:00:00Z'));
    expect(a.equals(later)).toBe(false);
    // At 2× the plot runs from x=340 to x=1552 over 2024–2046; mid-2025 is near x=417, 2031 near x=726.
    // The today line is red: look for it in a column of each image, below the labels.
    const red = (png: Buffer, x: number) => {
      const { rgba } = decodePng(png);
      let n = 0;
      for (let y = 200; y < 700; y++) {
        const i = (y * 1600 + x) * 4;
        if (rgba[i]! > 180 && rgba[i + 1]! < 110 && rgba[i + 2]! < 110) n++;
      }
      return n;
    };
    const col = (year: number) => Math.round((170 + ((year - 2024) / 22) * (776 - 170)) * 2);
    expect(red(a, col(2025 + 151 / 365))).toBeGreaterThan(400);
    expect(red(later, col(2025 + 151 / 365))).toBe(0);
    expect(red(later, col(2031))).toBeGreaterThan(400);
  });
});
