/**
 * The answer engine over the real corpus: what it answers, what it refuses, the shape of an answer, the
 * timeline and observations. No mocks: every expectation goes through AnswerEngine.fromCorpus().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnswerEngine, DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';
import type { Answer } from '../src/engine/answer.ts';
import { ANSWER_TYPES, askedTypes, countedNumber, type AnswerType } from '../src/engine/answer-types.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { talkCard, talkFactKind } from '../src/engine/talk-facts.ts';
import { readQuestions } from '../src/quality/evaluate.ts';
import { normalize } from '../src/text/normalize.ts';
import { MAX_QUESTION_CHARS, checkObservationNumber, checkQuestion, observationRange } from '../src/engine/user-input.ts';

const engine = AnswerEngine.fromCorpus();
const readingOrder = engine.talk.sections.flatMap((s) => s.paragraphs.map((p) => p.id));

/** A row of the answer-types table whose pattern the text matches (the who row is checked by the engine). */
const statesIn = (type: AnswerType, text: string) => type.states instanceof RegExp && type.states.test(text);

/** Every structural promise of an Answer (src/engine/answer.ts). */
function expectWellFormed(answer: Answer, query: string): void {
  expect(answer.query).toBe(query);
  expect(answer.coverage).toBeGreaterThanOrEqual(0);
  expect(answer.coverage).toBeLessThanOrEqual(1);
  expect(answer.results.length).toBeLessThanOrEqual(5);
  // An answer about the talk itself comes from its front matter; elsewhere it needs a paragraph.
  if (answer.answered && !answer.fact) expect(answer.results.length).toBeGreaterThan(0);
  const ids = answer.results.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  answer.results.forEach((r, i) => {
    if (i > 0) expect(r.score, `${query}: results best first`).toBeLessThanOrEqual(answer.results[i - 1]!.score);
    expect(Number.isFinite(r.score)).toBe(true);
    expect(r.score).toBeGreaterThan(0);
    const found = engine.paragraph(r.id);
    expect(found, r.id).toBeDefined();
    expect(r.text).toBe(found!.paragraph.text);
    expect(r.section).toBe(found!.section.title);
    expect(r.sectionId).toBe(found!.section.id);
    for (const t of r.terms) expect(r.text.normalize('NFKC'), `${r.id}: term "${t}" stands in the text`).toContain(t);
    const at = readingOrder.indexOf(r.id);
    expect(r.neighbours.previous).toBe(at > 0 ? readingOrder[at - 1] : null);
    expect(r.neighbours.next).toBe(at < readingOrder.length - 1 ? readingOrder[at + 1] : null);
    for (const n of [r.neighbours.previous, r.neighbours.next]) if (n !== null) expect(engine.paragraph(n), n).toBeDefined();
  });
}

