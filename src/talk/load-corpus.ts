/**
 * Reads the talk from corpus/: talk.md (front matter, sections, one paragraph per line) and
 * predictions.json. Everything is checked before anything is returned, so a malformed corpus stops the
 * program at start with file, line and what is wrong — never a half-built index.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { talkDir } from '../paths.ts';
import { parseTalkDate } from './talk-date.ts';
import type { Paragraph, ParagraphEnrichment, Prediction, PredictionTopic, Section, SectionKind, Talk, TalkMeta } from './types.ts';

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

/** Optional front-matter keys and the TalkMeta fields they fill (the speaker's role is filled apart). */
const OPTIONAL_META: Record<string, string> = {
  event: 'event',
  event_en: 'eventEn',
  event_short: 'eventShort',
  date: 'date',
  place: 'place',
  place_en: 'placeEn',
  publisher: 'publisher',
  author: 'author',
  editor: 'editor',
  source_url: 'sourceUrl',
};

/**
 * Sections in reading order: an optional news write-up, an optional opening, the observations obs1 … obsN
 * (N ≥ 1, numbered without gaps — a talk may make 6 points or 17), an optional conclusion.
 */
const OBSERVATION_ID = /^obs([1-9][0-9]*)$/;

/** Front-matter keys every talk has; the others may be missing or say the source does not give them. */
const REQUIRED_META = ['title', 'speaker'] as const;

/** A front-matter value saying the source does not give it: "(原文未写明)", "(not stated in the source)", "(未署名)". */
const UNKNOWN_VALUE = /^[(（]\s*(?:原文未写明|未写明|未署名|不详|未知|not stated.*|unknown|n\/a)\s*[)）]$/i;

const SECTION_LINE = /^## \[([a-z0-9-]+)\] (.+)$/;
const ENGLISH_TITLE_LINE = /^> en: (.+)$/;
const PARAGRAPH_LINE = /^\[([a-z0-9]+-p[0-9]+)\] (.+)$/;

const served = new Map<string, Talk>();

/**
 * The talk a command describes when it is loaded (TALK_DIR or corpus/): read once per folder, however many
 * commands ask for it.
 */
export function servedTalk(dir: string = talkDir()): Talk {
  let talk = served.get(dir);
  if (!talk) {
    talk = loadCorpus(dir);
    served.set(dir, talk);
  }
  return talk;
}

/**
 * Reads a talk folder: talk.md (required); predictions.json (optional: a talk may quote none) and
 * enrichment.jsonl (optional, `{ enrichment: false }` leaves it out, for measuring what it adds).
 */
export function loadCorpus(dir: string, options: { enrichment?: boolean } = {}): Talk {
  const talkFile = join(dir, 'talk.md');
  const { meta, sections } = parseTalk(readFileSync(talkFile, 'utf8'), talkFile);
  const enrichmentFile = join(dir, 'enrichment.jsonl');
  if (options.enrichment !== false && existsSync(enrichmentFile)) {
    const byId = parseEnrichment(readFileSync(enrichmentFile, 'utf8'), enrichmentFile, sections);
    for (const p of sections.flatMap((s) => s.paragraphs)) {
      const e = byId.get(p.id);
      if (e) p.enrichment = e;
    }
  }
  const predictionsFile = join(dir, 'predictions.json');
  const parsed = existsSync(predictionsFile)
    ? parsePredictions(readFileSync(predictionsFile, 'utf8'), predictionsFile, sections)
    : { predictions: [] };
  return { meta, sections, predictions: parsed.predictions, ...(parsed.topic ? { predictionTopic: parsed.topic } : {}) };
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
    // Unknown keys are kept but unused; a value saying the source lacks it counts as absent.
    if (!UNKNOWN_VALUE.test(m![2]!.trim())) fields.set(m![1]!, m![2]!.trim());
    fieldLines.set(m![1]!, i);
  }
  if (i >= lines.length) fail(0, 'front matter is not closed with "---"');
  for (const key of REQUIRED_META) if (!fields.get(key)) fail(i, `front matter lacks "${key}"`);
  const date = fields.get('date');
  if (date !== undefined && !parseTalkDate(date)) {
    fail(fieldLines.get('date')!, `date "${date}" is not a real date written YYYY-MM-DD (or YYYY-MM, or YYYY, when the source gives no more)`);
  }

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
      const expected = nextSectionIds(sections.at(-1)?.id);
      if (!expected.includes(id)) fail(i, `section "${id}" found where ${expected.length ? expected.map((e) => `"${e}"`).join(' or ') : 'no further section'} was expected`);
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
  const observations = sections.filter((s) => s.kind === 'observation');
  if (observations.length === 0) fail(lastLine(lines), 'missing section "obs1": a talk needs at least one observation');
  for (const s of sections) if (s.paragraphs.length === 0) fail(lastLine(lines), `section "${s.id}" has no paragraphs`);
  // The conclusion is numbered after the last observation, so /observation N+1 shows it.
  const conclusion = sections.find((s) => s.kind === 'conclusion');
  if (conclusion) conclusion.number = observations.length + 1;

  const f = (k: string) => fields.get(k)!;
  /** The fields named in `keys` (front-matter key → field) that the front matter has. */
  const optional = (keys: Record<string, string>) =>
    Object.fromEntries(Object.entries(keys).flatMap(([key, name]) => (fields.has(key) ? [[name, f(key)]] : [])));
  const title = f('title');
  const meta: TalkMeta = {
    title,
    titleEn: fields.get('title_en') ?? title,
    talkTitle: fields.get('talk_title') ?? title,
    speaker: {
      name: f('speaker'),
      nameEn: fields.get('speaker_en') ?? f('speaker'),
      ...optional({ speaker_role: 'role', speaker_role_en: 'roleEn' }),
    },
    ...optional(OPTIONAL_META),
  } as TalkMeta;
  return { meta, sections };
}

