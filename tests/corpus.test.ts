/**
 * The corpus as the loader reads it (corpus/talk.md, predictions.json, glossary.tsv), and the loader's
 * refusal of malformed copies with the right file:line.
 *
 * Malformed corpora are copies of corpus/ in os.tmpdir() with one defect each. They are read with
 * loadCorpus()/Glossary.load() directly, and also through AnswerEngine.fromCorpus(), which must stop at the
 * corpus check — before jieba is loaded (jieba can be loaded once per process, with one set of dictionaries).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerEngine, DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';
import { Glossary } from '../src/engine/glossary.ts';
import { CorpusError, loadCorpus } from '../src/talk/load-corpus.ts';
import type { Talk } from '../src/talk/types.ts';

const talk: Talk = loadCorpus(DEFAULT_CORPUS_DIR);
const paragraphs = talk.sections.flatMap((s) => s.paragraphs);
const byId = new Map(paragraphs.map((p) => [p.id, p]));

/** NFKC, lower case, no whitespace, punctuation or symbols (as the eval scorer folds text). */
const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}\p{Z}]/gu, '');

describe('the committed corpus', () => {
  it('loads, with its front matter', () => {
    expect(talk.meta.speaker.name).toBe('张宏江');
    expect(talk.meta.speaker.nameEn).toBe('Zhang Hongjiang');
    expect(talk.meta.date).toBe('2024-12-07');
    expect(talk.meta.author).toBe('林志佳');
    expect(talk.meta.editor).toBe('胡润峰');
    expect(paragraphs.length).toBeGreaterThanOrEqual(59);
  });

  it('has the sections news, opening, obs1–obs6, conclusion in that order, with their titles', () => {
    expect(talk.sections.map((s) => s.id)).toEqual(['news', 'opening', 'obs1', 'obs2', 'obs3', 'obs4', 'obs5', 'obs6', 'conclusion']);
    expect(talk.sections.map((s) => s.id)).toEqual(['news', 'opening', 'obs1', 'obs2', 'obs3', 'obs4', 'obs5', 'obs6', 'conclusion']);
    expect(talk.sections.map((s) => [s.id, s.title])).toEqual([
      ['news', '新闻稿'],
      ['opening', '开场'],
      ['obs1', 'Scaling Law(规模效应)还有效吗?'],
      ['obs2', '新操作系统、新平台、新生态'],
      ['obs3', '大模型推动存量和新增应用'],
      ['obs4', '多模态大模型是AGI的终极模型'],
      ['obs5', '多模态大模型赋能机器人'],
      ['obs6', '大模型的未来:自主智能的世界'],
      ['conclusion', '结语'],
    ]);
    expect(talk.sections.map((s) => s.kind)).toEqual(['news', 'opening', ...Array(6).fill('observation'), 'conclusion']);
    expect(talk.sections.map((s) => s.number)).toEqual([undefined, undefined, 1, 2, 3, 4, 5, 6, 7]);
    for (const s of talk.sections) {
      expect(s.titleEn, s.id).toMatch(/\S/);
      expect(s.paragraphs.length, s.id).toBeGreaterThan(0);
    }
    expect(talk.sections.find((s) => s.id === 'obs1')!.titleEn).toBe('Does the Scaling Law still hold?');
  });

  it('has unique paragraph ids that carry their section and 1-based position', () => {
    const ids = paragraphs.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of talk.sections) {
      s.paragraphs.forEach((p, i) => {
        expect(p.id).toMatch(new RegExp(`^${s.id}-p\\d+$`));
        expect(p.sectionId).toBe(s.id);
        expect(p.index).toBe(i + 1);
        expect(p.text).toBe(p.text.trim());
        expect(p.text).not.toMatch(/^\[/); // the id marker is not part of the text
      });
    }
  });

  it('keeps the ids other files cite (spot checks: id → text prefix)', () => {
    const expected: Record<string, string> = {
      'news-p1': '12月6日-7日,2024 T-EDGE创新大会暨钛媒体财经年会',
      'news-p8': '(本文首发于钛媒体App',
      'opening-p1': '各位钛媒体的嘉宾,大家下午好',
      'obs1-p1': '近日,OpenAI发布了o1模型',
      'obs1-p10': '01模型的新方法',
      'obs3-p3': '我认为大模型应用可能分为四个阶段',
      'obs3-p4': '1)第一波增长的 AI Infra',
      'obs4-p6': '比如,GPT-4o的发布',
      'obs5-p3': '未来,多模态大模型驱动的“具身智能”模型',
      'obs6-p3': '那么未来,随着AI大模型的发展驱动',
      'conclusion-p2': '如果你要问马斯克(Elon Musk)',
      'conclusion-p5': '好,谢谢大家',
    };
    for (const [id, prefix] of Object.entries(expected)) {
      expect(byId.get(id)?.text, id).toBeDefined();
      expect(byId.get(id)!.text.startsWith(prefix), `${id} starts with ${prefix}`).toBe(true);
    }
    expect(byId.get('obs6-p3')!.text).toContain('自主决策和行为能力');
  });

  it('never drops an id (every id of the first edition is still there)', () => {
    const counts = { news: 8, opening: 2, obs1: 11, obs2: 9, obs3: 8, obs4: 6, obs5: 4, obs6: 6, conclusion: 5 };
    for (const [section, n] of Object.entries(counts)) {
      for (let i = 1; i <= n; i++) expect(byId.has(`${section}-p${i}`), `${section}-p${i}`).toBe(true);
    }
  });

  it('holds none of the page junk: browser-upgrade notice, doubled headline, photo captions', () => {
    const junkFragments = ['亲爱的凤凰网用户', '浏览器版本过低', '建议升级浏览器', '第三方浏览器推荐', '谷歌(Chrome)浏览器', '360安全浏览器', '下载'];
    const headline = '张宏江消除“Scaling Law放缓”恐惧,直言未来将迎来“自主智能”的世界|2024 T-EDGE';
    const captions = ['北京智源研究院创始理事长,美国工程院外籍院士 张宏江', '北京智源人工智能研究院创始理事长,美国国家工程院外籍院士 张宏江'];
    for (const p of paragraphs) {
      for (const junk of junkFragments) expect(fold(p.text), `${p.id} holds "${junk}"`).not.toContain(fold(junk));
      expect(fold(p.text), `${p.id} holds the headline`).not.toContain(fold('张宏江消除'));
      for (const caption of captions) {
        // news-p2 legitimately names the speaker the same way mid-sentence; a caption is a paragraph of its own.
        expect(fold(p.text), `${p.id} is a caption`).not.toBe(fold(caption));
        expect(fold(p.text).startsWith(fold(caption)), `${p.id} starts with a caption`).toBe(false);
      }
    }
    // The headline is metadata, once.
    expect(talk.meta.title).toBe(headline);
    const raw = readFileSync(join(DEFAULT_CORPUS_DIR, 'talk.md'), 'utf8');
    expect(raw.split(headline).length - 1).toBe(1);
  });

  it('has the four stages 1)–4) inside obs3, in order, after the paragraph announcing them', () => {
    const stages = paragraphs.filter((p) => /^[1-4][)）]/.test(p.text));
    expect(stages.map((p) => p.sectionId)).toEqual(['obs3', 'obs3', 'obs3', 'obs3']);
    expect(stages.map((p) => p.text[0])).toEqual(['1', '2', '3', '4']);
    const obs3 = talk.sections.find((s) => s.id === 'obs3')!;
    const first = obs3.paragraphs.indexOf(stages[0]!);
    expect(obs3.paragraphs.slice(first, first + 4)).toEqual(stages);
    expect(obs3.paragraphs[first - 1]!.text).toContain('四个阶段');
    expect(stages[3]!.text).toContain('自动驾驶');
  });

  it('quotes every prediction verbatim from its cited paragraph, with the implied years', () => {
    expect(talk.predictions).toHaveLength(4);
    for (const p of talk.predictions) {
      const paragraph = byId.get(p.paragraphId);
      expect(paragraph, p.paragraphId).toBeDefined();
      expect(paragraph!.text).toContain(p.quote);
      expect(p.implied.from).toBeLessThanOrEqual(p.implied.to);
      expect(p.implied.summary).toMatch(/\S/);
      expect(p.implied.summaryEn).toMatch(/\S/);
    }
    const years = Object.fromEntries(talk.predictions.map((p) => [p.person.en, [p.implied.from, p.implied.to]]));
    expect(years).toEqual({
      'Elon Musk': [2024, 2024],
      'Dario Amodei': [2026, 2026],
      'Demis Hassabis': [2034, 2034],
      'Geoffrey Hinton': [2029, 2044],
    });
    // Each quote follows the name it is attributed to in the paragraph.
    const text = byId.get('conclusion-p2')!.text;
    for (const [name, quote] of [['马斯克', '他说已经到了'], ['Dario Amodei', '他说2026年'], ['Demis Hassabis', '他说可能还有十年'], ['辛顿', '他说还有5-20年']]) {
      const at = text.indexOf(name!);
      expect(at, name).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(quote!, at), `${quote} after ${name}`).toBeGreaterThan(at);
      expect(talk.predictions.find((p) => p.quote === quote)).toBeDefined();
    }
  });

  it('has a glossary that loads', () => {
    const glossary = Glossary.load(join(DEFAULT_CORPUS_DIR, 'glossary.tsv'));
    expect(glossary.lookup('robots')).toContain('机器人');
    expect(glossary.englishPhrases()).toContain('scaling law');
  });
});

