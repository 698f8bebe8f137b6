/**
 * The `/timeline` chart: the AGI predictions quoted in the talk, drawn as a horizontal timeline and
 * returned as PNG bytes for a Discord attachment.
 *
 * How: we write the SVG by hand (a chart library would be far more code than these few shapes) and
 * rasterise it with resvg (@resvg/resvg-js: Rust, no browser, prebuilt binary shipped inside npm).
 * resvg is told NOT to load system fonts and is given only the font committed in assets/fonts, so the
 * image is the same byte for byte on a machine with no fonts at all and on one with many.
 *
 * The font is a small subset of Noto Sans CJK SC (OFL-1.1; see assets/fonts/README.md): Latin, plus
 * the Chinese characters of this file's labels and of the corpus's predictions. Any Chinese string
 * the subset cannot draw falls back to its English form, so a new name in the corpus shows up in
 * Latin letters rather than as blanks until the subset is regenerated.
 */
import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { Prediction } from '../talk/types.ts';
import { parseTalkDate, talkDateStart } from '../talk/talk-date.ts';
import { ASSETS_DIR } from '../paths.ts';

export type ChartLocale = 'zh' | 'en';

/** Pixel size of the PNG. Laid out on an 800×400 canvas (Discord's preview size), drawn at 2× for sharp text. */
export const TIMELINE_CHART_SIZE = { width: 1600, height: 800 } as const;


const FONT_DIR = ASSETS_DIR + '/fonts/';
const FONT_FILES = ['NotoSansCJKsc-Regular.subset.otf', 'NotoSansCJKsc-Bold.subset.otf'].map((f) => FONT_DIR + f);
const FONT_FAMILY = 'Noto Sans CJK SC';
/** Every character the subset has a glyph for, written by assets/fonts/make-subset.py beside the fonts. */
const FONT_CHARS = new Set(readFileSync(FONT_DIR + 'subset-chars.txt', 'utf8').replace(/\n/g, ''));

const LABELS = {
  en: {
    title: 'Predictions quoted in the talk',
    today: 'today',
    talk: 'talk',
  },
  zh: {
    title: '演讲中引用的预测',
    today: '今天',
    talk: '演讲',
  },
} as const;

// Layout, in canvas units (800×400).
const W = 800;
const H = 400;
const PLOT = { left: 170, right: 776, top: 84, bottom: 352 };
const COLOURS = {
  text: '#1f2933',
  muted: '#52606d',
  grid: '#d9e2ec',
  stripe: '#f3f6f9',
  marker: '#2f6fde',
  today: '#d64545',
  talk: '#7b8794',
};

/** What the chart needs to know about the talk beyond its predictions. */
export interface ChartOptions {
  locale?: ChartLocale;
  /** The talk's date, ISO (TalkMeta.date): marked on the axis when known. */
  talkDate?: string;
  /** The chart's title in each language (Talk.predictionTopic); a generic one when the corpus gives none. */
  title?: { zh: string; en: string };
}