export function parsePredictions(source: string, file: string, sections: Section[]): { predictions: Prediction[]; topic?: PredictionTopic } {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (e) {
    const position = /position (\d+)/.exec(String(e))?.[1];
    const line = position ? source.slice(0, Number(position)).split('\n').length : 1;
    throw new CorpusError(file, line, `not valid JSON: ${(e as Error).message}`);
  }
  const list = (data as { predictions?: unknown }).predictions;
  const topic = (data as { topic?: PredictionTopic }).topic;
  if (topic !== undefined && (typeof topic?.zh !== 'string' || typeof topic?.en !== 'string' || !topic.zh || !topic.en))
    throw new CorpusError(file, lineOf(source, '"topic"'), 'expected "topic": {"zh": "…", "en": "…"} (what the predictions are about)');
  if (!Array.isArray(list) || list.length === 0) throw new CorpusError(file, 1, 'expected {"predictions": [ … ]} with at least one entry');
  const paragraphs = new Map<string, Paragraph>(sections.flatMap((s) => s.paragraphs.map((p) => [p.id, p] as const)));
  const predictions = list.map((entry, n) => {
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
  return { predictions, ...(topic ? { topic } : {}) };
}

/**
 * corpus/enrichment.jsonl: one JSON object a line, {"id", "en"?, "questions_zh"?, "questions_en"?}; a line
 * with only "$comment" is a note. Every id must be a paragraph of talk.md, once.
 */
export function parseEnrichment(source: string, file: string, sections: Section[]): Map<string, ParagraphEnrichment> {
  const ids = new Set(sections.flatMap((s) => s.paragraphs.map((p) => p.id)));
  const out = new Map<string, ParagraphEnrichment>();
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '');
  source.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const fail = (problem: string): never => {
      throw new CorpusError(file, i + 1, problem);
    };
    let d: Record<string, unknown> = {};
    try {
      d = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      fail(`not valid JSON: ${(e as Error).message}`);
    }
    if (typeof d !== 'object' || d === null || Array.isArray(d)) fail('expected a JSON object');
    if ('$comment' in d && !('id' in d)) return;
    const id = d.id;
    if (typeof id !== 'string' || !ids.has(id)) fail(`"id" ${JSON.stringify(id)} is not a paragraph of talk.md`);
    if (out.has(id as string)) fail(`paragraph "${id}" is enriched twice`);
    if (d.en !== undefined && (typeof d.en !== 'string' || !d.en.trim())) fail('"en" must be a non-empty string');
    for (const key of ['questions_zh', 'questions_en']) if (d[key] !== undefined && !strings(d[key])) fail(`"${key}" must be a list of non-empty strings`);
    out.set(id as string, {
      ...(typeof d.en === 'string' ? { en: d.en } : {}),
      questionsZh: (d.questions_zh as string[] | undefined) ?? [],
      questionsEn: (d.questions_en as string[] | undefined) ?? [],
    });
  });
  return out;
}

/** The section ids that may follow `previous` (undefined at the start of the talk). */
export function nextSectionIds(previous: string | undefined): string[] {
  if (previous === undefined) return ['news', 'opening', 'obs1'];
  if (previous === 'news') return ['opening', 'obs1'];
  if (previous === 'opening') return ['obs1'];
  const m = OBSERVATION_ID.exec(previous);
  if (m) return [`obs${Number(m[1]) + 1}`, 'conclusion'];
  return [];
}

function sectionKind(id: string): SectionKind {
  if (id === 'news' || id === 'opening' || id === 'conclusion') return id;
  return 'observation';
}

function sectionNumber(id: string): { number?: number } {
  const m = OBSERVATION_ID.exec(id);
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