/* ───────────── malformed copies ───────────── */

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const original = (file: string) => readFileSync(join(DEFAULT_CORPUS_DIR, file), 'utf8');

/** A copy of corpus/ in os.tmpdir() with `file` rewritten by `edit`. */
function corpusWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'talk-qa-corpus-'));
  tempDirs.push(dir);
  cpSync(DEFAULT_CORPUS_DIR, dir, { recursive: true });
  const before = readFileSync(join(dir, file), 'utf8');
  const after = edit(before);
  expect(after, `the defect changed ${file}`).not.toBe(before);
  writeFileSync(join(dir, file), after);
  return dir;
}

/** 1-based number of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line holds ${needle}`);
  return i + 1;
}

function corpusErrorOf(load: () => unknown): CorpusError {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(CorpusError);
    return e as CorpusError;
  }
  throw new Error('expected a CorpusError, nothing was thrown');
}

/** Loads the copy both ways and checks the error names file:line. */
function expectCorpusError(dir: string, file: string, line: number, problem: RegExp, load: (dir: string) => unknown = loadCorpus): void {
  const path = join(dir, file);
  for (const attempt of [() => load(dir), () => AnswerEngine.fromCorpus(dir)]) {
    const error = corpusErrorOf(attempt);
    expect(error.file).toBe(path);
    expect(error.line).toBe(line);
    expect(error.message.startsWith(`${path}:${line}: `), error.message).toBe(true);
    expect(error.problem).toMatch(problem);
  }
}

