/**
 * The engine on a talk nobody tuned for: a small fixture talk written for this test (tests/fixtures/
 * small-talk/talk.md, only a talk.md — no glossary, enrichment, domain terms or predictions), loaded the
 * way TALK_DIR loads any folder. Its own file: jieba's dictionaries are per process.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { checkObservationNumber, observationRange } from '../src/engine/user-input.ts';
import { talkDir } from '../src/paths.ts';
import { talkLabel } from '../src/render/citation.ts';
import { deriveTalkLexicon, talkCompounds } from '../src/text/talk-lexicon.ts';
import { renderAnswer, renderTimeline } from '../src/render/terminal.ts';
import { aboutPayload } from '../src/discord/talk-card.ts';
import { answerPayload } from '../src/discord/payloads.ts';
import { LABELS } from '../src/render/labels.ts';

const DIR = join(import.meta.dirname, 'fixtures/small-talk');
const engine = AnswerEngine.fromCorpus(DIR);
const top = (q: string) => engine.ask(q).results[0]?.id;

describe('a talk folder holding only talk.md', () => {
  it("reaches an English question through what the talk's words mean (CC-CEDICT glosses) where no translation does", () => {
    const q = 'why did the bar to open a shop fall';
    const shop = engine.concepts(q).find((c) => c.word === 'shop');
    // 小店 is "small shop": "shop" is in the talk only as the meaning of its words.
    expect(shop).toMatchObject({ terms: ['en:shop'], byMeaning: true });
    expect(top(q)).toBe('obs1-p2');
    const withoutMeaning = AnswerEngine.fromCorpus(DIR, { meaningCredit: 0, meaningCoverage: 0 });
    expect(engine.ask(q).coverage).toBeGreaterThan(withoutMeaning.ask(q).coverage);
  });


  it('ranks the same with or without the nearest written question: the folder has no enrichment', () => {
    const without = AnswerEngine.fromCorpus(DIR, { writtenQuestionWeight: 0 });
    for (const q of ['年轻人以后去咖啡馆会干些啥', '咖啡馆以后会办什么活动', 'Will robots replace baristas?']) expect(engine.ask(q)).toEqual(without.ask(q));
  });

  it('finds a point by its place (第三点, 第二条, the third point), from the talk\'s outline', () => {
    expect(top('第三点是什么')).toBe('obs3-p1');
    expect(top('他的第二条讲了啥')).toBe('obs2-p1');
    expect(top("What's the third point?")).toBe('obs3-p1');
  });

  it('gives a word no abbreviation the talk never writes: 人工智能 stays a word this talk lacks', () => {
    // The talk about cafés writes neither 人工智能 nor "AI" (on this talk, tests/engine.test.ts: 人工智能 → ai).
    expect(engine.concepts('人工智能会开咖啡馆吗').find((c) => c.word === '人工智能')?.terms).toEqual([]);
  });

  it('answers who did something, or where, only where a name or place the question does not give stands', () => {
    // The talk names no one but its speaker: who runs the robot baristas, who founded the cafés, it does not say.
    for (const q of ['Who runs the robot baristas?', '机器人咖啡师是谁做的']) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(false);
      expect(answer.reason, q).toBe('no-name');
    }
    // Where: the talk names no city.
    expect(engine.ask('机器人咖啡师会在哪个城市出现').reason).toBe('no-place');
    // Who said it is the speaker, whose words every paragraph of the speech is.
    expect(engine.ask('谁说年轻人把咖啡馆当成第二个办公室').answered).toBe(true);
  });

  it('reads an English phrase whose translation the talk has only as phrasing as its words (get rid of → rid)', () => {
    // "get rid of", "come out": kept whole because the talk writes a translation (去掉, 出来), which is no index term.
    const words = (q: string) => engine.concepts(q).map((c) => c.word);
    expect(words('did the cafes get rid of robot baristas')).toEqual(['cafes', 'rid', 'robot', 'baristas']);
    expect(words('why do robot baristas come out at night')).toEqual(['robot', 'baristas', 'night']);
    expect(engine.ask('why do robot baristas come out at night').answered).toBe(true);
  });

  it('finds an English plural as the talk writes the word in Latin letters (apps → App)', () => {
    expect(engine.concepts('did delivery apps help small shops?').find((c) => c.word === 'apps')?.terms).toContain('app');
    expect(top('did delivery apps help small shops?')).toBe('obs1-p2');
  });

  it('loads: three observations, no conclusion, unknown date and place absent, unknown keys ignored', () => {
    const { talk } = engine;
    expect(talk.sections.map((s) => s.id)).toEqual(['obs1', 'obs2', 'obs3']);
    expect(talk.sections.map((s) => s.number)).toEqual([1, 2, 3]);
    expect(talk.meta.date).toBeUndefined();
    expect(talk.meta.place).toBeUndefined();
    expect(talk.predictions).toEqual([]);
    expect(talkLabel(talk.meta, 'en')).toBe('Li Ming');
  });

  it('takes observation numbers from the corpus', () => {
    const range = observationRange(engine.talk);
    expect(range).toEqual({ observations: 3, hasConclusion: false });
    expect(checkObservationNumber('3', range)).toEqual({ ok: true, number: 3 });
    expect(checkObservationNumber('4', range).ok).toBe(false);
  });

  it('says the talk quotes no predictions', () => {
    const timeline = buildTimeline(engine.talk, new Date('2026-01-01T00:00:00Z'));
    expect(timeline.entries).toEqual([]);
    expect(renderTimeline(timeline, 'en')).toBe('The talk quotes no predictions.');
  });

  it('answers Chinese questions from the talk\'s own words (its words come from the full dictionary)', () => {
    expect(top('咖啡豆涨价了多少')).toBe('obs2-p1');
    expect(top('为什么咖啡馆越来越多')).toBe('obs1-p1');
    expect(engine.ask('未来的咖啡馆是什么样子').answered).toBe(true);
  });

  it('reaches the Chinese text from English through CC-CEDICT, with no glossary', () => {
    expect(top('What will the café of the future be like? A living room?')).toBe('obs3-p1');
    expect(top('Will robots replace baristas?')).toBe('obs3-p2');
    // The speaker's English name comes from the front matter.
    expect(engine.concepts('What does Li Ming think?').some((c) => c.terms.includes('李明'))).toBe(true);
  });

  it('refuses what the talk does not cover, keeping common words whole (年薪 is not 年 + 薪)', () => {
    for (const q of ['李明的年薪是多少', '今天北京天气怎么样', 'What is the best GPU for gaming?']) expect(engine.ask(q).answered, q).toBe(false);
    expect(engine.segment('李明的年薪是多少').words).toContain('年薪');
  });

  it('answers questions about the talk from its front matter and outline, and says what the front matter lacks', () => {
    const speaker = engine.ask('演讲者是谁');
    expect(speaker).toMatchObject({ answered: true, fact: { kind: 'speaker' } });
    expect(speaker.fact!.rows.map((r) => [r.zh, r.en])).toEqual([['李明', 'Li Ming']]);
    const points = engine.ask('What are the observations?');
    expect(points.fact!.rows.map((r) => r.en)).toEqual(['Why there are more and more cafés', 'The price of coffee beans', 'The café of the future']);
    expect(engine.ask('这个演讲讲了哪几点').fact!.rows).toHaveLength(3);
    expect(engine.ask('演讲的题目是什么').fact!.rows[0]).toMatchObject({ field: 'title', zh: '测试演讲:城市里的咖啡馆' });
    // The date and place are "(原文未写明)", author and event absent: an honest "not stated", never a guess.
    for (const q of ['When was the talk given?', '演讲是哪天', '演讲在哪里举行', 'Who wrote the article?', 'At which event was the talk given?']) {
      expect(engine.ask(q), q).toMatchObject({ answered: false, reason: 'not-stated', results: [] });
    }
    // Where it was published: only its address is known, and the card links it.
    const source = engine.ask('这篇文章的出处是什么');
    expect(source).toMatchObject({ answered: true, fact: { kind: 'publisher', rows: [{ field: 'source', zh: 'https://example.com/talks/city-cafes' }] } });
    expect(aboutPayload(engine.talk, 'en').embeds[0]).toMatchObject({ url: 'https://example.com/talks/city-cafes', title: '测试演讲:城市里的咖啡馆' });
    expect(aboutPayload(engine.talk, 'en').embeds[0]!.description).toContain('Source: https://example.com/talks/city-cafes');
    // Content questions stay with the paragraphs.
    expect(engine.ask('李明怎么看咖啡馆').fact).toBeUndefined();
    expect(engine.ask('第二点讲了什么').fact).toBeUndefined();
  });

  it('TALK_DIR names the folder; unset, corpus/ is served', () => {
    expect(talkDir({ TALK_DIR: DIR })).toBe(DIR);
    expect(talkDir({})).toMatch(/corpus$/);
  });

  it('in English, a talk without a translation says so and quotes the original', () => {
    const answer = engine.ask(engine.talk.sections[0]!.paragraphs[0]!.text.slice(0, 12));
    expect(answer.answered).toBe(true);
    expect(answer.results[0]!.translation).toBeUndefined();
    const description = answerPayload(answer, engine.talk, 'en').embeds[0]!.description!;
    expect(description.split('\n')[0]).toBe(`${LABELS.en.noTranslation}`);
    expect(description).toMatch(/\p{Script=Han}/u);
    expect(renderAnswer(answer, engine.talk, 'en')).toContain(LABELS.en.noTranslation);
  });
});

describe('talkCompounds: what a talk calls its subject, from its text alone', () => {
  const dictionary = new Set(['模型', '能力', '应用', '行业', '参数', '出现']);
  const stopWords = new Set(['的', '我们', '这个', '一个']);
  it('finds a run that recurs in varied company, and not the fragments around it', () => {
    const paragraphs = ['大模型的能力很强。', '我们做大模型应用。', '行业大模型会出现。', '这个模型的参数,那个模型的能力,一个模型的应用。'];
    expect(talkCompounds(paragraphs, dictionary, stopWords)).toEqual(['大模型']);
  });
  it('needs it in several paragraphs, and leaves dictionary words and stop-word edges alone', () => {
    expect(talkCompounds(['大模型,大模型,大模型。'], dictionary, stopWords)).toEqual([]);
    const varied = ['她说数据湖去', '他用数据湖来', '你建数据湖走'];
    expect(talkCompounds(varied, dictionary, stopWords)).toEqual(['数据湖']);
    expect(talkCompounds(varied, new Set([...dictionary, '数据湖']), stopWords)).toEqual([]);
    expect(talkCompounds(['她一个人去', '他一个人来', '你一个人走'], dictionary, stopWords)).toEqual([]);
  });
});

describe("deriveTalkLexicon: the glossary's Chinese aliases become words", () => {
  const lexicon = deriveTalkLexicon({
    text: '马斯克说通用人工智能已经到了,张三也这么说。',
    paragraphs: ['马斯克说通用人工智能已经到了,张三也这么说。'],
    stopWords: [],
    names: ['张三'],
    aliases: [
      ['钢铁侠', ['马斯克']],
      ['造火箭的', ['马斯克']],
      ['三哥', ['张三']],
      ['强人工智能', ['通用人工智能']],
      ['ai教父', ['辛顿']],
      ['通用人工智能', ['通用人工智能']],
    ],
    fullDictionary: '马斯克 100 nr\n通用人工智能 50 n\n',
    englishChinese: '',
    chineseEnglish: '',
  });
  const lines = lexicon.talkWords.split('\n');

  it('adds each alias of 2–8 Han characters, a name when what it stands for is one (by the dictionary or the front matter)', () => {
    expect(lines).toContain('钢铁侠 50000 nr');
    expect(lines).toContain('造火箭的 50000 nr');
    expect(lines).toContain('三哥 50000 nr');
    expect(lines).toContain('强人工智能 50000 n');
  });

  it('leaves out mixed-script aliases and words the talk itself uses (their own line stands)', () => {
    expect(lines.filter((l) => l.startsWith('ai教父'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('通用人工智能 '))).toEqual(['通用人工智能 50 n']);
  });
});

describe('deriveTalkLexicon: the talk\'s dictionary words keep corrected tags', () => {
  it('writes a word jieba tags as a place with the tag lexicon/tag-corrections.tsv gives it', () => {
    const lexicon = deriveTalkLexicon({
      text: '上市以后普及很快,上海也是。',
      paragraphs: [],
      stopWords: [],
      names: [],
      aliases: [],
      fullDictionary: '上市 3199 ns\n普及 1282 ns\n上海 5000 ns\n',
      tagCorrections: new Map([['上市', 'v'], ['普及', 'v']]),
      englishChinese: '',
      chineseEnglish: '',
    });
    expect(lexicon.talkWords.split('\n')).toEqual(expect.arrayContaining(['上市 3199 v', '普及 1282 v', '上海 5000 ns']));
  });
});

describe("deriveTalkLexicon: a point's place is a word", () => {
  const places = (points?: number) =>
    deriveTalkLexicon({ text: '', paragraphs: [], stopWords: [], names: [], aliases: [], fullDictionary: '', englishChinese: '', chineseEnglish: '', ...(points ? { points } : {}) })
      .talkWords.split('\n')
      .filter((l) => /^第[一二三四五六七八九十]+[点条] /.test(l));
  it('for points 1–30 on any talk, and up to its last point on a talk of more', () => {
    expect(places()).toHaveLength(60);
    expect(places(6)).toHaveLength(60);
    const long = places(35).map((l) => l.split(' ')[0]);
    expect(long).toContain('第三十五点');
    expect(long).toContain('第三十五条');
    expect(long).not.toContain('第三十六点');
  });
});

describe('deriveTalkLexicon: stop words of several characters are cut whole', () => {
  it('adds them as common words (the dictionary\'s part of speech when it has one), so 哪一年 does not leave 一年 behind', () => {
    const lexicon = deriveTalkLexicon({
      text: '过去一年发展很快。',
      paragraphs: ['过去一年发展很快。'],
      stopWords: ['哪一年', '什么时候', '的', '过去'],
      names: [],
      aliases: [],
      fullDictionary: '一年 900 m\n哪一年 3 r\n过去 800 t\n',
      englishChinese: '',
      chineseEnglish: '',
    });
    const lines = lexicon.talkWords.split('\n');
    expect(lines).toContain('哪一年 50000 r');
    expect(lines).toContain('什么时候 50000 x');
    // One character is never a word of its own here; a stop word the talk itself uses keeps its dictionary line.
    expect(lines.filter((l) => l.startsWith('的 '))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('过去 '))).toEqual(['过去 800 t']);
  });
});
