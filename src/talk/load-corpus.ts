/**
 * Reads the talk from corpus/: talk.md (front matter, sections, one paragraph per line) and
 * predictions.json. Everything is checked before anything is returned, so a malformed corpus stops the
 * program at start with file, line and what is wrong — never a half-built index.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paragraph, Prediction, Section, SectionKind, Talk, TalkMeta } from './types.ts';

export class CorpusError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'CorpusError';
  }
}

/** Section ids in reading order; every one must be present, once. */
export const SECTION_IDS = ['news', 'opening', 'obs1', 'obs2', 'obs3', 'obs4', 'obs5', 'obs6', 'conclusion'] as const;

const REQUIRED_META = ['title', 'title_en', 'talk_title', 'speaker', 'speaker_en', 'speaker_role', 'speaker_role_en',
  'event', 'event_en', 'date', 'place', 'place_en', 'publisher', 'author', 'editor'] as const;

const SECTION_LINE = /^## \[([a-z0-9-]+)\] (.+)$/;
const ENGLISH_TITLE_LINE = /^> en: (.+)$/;
const PARAGRAPH_LINE = /^\[([a-z0-9]+-p[0-9]+)\] (.+)$/;

export function loadCorpus(dir: string): Talk {
  const talkFile = join(dir, 'talk.md');
  const { meta, sections } = parseTalk(readFileSync(talkFile, 'utf8'), talkFile);
  const predictionsFile = join(dir, 'predictions.json');
  const predictions = parsePredictions(readFileSync(predictionsFile, 'utf8'), predictionsFile, sections);
  return { meta, sections, predictions };
}

export function parseTalk(source: string, file: string): { meta: TalkMeta; sections: Section[] } {
  const lines = source.split(/\r?\n/);
  const fail = (lineIndex: number, problem: string): never => {
    throw new CorpusError(file, lineIndex + 1, problem);
  };
  if (lines[0] !== '---') fail(0, 'expected front matter starting with "---"');
  const fields = new Map<string, string>();
  const fieldLines = new Map<string, number>();
  let i = 1;
  for (; i < lines.length && lines[i] !== '---'; i++) {
    const m = /^([a-z_]+): (.+)$/.exec(lines[i]!);
    if (!m) fail(i, `expected "key: value" in front matter, got ${JSON.stringify(lines[i])}`);
    if (fields.has(m![1]!)) fail(i, `front matter key "${m![1]}" appears twice`);
    fields.set(m![1]!, m![2]!.trim());
    fieldLines.set(m![1]!, i);
  }
  if (i >= lines.length) fail(0, 'front matter is not closed with "---"');
  for (const key of REQUIRED_META) if (!fields.get(key)) fail(i, `front matter lacks "${key}"`);
  const date = fields.get('date')!;
  if (!isCalendarDate(date)) fail(fieldLines.get('date')!, `date "${date}" is not a real date written YYYY-MM-DD`);

  const sections: Section[] = [];
  const paragraphIds = new Set<string>();
  let inComment = false;
  for (i++; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (inComment) { inComment = !line.includes('-->'); continue; }
    if (line.startsWith('<!--')) { inComment = !line.includes('-->'); continue; }
    if (line === '') continue;
    const sectionMatch = SECTION_LINE.exec(line);
    if (sectionMatch) {
      const id = sectionMatch[1]!;
      const expected = SECTION_IDS[sections.length];
      if (id !== expected) fail(i, `section "${id}" found where "${expected ?? '(none: all sections are present)'}" was expected`);
      const english = ENGLISH_TITLE_LINE.exec(lines[i + 1]?.trim() ?? '') ?? ENGLISH_TITLE_LINE.exec(lines[i + 2]?.trim() ?? '');
      if (!english) fail(i + 1, `section "${id}" needs a "> en: English title" line after its heading`);
      sections.push({ id, kind: sectionKind(id), ...sectionNumber(id), title: sectionMatch[2]!.trim(), titleEn: english![1]!.trim(), paragraphs: [] });
      continue;
    }
    if (ENGLISH_TITLE_LINE.test(line)) continue;
    const paragraphMatch = PARAGRAPH_LINE.exec(line);
    if (!paragraphMatch) fail(i, `expected "## [section] title", "> en: title" or "[paragraph-id] text", got ${JSON.stringify(line.slice(0, 60))}`);
    const section = sections.at(-1);
    if (!section) fail(i, 'paragraph before the first section');
    const id = paragraphMatch![1]!;
    if (!id.startsWith(`${section!.id}-p`)) fail(i, `paragraph id "${id}" must start with its section's id, "${section!.id}-p"`);
    if (paragraphIds.has(id)) fail(i, `paragraph id "${id}" is used twice`);
    paragraphIds.add(id);
    section!.paragraphs.push({ id, sectionId: section!.id, index: section!.paragraphs.length + 1, text: paragraphMatch![2]!.trim() });
  }
  if (sections.length !== SECTION_IDS.length) fail(lastLine(lines), `missing section "${SECTION_IDS[sections.length]}"`);
  for (const s of sections) if (s.paragraphs.length === 0) fail(lastLine(lines), `section "${s.id}" has no paragraphs`);

  const f = (k: string) => fields.get(k)!;
  const meta: TalkMeta = {
    title: f('title'), titleEn: f('title_en'),
    speaker: { name: f('speaker'), nameEn: f('speaker_en'), role: f('speaker_role'), roleEn: f('speaker_role_en') },
    event: f('event'), date, place: f('place'), publisher: f('publisher'), author: f('author'), editor: f('editor'),
    ...(fields.has('source_url') ? { sourceUrl: f('source_url') } : {}),
  };
  return { meta, sections };
}