describe('a malformed corpus stops the loader with file:line', () => {
  it('loads an unmodified copy (control)', () => {
    const dir = corpusWith('talk.md', (t) => t + '\n');
    expect(loadCorpus(dir)).toEqual(talk);
  });

  it('loads a copy with CRLF line ends the same', () => {
    const dir = corpusWith('talk.md', (t) => t.replace(/\n/g, '\r\n'));
    expect(loadCorpus(dir)).toEqual(talk);
  });

  it('duplicate paragraph id', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('[obs1-p2] ', '[obs1-p1] '));
    const line = lineOf(original('talk.md'), '[obs1-p2] ');
    expectCorpusError(dir, 'talk.md', line, /obs1-p1.*twice/);
  });

  it('paragraph before the first section', () => {
    const at = lineOf(original('talk.md'), '## [news]');
    const dir = corpusWith('talk.md', (t) => t.replace('## [news]', '[news-p0] 没有章节的段落。\n\n## [news]'));
    expectCorpusError(dir, 'talk.md', at, /before the first section/);
  });

  it('missing section in the middle (obs5 removed): stops at the next heading', () => {
    const dir = corpusWith('talk.md', (t) => t.slice(0, t.indexOf('## [obs5]')) + t.slice(t.indexOf('## [obs6]')));
    const edited = readFileSync(join(dir, 'talk.md'), 'utf8');
    expectCorpusError(dir, 'talk.md', lineOf(edited, '## [obs6]'), /"obs6".*"obs5"/);
  });

  it('no observation at all (obs1 onwards removed): stops at the end of the file', () => {
    const dir = corpusWith('talk.md', (t) => t.slice(0, t.indexOf('## [obs1]')).trimEnd() + '\n');
    const edited = readFileSync(join(dir, 'talk.md'), 'utf8');
    const lastLine = edited.trimEnd().split('\n').length;
    const error = corpusErrorOf(() => loadCorpus(dir, { enrichment: false }));
    expect(error.file).toBe(join(dir, 'talk.md'));
    expect(error.problem).toMatch(/missing section "obs1"/);
    // The end of the file: its last line, or the empty line after the final newline.
    expect([lastLine, lastLine + 1]).toContain(error.line);
  });

  it('conclusion removed: the talk still loads, but enrichment of its paragraphs stops at enrichment.jsonl:line', () => {
    const dir = corpusWith('talk.md', (t) => t.slice(0, t.indexOf('## [conclusion]')).trimEnd() + '\n');
    rmSync(join(dir, 'predictions.json')); // the predictions cite the conclusion; a talk may have none
    expect(loadCorpus(dir, { enrichment: false }).sections.at(-1)!.id).toBe('obs6');
    const error = corpusErrorOf(() => loadCorpus(dir));
    expect(error.file).toBe(join(dir, 'enrichment.jsonl'));
    const line = readFileSync(join(dir, 'enrichment.jsonl'), 'utf8').split('\n').findIndex((l) => l.includes('"conclusion-p1"')) + 1;
    expect(error.line).toBe(line);
    expect(error.problem).toMatch(/"conclusion-p1" is not a paragraph/);
    expect(corpusErrorOf(() => AnswerEngine.fromCorpus(dir)).message).toBe(error.message);
  });

  it('section heading without its "> en:" line', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('> en: A new operating system, a new platform, a new ecosystem\n', ''));
    const line = lineOf(original('talk.md'), '## [obs2]') + 1;
    expectCorpusError(dir, 'talk.md', line, /obs2.*> en:/);
  });

  it('paragraph id of another section', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('[obs2-p1] ', '[obs1-p12] '));
    expectCorpusError(dir, 'talk.md', lineOf(original('talk.md'), '[obs2-p1] '), /obs1-p12.*"obs2-p"/);
  });

  it('bad date (month 13): reported on the date line', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('date: 2024-12-07', 'date: 2024-13-45'));
    expectCorpusError(dir, 'talk.md', lineOf(original('talk.md'), 'date: 2024-12-07'), /2024-13-45/);
  });

  it('bad date (not YYYY-MM-DD): reported on the date line', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('date: 2024-12-07', 'date: 7 Dec 2024'));
    expectCorpusError(dir, 'talk.md', lineOf(original('talk.md'), 'date: 2024-12-07'), /7 Dec 2024/);
  });

  it('bad date (30 February does not exist)', () => {
    const dir = corpusWith('talk.md', (t) => t.replace('date: 2024-12-07', 'date: 2024-02-30'));
    expectCorpusError(dir, 'talk.md', lineOf(original('talk.md'), 'date: 2024-12-07'), /2024-02-30/);
  });

  it('bad date (a month that does not exist, or a note in place of the date)', () => {
    for (const bad of ['2023-13', '2023/05（文章所标月份）', '23-05']) {
      const dir = corpusWith('talk.md', (t) => t.replace('date: 2024-12-07', `date: ${bad}`));
      expectCorpusError(dir, 'talk.md', lineOf(original('talk.md'), 'date: 2024-12-07'), /YYYY-MM-DD \(or YYYY-MM, or YYYY/);
    }
  });

  it('prediction quote that is not in its paragraph', () => {
    const dir = corpusWith('predictions.json', (t) => t.replace('"quote": "他说2026年"', '"quote": "他说2027年"'));
    expectCorpusError(dir, 'predictions.json', lineOf(original('predictions.json'), '"quote": "他说2026年"'), /他说2027年.*conclusion-p2/);
  });

  it('prediction citing a paragraph that does not exist', () => {
    const dir = corpusWith('predictions.json', (t) => t.replace(/("quote": "他说可能还有十年",[\s\S]*?"paragraphId": )"conclusion-p2"/, '$1"conclusion-p9"'));
    expectCorpusError(dir, 'predictions.json', lineOf(original('predictions.json'), '"quote": "他说可能还有十年"'), /conclusion-p9/);
  });

  it('invalid JSON', () => {
    const dir = corpusWith('predictions.json', (t) => t.replace('"from": 2026', '"from": 2O26'));
    expectCorpusError(dir, 'predictions.json', lineOf(original('predictions.json'), '"from": 2026'), /not valid JSON/);
  });

  it('bad glossary line (no tab)', () => {
    const text = original('glossary.tsv');
    const at = lineOf(text, 'world labs\t');
    const dir = corpusWith('glossary.tsv', (t) => t.replace('world labs\t', 'world labs '));
    expectCorpusError(dir, 'glossary.tsv', at, /<term><TAB>/, (d) => Glossary.load(join(d, 'glossary.tsv')));
  });

  it('bad glossary line (a third column)', () => {
    const text = original('glossary.tsv');
    const at = lineOf(text, 'robot\t机器人');
    const dir = corpusWith('glossary.tsv', (t) => t.replace('robot\t机器人', 'robot\t机器人\textra'));
    expectCorpusError(dir, 'glossary.tsv', at, /<term><TAB>/, (d) => Glossary.load(join(d, 'glossary.tsv')));
  });
});
