/**
 * Answers a person can read: the key sentence, the list an answer introduces, the reader's language, and
 * markdown that Discord shows as meant. Every reply to every question of corpus/eval/questions.jsonl, in
 * every language, is parsed with simple-markdown (the parser Discord's renderer derives from).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockQuote, escapeWithin, markdownQuote } from '../src/discord/markdown.ts';
import { payloadProblems } from '../src/discord/limits.ts';
import {
  answerPayload,
  contextPayload,
  moreResultsPayload,
  observationPayload,
  originalPagePayload,
  originalPayload,
  timelinePayload,
  type Payload,
} from '../src/discord/payloads.ts';
import type { Answer } from '../src/engine/answer.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { englishSentenceSpans, keySentences, sentenceSpans, translatedKey } from '../src/engine/key-sentence.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { checkQuestion } from '../src/engine/user-input.ts';
import { CORPUS_DIR } from '../src/paths.ts';
import { LABELS, LANGS, langOf, type Lang } from '../src/render/labels.ts';
import { renderAnswer } from '../src/render/terminal.ts';
import { toTraditional } from '../src/text/normalize.ts';
import { markdownProblems, parseMarkdown, payloadTexts } from '../test-support/markdown.ts';

const engine = AnswerEngine.fromCorpus();
const { talk } = engine;

/** Every question of the project's evaluation file, answered once. */
const questions: string[] = readFileSync(join(CORPUS_DIR, 'eval/questions.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line).q as string);
const answers: Answer[] = questions.map((q) => {
  const checked = checkQuestion(q);
  return engine.ask(checked.ok ? checked.question : q);
});

function expectClean(payload: Payload, what: string): void {
  expect(payloadProblems(payload), what).toEqual([]);
  for (const text of payloadTexts(payload)) expect(markdownProblems(text), `${what}: ${text.slice(0, 80)}`).toEqual([]);
}

/** The text a markdown string shows, escapes resolved and markers gone. */
function shown(markdown: string): string {
  const flat = (nodes: ReturnType<typeof parseMarkdown>): string =>
    nodes.map((n) => (Array.isArray(n.content) ? flat(n.content as ReturnType<typeof parseMarkdown>) : String(n.content ?? ''))).join('');
  return flat(parseMarkdown(markdown));
}

describe('key sentence', () => {
  it('splits on 。！？；!?; and newlines, keeping the punctuation and a closing quote with the sentence', () => {
    const text = '第一句。第二句“引语！”第三句; 第四句\n第五句 3.5 倍';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['第一句。', '第二句“引语！”', '第三句;', '第四句', '第五句 3.5 倍']);
  });

  it('picks the sentence holding most of the matched words, with the neighbour that adds the ones it lacks', () => {
    const text = '今天天气很好。大模型是新的操作系统。它会构建新的平台和生态。最后谢谢大家。';
    const span = (terms: string[]) => {
      const k = keySentences(text, terms);
      return k && text.slice(k.start, k.end);
    };
    expect(span(['操作系统'])).toBe('大模型是新的操作系统。');
    expect(span(['操作系统', '生态'])).toBe('大模型是新的操作系统。它会构建新的平台和生态。');
    expect(span(['天气', '操作系统', '大模型'])).toBe('大模型是新的操作系统。');
    expect(span([])).toBeUndefined();
    expect(span(['不在文中'])).toBeUndefined();
  });

  it('English sentences: "3.5", "e.g." and "U.S." end none; the key carries over when the sentences line up', () => {
    const en = 'Models grew 3.5 times, e.g. in the U.S. and China. Then "emergence" appeared! Why? Data; compute.';
    expect(englishSentenceSpans(en).map((s) => en.slice(s.start, s.end))).toEqual([
      'Models grew 3.5 times, e.g. in the U.S. and China.',
      'Then "emergence" appeared!',
      'Why?',
      'Data;',
      'compute.',
    ]);
    const zh = '模型增长了3.5倍。然后出现了涌现!为什么?数据;算力。';
    const key = keySentences(zh, ['涌现'])!;
    const carried = translatedKey(zh, key, en)!;
    expect(en.slice(carried.start, carried.end)).toBe('Then "emergence" appeared!');
    expect(translatedKey(zh, key, 'One sentence only.')).toBeUndefined();
  });

  it('the key of an answer is always whole sentences of its paragraph holding a matched word', () => {
    for (const answer of answers) {
      for (const m of answer.results) {
        if (!m.key) continue;
        const spans = sentenceSpans(m.text);
        expect(spans.some((s) => s.start === m.key!.start)).toBe(true);
        expect(spans.some((s) => s.end === m.key!.end)).toBe(true);
        const key = m.text.slice(m.key.start, m.key.end).normalize('NFKC').toLowerCase();
        expect(m.terms.some((t) => key.includes(t.normalize('NFKC').toLowerCase()))).toBe(true);
      }
    }
  });
});

describe('lists', () => {
  it('an answer quoting a list introduction carries the list: the four stages of obs3', () => {
    const best = engine.ask('大模型应用分为哪几个阶段').results[0]!;
    expect(best.id).toBe('obs3-p3');
    expect(best.listItems?.map((i) => i.id)).toEqual(['obs3-p4', 'obs3-p5', 'obs3-p6', 'obs3-p7']);
    expect(best.listItems?.map((i) => i.place)).toEqual([1, 2, 3, 4]);
    const embed = answerPayload(engine.ask('大模型应用分为哪几个阶段'), talk, 'zh').embeds[0]!;
    const list = embed.fields!.find((f) => f.name === LABELS.zh.listItems)!;
    expect(list.value.split('\n').map((line) => line.slice(0, 3))).toEqual(['1) ', '2) ', '3) ', '4) ']);
    expect(list.value).toContain('第一波增长的 AI Infra');
  });

  it('the opening that announces the observations carries them, in English for en', () => {
    const opening = talk.sections.find((s) => s.id === 'opening')!;
    const answer = engine.ask('你分享了哪几点观察').results[0];
    expect(answer?.id).toBe(opening.paragraphs.at(-1)!.id);
    expect(answer?.listItems?.map((i) => i.id)).toEqual(talk.sections.filter((s) => s.kind === 'observation').map((s) => s.id));
    const lines = renderAnswer({ query: 'q', answered: true, coverage: 1, results: [answer!] }, talk, 'en').split('\n');
    expect(lines).toContain(`  1) ${talk.sections.find((s) => s.id === 'obs1')!.titleEn}`);
  });

  it('a paragraph that is no list introduction carries none', () => {
    expect(engine.ask('什么是自主智能').results[0]!.listItems).toBeUndefined();
  });
});

describe('markdown that Discord shows as meant', () => {
  it('markdownQuote: one bold span, never cut open, within the limit, for any text, key and limit', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', '字', '*', '_', '\\', '`', '~', '|', '>', ' ', '。', '😀', '#', '-', '\n'), maxLength: 60 });
    fc.assert(
      fc.property(piece, piece.filter((k) => k.trim().length > 0 && !k.includes('\n')), piece, fc.integer({ min: 8, max: 200 }), (before, key, after, max) => {
        const trimmed = key.trim();
        const md = markdownQuote({ before, key: trimmed, after }, max);
        expect(md.length).toBeLessThanOrEqual(max);
        expect(markdownProblems(blockQuote(md))).toEqual([]);
        const strong = parseMarkdown(md).filter((n) => n.type === 'strong');
        expect(strong.length).toBeLessThanOrEqual(1);
        if (md.length > 0 && escapeWithin(trimmed, max - 4) !== '') expect(strong).toHaveLength(1);
      }),
      { numRuns: 500 },
    );
  });

  it('escapeWithin never cuts an escape in half', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '\\', '_', 'a', '字'), maxLength: 40 }), fc.integer({ min: 0, max: 50 }), fc.boolean(), (raw, max, end) => {
        const md = escapeWithin(raw, max, end ? 'end' : 'start');
        expect(md.length).toBeLessThanOrEqual(max);
        expect(markdownProblems(md)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it(`every reply to the ${questions.length} questions of questions.jsonl, in every language, parses clean`, () => {
    expect(questions.length).toBeGreaterThan(500);
    let answered = 0;
    for (const lang of LANGS) {
      for (const [i, answer] of answers.entries()) {
        const what = `${lang} ${JSON.stringify(questions[i])}`;
        expectClean(answerPayload(answer, talk, lang, '1234567890'), what);
        const best = answer.results[0];
        if (!answer.answered || !best) continue;
        answered++;
        const embed = answerPayload(answer, talk, lang).embeds[0]!;
        // The key sentence, and nothing else, is bold in the quote (an English reply: in the original).
        const strong = parseMarkdown(embed.description!.replace(/^> /gm, '')).filter((n) => n.type === 'strong');
        // …and in an English reply also in the translation, when its sentences line up with the original's.
        const inTranslation = lang === 'en' && best.translation && translatedKey(best.text, best.key, best.translation) ? 1 : 0;
        const label = lang === 'en' && best.translation ? 1 : 0; // "**Original (Chinese)**" over the original
        if (best.key) expect(strong.length, what).toBe(1 + label + inTranslation);
        if (best.key) {
          const key = best.text.slice(best.key.start, best.key.end);
          expect(shown(embed.description!), what).toContain(lang === 'zh-tw' ? toTraditional(key) : key);
        }
      }
    }
    expect(answered).toBeGreaterThan(1000);
  });

  it('every button reply, observation page and timeline, in every language, parses clean', () => {
    const ids = talk.sections.flatMap((s) => s.paragraphs.map((p) => p.id));
    for (const lang of LANGS) {
      for (const id of ids) {
        expectClean(contextPayload(id, talk, lang), `context ${id} ${lang}`);
        expectClean(originalPayload(id, talk, lang), `original ${id} ${lang}`);
      }
      expectClean(moreResultsPayload(ids.slice(0, 5), talk, lang), `more ${lang}`);
      for (const section of talk.sections.filter((s) => s.number)) {
        for (let page = 0; page < 3; page++) {
          expectClean(observationPayload(section, page, talk, lang), `observation ${section.number} p${page} ${lang}`);
          expectClean(originalPagePayload(section, page, talk, lang), `original observation ${section.number} p${page} ${lang}`);
        }
      }
      expectClean(timelinePayload(buildTimeline(talk, new Date('2026-11-29T00:00:00Z')), talk, lang, 'timeline.png'), `timeline ${lang}`);
    }
  });
});

describe("in the reader's language", () => {
  it('locales: zh-TW, zh-HK read Traditional, other Chinese Simplified, anything else English', () => {
    expect(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-tw'].map(langOf)).toEqual(['zh-tw', 'zh-tw', 'zh-tw', 'zh-tw']);
    expect(['zh-CN', 'zh', '什么是自主智能'].map(langOf)).toEqual(['zh', 'zh', 'zh']);
    // A question typed in Traditional characters (the CLI without --lang) is answered in them.
    expect(['什麼是具身智能', '多模態大模型'].map(langOf)).toEqual(['zh-tw', 'zh-tw']);
    expect(['en-US', 'en-GB', 'fr', 'What'].map(langOf)).toEqual(['en', 'en', 'en', 'en']);
  });

  it('en: every answered reply carries the translation of its quote, labelled as the project’s, and the original', () => {
    for (const answer of answers) {
      const best = answer.results[0];
      // (An answer about the talk itself is the talk card's facts, in English, not a quote.)
      if (!answer.answered || !best || answer.fact) continue;
      const translation = talk.sections.flatMap((s) => s.paragraphs).find((p) => p.id === best.id)!.enrichment!.en!;
      expect(best.translation).toBe(translation);
      const payload = answerPayload(answer, talk, 'en');
      const text = shown(payload.embeds[0]!.description!);
      expect(text).toContain(LABELS.en.translatedBy);
      expect(text).toContain(translation.slice(0, 200));
      expect(text).toContain(LABELS.en.original);
      expect(text).toMatch(/\p{Script=Han}/u);
      expect(payload.components[0]!.components.map((b) => b.custom_id)).toContain(`orig:en:${best.id}`);
    }
  });

  it('zh-tw: the quote in Traditional characters, labels too, the Simplified original a button away', () => {
    const answer = engine.ask('什么是自主智能');
    const best = answer.results[0]!;
    const payload = answerPayload(answer, talk, 'zh-tw');
    const embed = payload.embeds[0]!;
    expect(shown(embed.description!)).toContain(toTraditional(best.text));
    expect(toTraditional(best.text)).not.toBe(best.text);
    expect(embed.description).toContain('觀察 6');
    expect(payload.components[0]!.components.map((b) => [b.label, b.custom_id])).toContainEqual([LABELS['zh-tw'].simplifiedOriginal, `orig:zh-tw:${best.id}`]);
    expect(LABELS['zh-tw'].simplifiedOriginal).toBe('簡體原文');
    expect(shown(originalPayload(best.id, talk, 'zh-tw').embeds[0]!.description!)).toContain(best.text);
  });

  it('zh: no original button (the quote is the original), no translation note', () => {
    const payload = answerPayload(engine.ask('什么是自主智能'), talk, 'zh');
    expect(payload.components[0]!.components.map((b) => b.custom_id.split(':')[0])).not.toContain('orig');
    expect(payload.embeds[0]!.description).not.toContain(LABELS.en.translatedBy);
  });

  it('/observation in English: the translation of every paragraph, labelled, with an original button', () => {
    const section = engine.observation(6)!;
    const payload = observationPayload(section, 0, talk, 'en');
    const text = shown(payload.embeds[0]!.description!);
    expect(text.startsWith(`${LABELS.en.translatedBy}\n`)).toBe(true);
    expect(text).toContain(section.paragraphs[0]!.enrichment!.en!.slice(0, 100));
    expect(text).not.toMatch(/\p{Script=Han}/u);
    expect(payload.components[0]!.components.map((b) => b.custom_id)).toContain('origobs:en:6:0');
    expect(shown(originalPagePayload(section, 0, talk, 'en').embeds[0]!.description!)).toContain(section.paragraphs[0]!.text);
  });

  it('/timeline in English and Traditional', () => {
    const timeline = buildTimeline(talk, new Date('2026-11-29T00:00:00Z'));
    const en = timelinePayload(timeline, talk, 'en').embeds[0]!;
    expect(en.title).toBe(talk.predictionTopic!.en);
    for (const [i, f] of en.fields!.entries()) {
      expect(f.value.startsWith(timeline.entries[i]!.implied.summaryEn.slice(0, 20))).toBe(true);
      expect(f.value).toContain(`${LABELS.en.original}: 「`);
    }
    const tw = timelinePayload(timeline, talk, 'zh-tw').embeds[0]!;
    expect(tw.title).toBe(toTraditional(talk.predictionTopic!.zh));
    expect(tw.fields![0]!.value).toContain(toTraditional(timeline.entries[0]!.quote));
  });
});

describe('labels', () => {
  it('zh-tw labels are the Chinese ones in Traditional characters, for text and functions alike', () => {
    const lang: Lang = 'zh-tw';
    expect(LABELS[lang].notCovered).toBe(toTraditional(LABELS.zh.notCovered));
    expect(LABELS[lang].slowDown(3)).toBe(toTraditional(LABELS.zh.slowDown(3)));
    expect(Object.keys(LABELS[lang]).sort()).toEqual(Object.keys(LABELS.en).sort());
  });
});