export function parsePredictions(source: string, file: string, sections: Section[]): Prediction[] {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    const position = /position (\d+)/.exec(String(e))?.[1];
    const line = position ? source.slice(0, Number(position)).split('\n').length : 1;
    throw new CorpusError(file, line, `not valid JSON: ${(e as Error).message}`);
  }
  const list = (data as { predictions?: unknown }).predictions;
  if (!Array.isArray(list) || list.length === 0) throw new CorpusError(file, 1, 'expected {"predictions": [ … ]} with at least one entry');
  const paragraphs = new Map<string, Paragraph>(sections.flatMap((s) => s.paragraphs.map((p) => [p.id, p] as const)));
  return list.map((entry, n) => {
    const line = lineOf(source, `"quote": ${JSON.stringify((entry as Prediction)?.quote)}`);
    const fail = (problem: string): never => {
      throw new CorpusError(file, line, `prediction ${n + 1}: ${problem}`);
    };
    const p = entry as Prediction;
    for (const key of ['zh', 'en', 'role', 'roleEn'] as const) if (typeof p?.person?.[key] !== 'string' || !p.person[key]) fail(`person.${key} is missing`);
    if (typeof p.quote !== 'string' || !p.quote) fail('quote is missing');
    const paragraph = paragraphs.get(p.paragraphId);
    if (!paragraph) fail(`paragraphId "${p.paragraphId}" is not a paragraph of talk.md`);
    if (!paragraph!.text.includes(p.quote)) fail(`quote "${p.quote}" does not stand verbatim in paragraph ${p.paragraphId}`);
    const { from, to, summary, summaryEn } = p.implied ?? ({} as Prediction['implied']);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) fail('implied.from and implied.to must be whole years, from ≤ to');
    if (!summary || !summaryEn) fail('implied.summary and implied.summaryEn are required');
    return p;
  });
}

/** YYYY-MM-DD naming a day that exists (no 30 February). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function sectionKind(id: string): SectionKind {
  if (id === 'news' || id === 'opening' || id === 'conclusion') return id;
  return 'observation';
}

function sectionNumber(id: string): { number?: number } {
  if (id === 'conclusion') return { number: 7 };
  const m = /^obs(\d)$/.exec(id);
  return m ? { number: Number(m[1]) } : {};
}

function lineOf(source: string, needle: string): number {
  const at = source.indexOf(needle);
  return at < 0 ? 1 : source.slice(0, at).split('\n').length;
}

/** Index of the last non-empty line, where "missing at the end" problems are reported. */
function lastLine(lines: string[]): number {
  let i = lines.length - 1;
  while (i > 0 && lines[i]!.trim() === '') i--;
  return i;
}