describe('AnswerEngine.ask', () => {
  it('answers 什么是自主智能 from obs6-p3', () => {
    const answer = engine.ask('什么是自主智能');
    expect(answer.answered).toBe(true);
    const best = answer.results[0]!;
    expect(best.id).toBe('obs6-p3');
    expect(best.sectionId).toBe('obs6');
    expect(best.text).toContain('自主决策和行为能力');
    expect(best.terms).toContain('自主智能');
    expectWellFormed(answer, '什么是自主智能');
  });

  it('reaches the same paragraph from Traditional Chinese and English', () => {
    for (const q of ['什麼是自主智慧', '什麼是自主智能?', 'What is autonomous intelligence?', 'what does "autonomous intelligence" mean']) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.results[0]?.id, q).toBe('obs6-p3');
    }
  });

  it("reaches the talk's words that Taiwan phrasing folds into other mainland words (建立 → 创建)", () => {
    // The talk says 建立; a Traditional question's 建立 is folded with Taiwan phrases into 创建.
    expect(normalize('如何建立生態')).toContain('创建');
    const traditional = engine.concepts('大模型會如何建立新的生態？').find((c) => c.word === '创建');
    expect(traditional?.terms).toContain('建立');
    // A Simplified question is read as written: 创建 is not the talk's word.
    expect(engine.concepts('大模型会如何创建新的生态？').find((c) => c.word === '创建')?.terms).toEqual([]);
  });

  it('reaches the abbreviation the talk writes from the Chinese or English words for it (人工智能 → AI)', () => {
    // The talk writes "AI操作系统"; 人工智能 stands in it only inside an institute's name.
    expect(engine.concepts('人工智能操作系统是什么').find((c) => c.word === '人工智能')?.terms).toContain('ai');
    expect(engine.concepts('What is artificial general intelligence?')[0]?.terms).toEqual(expect.arrayContaining(['agi', '通用人工智能']));
    for (const q of ['人工智能操作系统是什么', '人工智慧作業系統是什麼']) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.results[0]?.id, q).toBe('obs2-p3');
    }
  });

  it('finds 智能 inside 自主智能', () => {
    for (const q of ['智能', '什么是智能']) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      // Paragraphs where 智能 occurs only inside 自主智能 can only be found through the word inside the word.
      const onlyInside = answer.results.filter((r) => r.text.includes('自主智能') && !r.text.replaceAll('自主智能', '').includes('智能'));
      expect(onlyInside.map((r) => r.id), q).toContain('obs6-p3');
    }
  });

  it('answers a question in words of a longer talk word: 具身 → 具身智能, 多模态 → 多模态大模型', () => {
    expect(engine.ask('具身是什么').results.map((r) => r.id)).toEqual(expect.arrayContaining(['obs5-p3']));
    const multimodal = engine.ask('多模态');
    expect(multimodal.answered).toBe(true);
    expect(multimodal.results[0]!.text).toContain('多模态');
  });

  it('answers a few questions from their paragraphs', () => {
    const cases: [string, string][] = [
      ['Scaling Law放缓了吗', 'obs1'],
      ['大模型应用分为哪四个阶段', 'obs3-p3'],
      ['EMU3是什么', 'obs4-p6'],
      ['马斯克认为AGI什么时候到来', 'conclusion-p2'],
      ['When does Hinton think AGI will arrive?', 'conclusion-p2'],
    ];
    for (const [q, where] of cases) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.results.slice(0, 3).some((r) => r.id === where || r.sectionId === where), `${q} → ${where}: got ${answer.results.map((r) => r.id)}`).toBe(true);
      expectWellFormed(answer, q);
    }
  });

  it('answers for a list item by its place in the list the question names, not with the list\'s introduction', () => {
    // obs3-p3 introduces four stages ("分为四个阶段:"); items 1)–4) follow without the word 阶段.
    for (const [q, id] of [
      ['大模型应用的第三个阶段是什么', 'obs3-p6'],
      ['大模型应用第二阶段', 'obs3-p5'],
    ] as const) {
      expect(engine.ask(q).results[0]?.id, q).toBe(id);
    }
    expect(engine.ask('大模型应用分为哪几个阶段').results[0]?.id).toBe('obs3-p3');
  });

  it('finds 核心资产 in the one paragraph that says it (obs6-p6)', () => {
    // Only obs6-p6 says 核心资产; a question of just those words must reach it.
    for (const q of ['核心资产', '什么会成为企业的核心资产']) {
      const answer = engine.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.results[0]?.id, q).toBe('obs6-p6');
    }
  });

  it('does not answer off-topic questions', () => {
    for (const q of ['今天北京天气怎么样', '红烧肉怎么做', 'What is the capital of France?', '比特币明年会涨吗', '今天天氣如何']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${JSON.stringify(answer.results[0]?.id)} coverage ${answer.coverage}`).toBe(false);
      expectWellFormed(answer, q);
    }
  });

  it('does not answer what the talk does not say about a person or organisation it names', () => {
    // The name matches; what is asked about it (birth year, university) is nowhere in the talk.
    for (const q of ['张宏江是哪一年出生的', '张宏江毕业于哪所大学', 'Where did Zhang Hongjiang go to university?']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${answer.results[0]?.id} coverage ${answer.coverage}`).toBe(false);
    }
    // Asked about what the talk says of them, the same names are answered.
    expect(engine.ask('马斯克认为AGI什么时候到来').answered).toBe(true);
    expect(engine.ask('张宏江是哪个研究院的理事长').answered).toBe(true);
  });

  it('answers "how many" only with a quantity, and ranks a paragraph that states a time first for "when"', () => {
    // On topic, but the paragraph gives no figure: no answer rather than the paragraph on the topic.
    for (const q of ['具身智能有多少家公司在做', '世界模型有多少参数']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${answer.results[0]?.id} coverage ${answer.coverage}`).toBe(false);
      expect(answer.reason).toBe('no-quantity');
    }
    // Where the talk states the time or the number, the same kinds of question are answered.
    for (const q of ['ChatGPT发布多久了', '演讲一共有几点观察', 'When does Demis Hassabis expect AGI?', '马斯克认为AGI什么时候到来']) {
      expect(engine.ask(q).answered, q).toBe(true);
    }
    // "when" as a conjunction asks for no time.
    expect(engine.ask('What happens when the AI curve crosses the human learning curve?').answered).toBe(true);
  });

  it('answers a count of what the question names only with a number of that (多少人: people, not any number)', () => {
    // The paragraphs on the forum and on the talk state dates and counts of other things, none of people or minutes.
    for (const q of ['这次T-EDGE大会一共来了多少人?', '张宏江这场演讲讲了多少分钟?']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${answer.results[0]?.id} coverage ${answer.coverage}`).toBe(false);
      expect(answer.reason).toBe('no-quantity');
    }
    // One image is a number of images (单张图像), so the question is answered; 几位 before a verb means "several".
    expect(engine.ask('World Labs 生成三维世界要用几张图?').answered).toBe(true);
    expect(engine.ask('几位大佬都觉得通用AI啥时候能来').answered).toBe(true);
    const counted = (q: string, text: string) => countedNumber(normalize(q))?.test(text);
    expect(counted('最近和多少位创业者交流过', '我跟60多名AI领域的创业者聊过')).toBe(true);
    expect(counted('来了多少人', '第3天')).toBe(false);
    expect(counted('有几个阶段', '四个阶段')).toBeUndefined(); // 个 counts anything: any quantity answers
    // Points are counted as 条, 项, 点 or 个 alike: "一共讲了几条" is answered by "总结出6点".
    expect(counted('这次一共讲了几条', '我这边总结出6点')).toBe(true);
    expect(counted('这次一共讲了几条', '第3天')).toBe(false);
  });

  it('does not shrink a question to the names in it: the one-character words it asks about count', () => {
    for (const q of ['张宏江住在哪里', '张宏江开什么车', '马斯克的钱有多少', '李飞飞的狗叫什么', '张宏江的年薪是多少']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${answer.results[0]?.id} coverage ${answer.coverage}`).toBe(false);
    }
    // A question of names alone is still answered by where they are named.
    expect(engine.ask('Who is Demis Hassabis?').results[0]?.id).toBe('conclusion-p2');
    expect(engine.ask('马斯克说了什么').answered).toBe(true);
  });

  it('keeps the kinds of answer in one table: what asks, what states, whether it is required', () => {
    const reasons = (q: string) => askedTypes(normalize(q)).map((t) => t.reason);
    expect(reasons('Sora什么时候对公众开放')).toEqual(['no-time']);
    // Which year asks for a year: only a paragraph that names one answers it.
    expect(askedTypes(normalize('辛顿是哪一年拿的诺贝尔奖')).filter((t) => t.required).map((t) => t.reason)).toEqual(['no-time']);
    expect(askedTypes(normalize('What year did it happen?')).some((t) => t.required && statesIn(t, '预计2026年到来'))).toBe(true);
    expect(askedTypes(normalize('辛顿是哪一年拿的诺贝尔奖')).some((t) => t.required && statesIn(t, '诺贝尔奖得主辛顿'))).toBe(false);
    // Which month asks for a month, an age for years of age; a year or a span of years is neither.
    const answers = (q: string, text: string) => askedTypes(normalize(q)).filter((t) => t.required).every((t) => statesIn(t, text));
    expect(answers('GPT-5预计哪个月发布', '预计2025年发布')).toBe(false);
    expect(answers('GPT-5预计哪个月发布', '预计明年3月发布')).toBe(true);
    expect(answers('哈萨比斯今年多大年纪', '他预测5-10年内实现AGI')).toBe(false);
    expect(answers('How old is Hinton?', '77岁的辛顿')).toBe(true);
    // Where it is or happened asks for a place; where in the abstract (机会在哪里) does not.
    for (const q of ['极客公园的大会在哪个城市办的', 'Databricks总部在哪', 'Which city hosted it?', 'Where was the forum held?']) expect(reasons(q), q).toEqual(['no-place']);
    for (const q of ['大模型的机会在哪里', '两者的区别在哪', 'Where does the value come from?']) expect(reasons(q), q).toEqual([]);
    // Which day asks for a day; "some day" (会不会哪天) asks for none.
    expect(answers('GPT-5具体哪天发布', '预计2025年发布')).toBe(false);
    expect(answers('论坛是哪天举办的', '12月7日,T-EDGE 全球AI论坛')).toBe(true);
    expect(answers('On what date was it released?', 'It shipped on Friday')).toBe(true);
    expect(reasons('这玩意儿会不会哪天反过来把人类祸害了')).toEqual([]);
    // What time of day asks for a clock time; a count of points ("总结出6点") is none, and 讲了几点 asks no time.
    expect(answers('今晚的比赛几点开始', '我这边总结出6点')).toBe(false);
    expect(answers('What time does the forum start?', '论坛下午2点半开始')).toBe(true);
    expect(answers('会议几点开始', '会议14:30开始')).toBe(true);
    expect(reasons('他一共讲了几点观察')).toEqual(['no-quantity']);
    // A paragraph that gives a name answers who (智源 released EMU3).
    expect(engine.ask('EMU3是谁发布的').results[0]?.id).toBe('obs4-p6');
    expect(engine.ask('EMU3是谁发布的').answered).toBe(true);
    // Who did it asks for a name; which is stronger, who said it and "who" inside a sentence do not.
    for (const q of ['Rewind的创始人是谁', 'Who founded Rewind?', '主持人叫什么名字']) expect(reasons(q), q).toEqual(['no-name']);
    for (const q of ['AI生态和PC生态谁更强', '谁说大模型是新的操作系统', 'Who thinks AGI is near?', 'what can 360 offer startups who want to build models']) {
      expect(reasons(q), q).toEqual([]);
    }
    expect(reasons('How many GPUs does it take, and how much does one cost?')).toEqual(['no-price', 'no-quantity']);
    expect(reasons('怎么下载这个App')).toEqual(['no-instructions']);
    // Undoing an action is practical too, and the action may come a few words after 怎么.
    for (const q of ['360安全卫士怎么卸载', '怎么在自己的笔记本电脑上安装这个模型', 'How do I uninstall it?', '会员怎么退订']) {
      expect(reasons(q), q).toEqual(['no-instructions']);
    }
    expect(reasons('微信支付是怎么打败支付宝的')).toEqual([]);
    expect(reasons('大模型怎么重写软件')).toEqual([]);
    // Which in order, which ones, hardly any: no number asked for.
    for (const q of ['自动驾驶算第几个阶段', '安全指的是哪几种安全', '真上手的没几个吧']) expect(reasons(q)).toEqual([]);
    // 几 as "a few" (只做几个城市, 这几家, 好几次) and 几 in a question that asks how or why ask for no number either …
    for (const q of ['那些只做少数几个城市的公司后来赚钱了吗', '这几家公司有什么共同点', '他好几次提到规模效应', '那些集中做几个城市的公司最后咋样了']) {
      expect(reasons(q), q).toEqual([]);
    }
    // … while a count in any measure word does (几堂课, 几家公司, 几场).
    for (const q of ['这门课一共有几堂', '最后剩下几家公司', '开场他说一共要聊几条?']) expect(reasons(q), q).toEqual(['no-quantity']);
    // Which day of the week asks for a day; what it is called (叫啥名字) for a name, like 叫什么名字.
    expect(reasons('每周几上课')).toEqual(['no-time']);
    expect(reasons('那个产品经理叫啥名字')).toEqual(['no-name']);
    expect(reasons('这种现象叫什么')).toEqual([]);
    const states = (text: string) => ANSWER_TYPES.filter((t) => statesIn(t, text)).map((t) => t.reason);
    expect(states('传说训练一次 GPT-4,需要 2000 万美元的成本')).toContain('no-price');
    expect(states('我觉得应该还有十年的红利期')).toContain('no-time');
    // A score, a count of people, a size in Latin units are quantities; a model's version number is not.
    for (const text of ['达到 GPT-4 的 70 分就够用了', '参数量在50B左右', '有 300 人参加']) expect(states(text)).toContain('no-quantity');
    expect(states('GPT-4o的发布')).not.toContain('no-quantity');
    // A span just past places nothing in time: "过去一年" is no answer to "when will it open".
    expect(states('过去一年就会看到多模态生成模型的快速发展')).not.toContain('no-time');
    // "when" only ranks (it did not pay as a rejection on unseen questions); "which year" and the others decide.
    expect(ANSWER_TYPES.filter((t) => !t.required).map((t) => t.reason)).toEqual(['no-time']);
  });

  it('answers no price question (the talk states no amount of money) and no question about a year it does not name', () => {
    for (const q of ['英伟达的GPU卖什么价格', 'What is the price of an AI PC?', '2030年的T-EDGE大会在哪里举办', 'What did Zhang Hongjiang say at T-EDGE 2019?']) {
      const answer = engine.ask(q);
      expect(answer.answered, `${q}: ${answer.results[0]?.id} coverage ${answer.coverage}`).toBe(false);
    }
    // The cost of training is in the talk; a year it names is answered from where it names it.
    expect(engine.ask('为什么基础模型训练成本这么高').answered).toBe(true);
    expect(engine.ask('Dario Amodei说AGI会在2026年到来吗').results[0]?.id).toBe('conclusion-p2');
    expect(engine.ask('2024 T-EDGE大会在哪里举办').answered).toBe(true);
  });

  it('says why a question is not covered', () => {
    const reasons: [string, string | undefined][] = [
      ['今天北京天气怎么样', 'not-in-talk'],
      ['', 'not-in-talk'],
      ['辛顿喜欢什么', 'only-names'],
      ['Sora的价格是多少', 'no-price'],
      ['Sora能生成多少个视频', 'no-quantity'],
      ['2030年的T-EDGE大会在哪里举办', 'other-year'],
      ['Sora怎么下载', 'no-instructions'],
      ['How do I get access to GPT-4o?', 'no-instructions'],
      ['什么是自主智能', undefined],
      // "How" about how something is, not how to do something: the talk answers these.
      ['传统机器人是怎么设计的', undefined],
      ['How can we tell that the singularity has arrived?', undefined],
    ];
    for (const [q, reason] of reasons) {
      const answer = engine.ask(q);
      expect(answer.reason, q).toBe(reason);
      expect(answer.answered, q).toBe(reason === undefined);
    }
  });

  it('counts one thing a question names in several words once (英伟达, H100, 显卡 → one concept)', () => {
    const concepts = engine.concepts('英伟达H100显卡');
    expect(concepts).toHaveLength(1);
    expect(concepts[0]!.terms).toEqual(expect.arrayContaining(['英伟达', 'gpu']));
    // …so a question about its price is about something the talk lacks.
    expect(engine.ask('英伟达H100显卡多少钱').answered).toBe(false);
  });

  it('weighs common English words the glossary lacks as phrasing, rare ones as the topic', () => {
    // "anything" and "new" are common: they must not sink a question about humanoid robots…
    const covered = engine.ask('Is there anything new to say about humanoid robots?');
    expect(covered.answered, `coverage ${covered.coverage}`).toBe(true);
    // …while a rare word the talk lacks ("vacuum") still marks the question as off-topic.
    const offTopic = engine.ask('Which robot vacuum is the quietest?');
    expect(offTopic.answered, `coverage ${offTopic.coverage}`).toBe(false);
  });

  it('returns well-formed answers: at most 5, best first, neighbours adjacent in reading order', () => {
    for (const q of ['大模型', 'Scaling Law', 'AGI', '机器人', '奇点', '的', 'o1', '2026年']) expectWellFormed(engine.ask(q), q);
    // A broad question fills all five places.
    expect(engine.ask('大模型').results).toHaveLength(5);
    // The first and last paragraphs have no previous / next.
    expect(readingOrder[0]).toBe('news-p1');
    const last = engine.ask('谢谢大家').results[0]!;
    expect(last.id).toBe('conclusion-p5');
    expect(last.neighbours).toEqual({ previous: 'conclusion-p4', next: null });
    const first = engine.ask('钛媒体财经年会在哪里举办').results.find((r) => r.id === 'news-p1');
    expect(first?.neighbours).toEqual({ previous: null, next: 'news-p2' });
    // Neighbours cross section boundaries: the last paragraph of news is followed by the opening.
    expect(engine.ask('本文首发于哪里').results[0]).toMatchObject({ id: 'news-p8', neighbours: { previous: 'news-p7', next: 'opening-p1' } });
  });

  it('gives the same answer to the same question, also from a second engine', () => {
    const again = AnswerEngine.fromCorpus();
    for (const q of ['什么是自主智能', 'Scaling Law还有效吗', 'What is EMU3?', '红烧肉怎么做']) {
      const a = engine.ask(q);
      expect(engine.ask(q)).toEqual(a);
      expect(again.ask(q)).toEqual(a);
    }
  });

  it('never throws and stays well-formed on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: MAX_QUESTION_CHARS, unit: 'binary' }), (q) => {
        expectWellFormed(engine.ask(q), q);
      }),
      { numRuns: 300, seed: 20241207 },
    );
    for (const q of ['', '   ', '\u200b\u200b', '🤖🎉', '\ud800', '？？？', 'a'.repeat(200), '智'.repeat(200)]) expectWellFormed(engine.ask(q), q);
  });
});

describe('questions about the talk itself (front matter and outline)', () => {
  const { meta } = engine.talk;
  const card = talkCard(engine.talk);
  const value = (field: string, lang: 'zh' | 'en' = 'zh') => card.find((r) => r.field === field)![lang];
  const observationTitles = engine.talk.sections.filter((s) => s.kind === 'observation').map((s) => s.title);

  /** Each kind, asked in Simplified, Traditional and English; what the answer must hold. */
  const ASKED: Record<string, { questions: string[]; holds: () => string[]; statedIn?: () => string }> = {
    speaker: { questions: ['演讲者是谁', '這場演講的講者是誰？', '这个演讲是谁讲的', `${meta.speaker.name}是谁`, 'Who is the speaker?', 'who gave this talk?', `Who is ${meta.speaker.nameEn}?`, 'Who’s giving the talk?', "What's his title?", 'Who is the speaker and what is his role?', '演讲者是什么职位', `${meta.speaker.name}目前任什么职位`, '他有哪些头衔', `What roles does ${meta.speaker.nameEn} have?`], holds: () => [meta.speaker.name, meta.speaker.role!], statedIn: () => meta.speaker.role! },
    date: { questions: ['这场演讲是什么时候', '演講是哪一天講的', 'When was the talk given?', `When did ${meta.speaker.nameEn} give this talk?`, '这是哪年的演讲', 'When was this?', '演讲的时间是什么时候', 'When did the speaker give the talk?', '他什么时候讲的', 'What day did he speak?'], holds: () => [value('date')] },
    place: { questions: ['演讲在哪里举行', '演講在哪裡舉辦？', 'Where was the talk given?', 'Where was it?', '演讲地点在哪', 'Where did the speaker give the talk?'], holds: () => [meta.place!], statedIn: () => meta.place! },
    event: { questions: ['演讲是在什么会议上做的', '這是哪個大會上的演講', 'At which event was the talk given?', 'What event was this?', '这是什么会议', 'Which conference was this?', '这次大会叫什么', 'What is the name of the event?', '他是在哪个会上讲的', '她在什么大会上讲的'], holds: () => [meta.event!] },
    author: { questions: ['这篇文章是谁写的', '這篇文章的作者是誰', 'Who wrote the article?', '谁写的这篇文章'], holds: () => [meta.author!], statedIn: () => meta.author! },
    editor: { questions: ['这篇文章的编辑是谁', 'Who edited the article?'], holds: () => [meta.editor!], statedIn: () => meta.editor! },
    publisher: { questions: ['这篇文章首发在哪里', 'Where was the article first published?', '原文在哪里能看到', 'Where can I read the original?'], holds: () => [meta.publisher!], statedIn: () => meta.publisher! },
    topic: { questions: ['这场演讲的主题是什么', '演講講了什麼', 'What is this talk about?', 'What is the title of the talk?', 'What’s the talk about?', '这篇文章讲了什么', 'What was the talk called?', "what's the speech titled"], holds: () => [meta.talkTitle, ...observationTitles] },
    observations: { questions: ['六点观察分别是什么', '演讲一共讲了哪几点', 'What are the six observations?', 'List the observations', '有哪些观察', 'What are the 6 points?', 'How many observations does he make?', 'how many points did the speaker make', '他的主要观点是什么', '一共有几个观点', `${meta.speaker.name}的核心观点有哪些`], holds: () => observationTitles },
    summary: { questions: ['总结一下这个演讲', '概括一下這場演講', 'Summarize the talk', 'Give me a summary of the talk', 'Can you summarize this talk?', 'tl;dr'], holds: () => [meta.talkTitle, meta.speaker.name, meta.event!, value('date'), ...observationTitles] },
  };

  for (const [kind, { questions, holds, statedIn }] of Object.entries(ASKED)) {
    it(`${kind}: answered from the card, cited to the paragraphs that state it`, () => {
      for (const q of questions) {
        const answer = engine.ask(q);
        expect(answer.fact?.kind, q).toBe(kind);
        expect(answer.answered, q).toBe(true);
        const said = answer.fact!.rows.flatMap((r) => [r.zh, r.en]).join('\n');
        for (const h of holds()) expect(said, q).toContain(h);
        if (statedIn) expect(answer.results[0]?.text, q).toContain(statedIn());
        expectWellFormed(answer, q);
      }
    });
  }

  it('the observations come from the outline, in order, in both languages', () => {
    const rows = engine.ask('What are the six observations?').fact!.rows;
    expect(rows.map((r) => r.from)).toEqual(observationTitles.map(() => 'outline'));
    expect(rows.map((r) => r.number)).toEqual(observationTitles.map((_, i) => i + 1));
    expect(rows.map((r) => r.en)).toEqual(engine.talk.sections.filter((s) => s.kind === 'observation').map((s) => s.titleEn));
  });

  it('answers joined questions about the talk with every fact they ask for', () => {
    const fields = (q: string) => engine.ask(q).fact?.rows.map((r) => r.field);
    expect(fields('Who gave the talk and when?')).toEqual(['speaker', 'role', 'date']);
    expect(fields('这个演讲是谁讲的？在哪个大会上？')).toEqual(['speaker', 'role', 'event']);
    expect(fields('演講者是誰，什麼時候講的')).toEqual(['speaker', 'role', 'date']);
    // A follow-up about who the speaker is (什么身份, what is his role) is the same fact.
    expect(fields('这场演讲的主讲人是谁？什么身份？')).toEqual(['speaker', 'role']);
    expect(fields('Who gave the talk? What is his role?')).toEqual(['speaker', 'role']);
    // A second part about the content is not a fact: the paragraphs answer.
    for (const q of ['Who gave the talk and what is AGI?', `${meta.speaker.name}是谁？他怎么看AGI`]) expect(engine.ask(q).fact, q).toBeUndefined();
  });

  it('leaves questions about the content to the paragraphs', () => {
    for (const q of [
      `${meta.speaker.name}怎么看AGI`, '第三点讲了什么', '第三点观察是什么', '自主智能讲了什么', '什么是自主智能', '马斯克是谁', 'Who is Elon Musk?',
      '2024 T-EDGE大会的主题是什么', '演讲者怎么看AGI', 'What does the speaker think about AGI?', '2025年的T-EDGE大会在哪里举办', 'When was ChatGPT released?', `What does ${meta.speaker.nameEn} think about AGI?`,
      'Who else spoke at the T-EDGE Global AI Forum besides Zhang Hongjiang?', 'AGI什么时候到来', 'Scaling Law的主题是什么', '他觉得AGI什么时候到来', 'What does he think of robots?', '他是在哪个会上认识马斯克的',
    ]) {
      expect(talkFactKind(engine.talk, q), q).toBeUndefined();
      expect(engine.ask(q).fact, q).toBeUndefined();
    }
  });

  it('takes none of the evaluation\'s off-topic questions for one about the talk', () => {
    const negatives = ['questions.jsonl', 'blind-2.jsonl', 'blind-4.jsonl', 'blind-5.jsonl', 'blind-6.jsonl', 'blind-7.jsonl', 'blind-8.jsonl', 'blind-9.jsonl', 'offtopic-dev.jsonl']
      .flatMap((f) => readQuestions(join(DEFAULT_CORPUS_DIR, 'eval', f)))
      .filter((q) => q.expect.length === 0);
    expect(negatives.length).toBeGreaterThan(100);
    expect(negatives.filter((q) => talkFactKind(engine.talk, q.q)).map((q) => q.q)).toEqual([]);
  });
});

describe('corpus/glossary.tsv', () => {
  it('leads only to words the talk uses: each talk term is an index term, or words that are', () => {
    // A target the talk never says (or a stop word) makes its entry silently useless.
    const dead: string[] = [];
    for (const line of readFileSync(join(DEFAULT_CORPUS_DIR, 'glossary.tsv'), 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      for (const target of line.split('\t')[1]!.split('|')) {
        // Whole: no character falls away as a stop word or a lone character; known: each word is a talk term.
        const squeeze = (s: string) => s.replace(/[\s-]+/g, '');
        const whole = squeeze(engine.segment(target).words.join('')) === squeeze(normalize(target));
        const concepts = engine.concepts(target);
        if (!whole || concepts.length === 0 || concepts.some((c) => c.terms.length === 0)) dead.push(`${line} (${target})`);
      }
    }
    expect(dead).toEqual([]);
  });
});

describe('buildTimeline', () => {
  const statusOf = (today: string) =>
    Object.fromEntries(buildTimeline(engine.talk, new Date(today)).entries.map((e) => [e.person.en, e.status]));

  it('orders the predictions by the year they imply', () => {
    const timeline = buildTimeline(engine.talk, new Date('2026-11-29T12:00:00Z'));
    expect(timeline.entries.map((e) => e.person.en)).toEqual(['Elon Musk', 'Dario Amodei', 'Geoffrey Hinton', 'Demis Hassabis']);
    expect(timeline.entries.map((e) => e.implied.from)).toEqual([2024, 2026, 2029, 2034]);
    expect(timeline.talkDate).toBe('2024-12-07');
    expect(timeline.today).toBe('2026-11-29');
    const p2 = engine.paragraph('conclusion-p2')!.paragraph.text;
    for (const e of timeline.entries) {
      expect(e.paragraphText).toBe(p2);
      expect(e.paragraphText).toContain(e.quote);
    }
    // The talk's own order is left alone.
    expect(engine.talk.predictions.map((p) => p.person.en)).toEqual(['Elon Musk', 'Dario Amodei', 'Demis Hassabis', 'Geoffrey Hinton']);
  });

  it('sets the statuses against the given day', () => {
    // 2026 is Amodei's year: in window until it has passed.
    expect(statusOf('2026-11-29T12:00:00Z')).toEqual({ 'Elon Musk': 'arrived', 'Dario Amodei': 'in-window', 'Geoffrey Hinton': 'ahead', 'Demis Hassabis': 'ahead' });
    expect(statusOf('2027-01-01T00:00:00Z')['Dario Amodei']).toBe('arrived');
    expect(statusOf('2024-12-07T00:00:00Z')).toEqual({ 'Elon Musk': 'in-window', 'Dario Amodei': 'ahead', 'Geoffrey Hinton': 'ahead', 'Demis Hassabis': 'ahead' });
    expect(statusOf('2025-06-01T00:00:00Z')).toEqual({ 'Elon Musk': 'arrived', 'Dario Amodei': 'ahead', 'Geoffrey Hinton': 'ahead', 'Demis Hassabis': 'ahead' });
    // Inside Hinton's 2029–2044 window.
    expect(statusOf('2030-06-01T00:00:00Z')).toEqual({ 'Elon Musk': 'arrived', 'Dario Amodei': 'arrived', 'Geoffrey Hinton': 'in-window', 'Demis Hassabis': 'ahead' });
    expect(statusOf('2034-06-01T00:00:00Z')['Demis Hassabis']).toBe('in-window');
    expect(statusOf('2035-01-01T00:00:00Z')['Demis Hassabis']).toBe('arrived');
    expect(statusOf('2044-01-01T00:00:00Z')['Geoffrey Hinton']).toBe('in-window');
    expect(statusOf('2045-01-01T00:00:00Z')['Geoffrey Hinton']).toBe('arrived');
    expect(Object.values(statusOf('2050-01-01T00:00:00Z'))).toEqual(['arrived', 'arrived', 'arrived', 'arrived']);
  });

  it('counts the year in UTC', () => {
    // 2028-12-31T23:30 in UTC-1 is already 2029 in UTC: Hinton's window has begun.
    expect(statusOf('2028-12-31T23:30:00-01:00')['Geoffrey Hinton']).toBe('in-window');
    expect(statusOf('2028-12-31T23:30:00Z')['Geoffrey Hinton']).toBe('ahead');
  });
});

describe('AnswerEngine.observation', () => {
  it('returns observations 1–6 and the conclusion as 7', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => engine.observation(n)?.id)).toEqual(['obs1', 'obs2', 'obs3', 'obs4', 'obs5', 'obs6', 'conclusion']);
    expect(engine.observation(7)!.title).toBe('结语');
    expect(engine.observation(3)!.paragraphs.map((p) => p.text.slice(0, 2))).toEqual(expect.arrayContaining(['1)', '2)', '3)', '4)']));
  });

  it('returns undefined outside 1–7', () => {
    for (const n of [0, 8, -1, 1.5, Number.NaN, 100]) expect(engine.observation(n), String(n)).toBeUndefined();
  });
});

describe('user-input checks', () => {
  it('accepts a question and tidies its spaces', () => {
    expect(checkQuestion('  什么是   自主智能 ')).toEqual({ ok: true, question: '什么是 自主智能' });
    expect(checkQuestion('x'.repeat(MAX_QUESTION_CHARS)).ok).toBe(true);
  });

  it('refuses empty, too long, mention-only and wordless questions', () => {
    const problem = (q: string) => {
      const c = checkQuestion(q);
      return c.ok ? 'ok' : c.problem;
    };
    expect(problem('')).toBe('empty');
    expect(problem('   ')).toBe('empty');
    expect(problem('\u200b\u200b')).toBe('empty');
    expect(problem('x'.repeat(MAX_QUESTION_CHARS + 1))).toBe('too-long');
    expect(problem('@everyone')).toBe('no-words');
    expect(problem('<@123456> <#42>')).toBe('no-words');
    expect(problem('🤖🎉')).toBe('no-words');
    expect(problem('？！。')).toBe('no-words');
    for (const q of ['', '@everyone', '🤖🎉']) {
      const c = checkQuestion(q);
      if (c.ok) throw new Error(q);
      expect(c.message).toMatch(/\S/);
      expect(c.messageEn).toMatch(/\S/);
      expect(c.message).not.toContain('\n');
    }
  });

  it('accepts the talk\'s observation numbers and its conclusion only (6 points + conclusion here)', () => {
    const range = observationRange(engine.talk);
    expect(range).toEqual({ observations: 6, hasConclusion: true });
    for (const n of ['1', '7', ' 3 ', 4, '３', '三', '第三', '第3点']) expect(checkObservationNumber(n, range).ok, String(n)).toBe(true);
    expect(checkObservationNumber('3', range)).toEqual({ ok: true, number: 3 });
    for (const n of ['0', '8', '-1', 'abc', '', '3.5', '1e0', 'three', 9, '十']) expect(checkObservationNumber(n, range).ok, String(n)).toBe(false);
    // A talk of 17 points and no conclusion: 17 is the last, 18 is refused.
    const seventeen = { observations: 17, hasConclusion: false };
    expect(checkObservationNumber('十七', seventeen)).toEqual({ ok: true, number: 17 });
    expect(checkObservationNumber(18, seventeen).ok).toBe(false);
    expect(JSON.stringify(checkObservationNumber(18, seventeen))).toContain('1–17');
  });
});