export function renderTimelineChart(predictions: Prediction[], today: Date, opts: ChartOptions = {}): Buffer {
  const svg = timelineSvg(predictions, today, opts.locale ?? 'en', opts);
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'width', value: TIMELINE_CHART_SIZE.width },
    background: '#ffffff',
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/** The chart as SVG text; exported for debugging and tests, not needed by callers. */
export function timelineSvg(predictions: Prediction[], today: Date, locale: ChartLocale, opts: Omit<ChartOptions, 'locale'> = {}): string {
  const zh = locale === 'zh';
  const label = (zhText: string, enText: string) => (zh && canDraw(zhText) ? zhText : enText);
  const L = {
    title: label(opts.title?.zh ?? LABELS.zh.title, opts.title?.en ?? LABELS.en.title),
    today: label(LABELS.zh.today, LABELS.en.today),
    talk: label(LABELS.zh.talk, LABELS.en.talk),
  };

  const date = opts.talkDate ? parseTalkDate(opts.talkDate) : undefined;
  const talk = date ? talkDateStart(date) : undefined;
  const rows = [...predictions]
    .map((p) => ({ p, from: Math.min(p.implied.from, p.implied.to), to: Math.max(p.implied.from, p.implied.to) }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.p.person.en.localeCompare(b.p.person.en));

  // Years are bands: a year Y spans [Y, Y+1). The axis always covers the talk, today and every prediction,
  // and at least 2024–2045 so that charts with few or near predictions keep the same scale.
  const firstYear = Math.min(talk?.getUTCFullYear() ?? today.getUTCFullYear(), today.getUTCFullYear(), ...rows.map((r) => r.from));
  const endYear = Math.max(2046, today.getUTCFullYear() + 1, ...rows.map((r) => r.to + 1));
  const x = (year: number) => PLOT.left + ((year - firstYear) / (endYear - firstYear)) * (PLOT.right - PLOT.left);

  const out: string[] = [];
  const text = (tx: number, ty: number, s: string, attrs: string) =>
    out.push(`<text x="${r(tx)}" y="${r(ty)}" ${attrs}>${esc(s)}</text>`);

  text(24, 36, L.title, `font-size="19" font-weight="700" fill="${COLOURS.text}"`);

  // Rows: light stripes so a name can be followed to its marker.
  const rowH = (PLOT.bottom - PLOT.top) / Math.max(rows.length, 1);
  rows.forEach((_, i) => {
    if (i % 2 === 0) out.push(`<rect x="8" y="${r(PLOT.top + i * rowH)}" width="${W - 16}" height="${r(rowH)}" fill="${COLOURS.stripe}"/>`);
  });

  // Year axis: a tick for every year, a label and grid line on multiples of `step` (≤ 12 labels).
  const step = [1, 2, 5, 10].find((s) => (endYear - firstYear) / s <= 12) ?? 20;
  for (let y = firstYear; y <= endYear; y++) {
    const labelled = y % step === 0;
    if (labelled) {
      out.push(`<line x1="${r(x(y))}" y1="${PLOT.top}" x2="${r(x(y))}" y2="${PLOT.bottom}" stroke="${COLOURS.grid}" stroke-width="1"/>`);
      text(x(y), PLOT.bottom + 20, String(y), `font-size="13" text-anchor="middle" fill="${COLOURS.muted}"`);
    }
    out.push(`<line x1="${r(x(y))}" y1="${PLOT.bottom}" x2="${r(x(y))}" y2="${PLOT.bottom + (labelled ? 6 : 3)}" stroke="${COLOURS.muted}" stroke-width="1"/>`);
  }
  out.push(`<line x1="${PLOT.left}" y1="${PLOT.bottom}" x2="${PLOT.right}" y2="${PLOT.bottom}" stroke="${COLOURS.muted}" stroke-width="1"/>`);

  // Date lines: the talk (dashed grey) and today (red). Their labels point away from each other so they
  // cannot overlap; a label that would leave the canvas is pulled back inside.
  // The talk's date is labelled as the source gives it (2023-05), though drawn at its first day.
  const dateLine = (d: Date, name: string, shown: string, colour: string, dash: string, towardsRight: boolean) => {
    const lx = x(yearFraction(d));
    out.push(`<line x1="${r(lx)}" y1="${PLOT.top - 8}" x2="${r(lx)}" y2="${PLOT.bottom}" stroke="${colour}" stroke-width="2" ${dash}/>`);
    const s = `${name} ${shown}`;
    const width = textWidth(s, 13);
    const tx = towardsRight ? Math.min(lx + 5, W - 8 - width) : Math.max(lx - 5, 8 + width);
    text(tx, PLOT.top - 14, s, `font-size="13" font-weight="700" text-anchor="${towardsRight ? 'start' : 'end'}" fill="${colour}"`);
  };
  const todayLater = !talk || today.getTime() >= talk.getTime();
  if (talk) dateLine(talk, L.talk, opts.talkDate!, COLOURS.talk, 'stroke-dasharray="5 4"', !todayLater);
  dateLine(today, L.today, isoDate(today), COLOURS.today, '', todayLater);

  // One row per person: name on the left, a dot (single year) or a bar (range), and the summary.
  rows.forEach(({ p, from, to }, i) => {
    const cy = PLOT.top + (i + 0.5) * rowH;
    const halo = i % 2 === 0 ? COLOURS.stripe : '#ffffff';
    const name = label(p.person.zh, p.person.en);
    text(PLOT.left - 14, cy + 5, name, `font-size="15" font-weight="700" text-anchor="end" fill="${COLOURS.text}"`);

    // Tall rows (the talk's 4 predictions) put the summary under the marker; with many rows there is no
    // room below, so it goes beside the marker instead, on whichever side it fits.
    const below = rowH >= 56;
    const markY = below ? cy - 7 : cy;
    const single = from === to;
    const x0 = single ? x(from + 0.5) - 7 : x(from);
    const x1 = single ? x0 + 14 : x(to + 1);
    if (single) {
      out.push(`<circle cx="${r(x0 + 7)}" cy="${r(markY)}" r="7" fill="${COLOURS.marker}" stroke="#ffffff" stroke-width="2"/>`);
    } else {
      out.push(`<rect x="${r(x0)}" y="${r(markY - 6)}" width="${r(x1 - x0)}" height="12" rx="6" fill="${COLOURS.marker}" fill-opacity="0.85"/>`);
    }
    const summary = label(p.implied.summary, p.implied.summaryEn);
    const width = textWidth(summary, 13);
    // A halo in the row's colour keeps the summary legible where it crosses a grid or date line.
    const haloed = `font-size="13" fill="${COLOURS.muted}" stroke="${halo}" stroke-width="4" paint-order="stroke" stroke-linejoin="round"`;
    if (below) {
      text(Math.min(Math.max(x0, PLOT.left + 4), W - 8 - width), markY + 25, summary, haloed);
    } else if (x1 + 8 + width <= W - 8) {
      text(x1 + 8, markY + 4.5, summary, haloed);
    } else if (x0 - 8 - width >= PLOT.left + 4) {
      text(x0 - 8 - width, markY + 4.5, summary, haloed);
    } else {
      // Neither side has room: a long bar holds its summary, in white, on a taller bar.
      out.push(`<rect x="${r(x0)}" y="${r(markY - 10)}" width="${r(x1 - x0)}" height="20" rx="10" fill="${COLOURS.marker}"/>`);
      text(x0 + 10, markY + 4.5, summary, `font-size="13" fill="#ffffff"`);
    }
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
    `font-family="${FONT_FAMILY}">\n${out.join('\n')}\n</svg>\n`
  );
}

/** True when the bundled font has a glyph for every character of `s`. */
export function canDraw(s: string): boolean {
  return [...s].every((ch) => FONT_CHARS.has(ch));
}

/** The date as a fractional year, e.g. 2024-12-07 → 2024.93 (UTC, so the chart does not depend on the server's zone). */
function yearFraction(d: Date): number {
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  return y + (d.getTime() - start) / (Date.UTC(y + 1, 0, 1) - start);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Rough advance width of `s` at `size` px: resvg cannot measure text before rendering, and we only need
 * it to keep labels inside the canvas. CJK and full-width characters are 1em; Latin averages ~0.56em.
 */
function textWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += ch.codePointAt(0)! >= 0x2e80 ? 1 : ch === ' ' ? 0.23 : 0.56;
  return em * size;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
