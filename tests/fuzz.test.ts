/**
 * Property-based fuzzing (fast-check) of everything that takes text or ids from outside: the question and
 * observation-number checks, the engine, autocomplete, button custom ids, and the Discord payloads built
 * from them. Real engine over the real corpus, no mocks.
 *
 * Budget: > 10,000 generated cases per run, the whole file well under a minute on a 2-core machine.
 * Seeds are random; fast-check prints the seed and the shrunk counterexample of a failure. To replay:
 *   FUZZ_SEED=<seed> npx vitest run tests/fuzz.test.ts
 * FUZZ_SCALE=<factor> multiplies every property's number of runs (e.g. 10 for a long local soak).
 *
 * "A mention let through" (what the payload properties forbid): any match, in the JSON-serialised payload,
 * of
 *   /@(?:everyone|here)/i        — a mass ping; matched case-insensitively and with no word boundary,
 *                                  which is stricter than Discord and exactly what escapeUserText breaks
 *   /<(?:@[!&]?|#)[0-9]+>/       — a user (<@id>, <@!id>), role (<@&id>) or channel (<#id>) mention with an
 *                                  ASCII-digit snowflake.
 * escapeUserText breaks both by inserting U+200D (zero-width joiner) after "@" or after "<"; JSON.stringify
 * escapes none of "@<>!&#", ASCII letters and digits, and writes U+200D as the raw character, so matching
 * the JSON is the same as matching every string in the payload. The corpus itself holds no such sequence
 * (checked below), so any match would be user text the escape missed.
 */
import fc from 'fast-check';
import { deepStrictEqual } from 'node:assert';
import { afterAll, describe, expect, it } from 'vitest';
import { buttons as askButtons } from '../commands/ask.ts';
import { buttons as observationButtons } from '../commands/observation.ts';
import { encodeButton, parseButton, type ButtonAction } from '../src/discord/custom-ids.ts';
import { LIMITS, payloadProblems } from '../src/discord/limits.ts';
import { escapeUserText } from '../src/discord/safety.ts';
import { cleanText, hasUnsafeCodePoints } from '../src/text/strings.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import type { Answer } from '../src/engine/answer.ts';
import { suggestQuestions } from '../src/engine/suggestions.ts';
import { buildTimeline } from '../src/engine/timeline.ts';
import { MAX_QUESTION_CHARS, checkObservationNumber, checkQuestion } from '../src/engine/user-input.ts';
import {
  answerPayload,
  contextPayload,
  originalPagePayload,
  originalPayload,
  moreResultsPayload,
  noticePayload,
  observationPages,
  observationPayload,
  timelinePayload,
  type Payload,
} from '../src/discord/payloads.ts';
import { LABELS, type Lang } from '../src/render/labels.ts';
import type { Section } from '../src/talk/types.ts';

const engine = AnswerEngine.fromCorpus();
const paragraphIds = engine.talk.sections.flatMap((s) => s.paragraphs.map((p) => p.id));
const exists = (id: string) => engine.paragraph(id) !== undefined;
const LANGS: readonly Lang[] = ['zh', 'zh-tw', 'en'];

// ---------------------------------------------------------------------------------------------------
// Run budget and case counting
// ---------------------------------------------------------------------------------------------------

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const SCALE = process.env.FUZZ_SCALE ? Number(process.env.FUZZ_SCALE) : 1;
const runs = (n: number): { numRuns: number; seed?: number } => ({ numRuns: Math.max(1, Math.round(n * SCALE)), ...(SEED === undefined ? {} : { seed: SEED }) });

/** Executions of each property's predicate (generated cases, plus shrink attempts after a failure). */
const tally = new Map<string, number>();
const tick = (name: string) => tally.set(name, (tally.get(name) ?? 0) + 1);
/** Facts about the runs that are not cases of their own (how many generated questions were accepted). */
const notes: string[] = [];
const started = performance.now();
afterAll(() => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  const lines = [...tally.entries()].map(([name, n]) => `  ${String(n).padStart(6)}  ${name}`);
  console.log(`fuzz: ${total} generated cases in ${((performance.now() - started) / 1000).toFixed(1)} s${SEED === undefined ? '' : ` (seed ${SEED})`}\n${[...lines, ...notes].join('\n')}`);
});

// ---------------------------------------------------------------------------------------------------
// Oracles
// ---------------------------------------------------------------------------------------------------

const MASS_MENTION = /@(?:everyone|here)/gi;
const ID_MENTION = /<(?:@[!&]?|#)[0-9]+>/g;
/** Mentions Discord would parse in a string (see the header for the exact definition). */
function mentionsIn(text: string): string[] {
  return [...text.matchAll(MASS_MENTION), ...text.matchAll(ID_MENTION)].map((m) => m[0]);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);
const codePoints = (s: string) => [...s].length;

function expectFits(payload: Payload | Parameters<typeof payloadProblems>[0], what: string): void {
  const problems = payloadProblems(payload);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}

function expectNoMentions(payload: unknown, what: string): void {
  const found = mentionsIn(JSON.stringify(payload));
  if (found.length > 0) throw new Error(`${what}: mention let through: ${JSON.stringify(found)}`);
  const unsafe = JSON.stringify(payload, (_key, value) => (typeof value === 'string' && hasUnsafeCodePoints(value) ? `UNSAFE ${JSON.stringify(value.slice(0, 40))}` : value));
  if (unsafe.includes('UNSAFE ')) throw new Error(`${what}: a control, bidi, noncharacter or lone surrogate let through: ${unsafe.slice(unsafe.indexOf('UNSAFE '), unsafe.indexOf('UNSAFE ') + 80)}`);
}

/** The Answer contract: ≤ 5 results, best first, every id a real paragraph, text and section as in the corpus. */
function expectWellFormedAnswer(answer: Answer, query: string): void {
  expect(answer.query).toBe(query);
  expect(answer.results.length).toBeLessThanOrEqual(5);
  if (answer.answered) expect(answer.results.length).toBeGreaterThan(0);
  expect(answer.coverage >= 0 && answer.coverage <= 1).toBe(true);
  expect(new Set(answer.results.map((r) => r.id)).size).toBe(answer.results.length);
  answer.results.forEach((r, i) => {
    expect(Number.isFinite(r.score), `${r.id} score ${r.score}`).toBe(true);
    if (i > 0) expect(r.score, 'best first').toBeLessThanOrEqual(answer.results[i - 1]!.score);
    const found = engine.paragraph(r.id);
    expect(found, r.id).toBeDefined();
    expect(r.text).toBe(found!.paragraph.text);
    expect(r.sectionId).toBe(found!.section.id);
  });
}

/**
 * A parsed button action the bot can serve: known kind and language, real paragraphs, observation 1–7,
 * page 0–99, a vote of ±1 on an ask id of digits (a Discord interaction id).
 */
function isValidAction(a: ButtonAction): boolean {
  if (!LANGS.includes(a.lang)) return false;
  switch (a.kind) {
    case 'context':
    case 'original':
      return exists(a.paragraphId);
    case 'more':
      return a.paragraphIds.length >= 1 && a.paragraphIds.length <= 5 && a.paragraphIds.every(exists);
    case 'page':
    case 'originalPage':
      return Number.isInteger(a.observation) && engine.observation(a.observation) !== undefined && Number.isInteger(a.page) && a.page >= 0 && a.page <= 99;
    case 'vote':
      return (a.vote === 1 || a.vote === -1) && /^[0-9]{1,25}$/.test(a.askId);
    default:
      return false;
  }
}

function payloadFor(action: ButtonAction, page: number = action.kind === 'page' || action.kind === 'originalPage' ? action.page : 0): Payload {
  switch (action.kind) {
    case 'context':
      return contextPayload(action.paragraphId, engine.talk, action.lang);
    case 'original':
      return originalPayload(action.paragraphId, engine.talk, action.lang);
    case 'more':
      return moreResultsPayload(action.paragraphIds, engine.talk, action.lang);
    case 'page':
      return observationPayload(engine.observation(action.observation)!, page, engine.talk, action.lang);
    case 'originalPage':
      return originalPagePayload(engine.observation(action.observation)!, page, engine.talk, action.lang);
    case 'vote':
      return noticePayload(action.vote > 0 ? LABELS[action.lang].thanksUp : LABELS[action.lang].thanksDown);
    default:
      throw new TypeError(`unknown action ${JSON.stringify(action)}`);
  }
}

/** What checkObservationNumber should accept: an integer 1–7, as a number or as digits (surrounding whitespace trimmed). */
function expectedObservation(raw: string | number): number | undefined | 'chinese' {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 1 && raw <= 7 ? raw : undefined;
  // Full-width digits count as digits (NFKC); Chinese numerals (三, 第三) have their own unit test.
  const text = raw.normalize('NFKC').trim();
  if (/[一二两三四五六七八九十第点點个個条條]/.test(text)) return 'chinese';
  if (!/^[0-9]{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 7 ? n : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------

const codePoint = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const zeroWidth = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\ufeff');
const bidiControl = fc.constantFrom('\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069');
const rtlText = fc.constantFrom('مرحبا بالعالم', 'الذكاء الاصطناعي', 'ما هو الذكاء المستقل؟', 'שלום עולם', 'בינה מלאכותית', 'מה זה?', '\u202e自主智能\u202c', 'AGI \u200fمتى\u200f؟');
const combining = fc
  .tuple(fc.constantFrom('', 'a', 'e', 'A', '智', '1', '@'), fc.array(fc.integer({ min: 0x300, max: 0x36f }), { minLength: 1, maxLength: 12 }))
  .map(([base, marks]) => base + String.fromCharCode(...marks));
const emoji = fc.constantFrom('👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴‍☠️', '🧑🏽‍💻', '👍🏽', '❤️', '🇨🇳', '🇺🇸', '🇯🇵', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🤖', '😀', '\u{1f1e6}', '#️⃣', '\u200d');
const markdown = fc.constantFrom('**', '__', '*', '_', '`', '``', '```', '````', '~~', '||', '> ', '>>> ', '# ', '-# ', '- ', '1. ', '\\', '[x](http://evil.example/a)', '[自主智能](https://example.com/?q=1)', '<http://x.y>', '```js\n', ')', ']');
const snowflake = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String), fc.stringMatching(/^[0-9]{1,25}$/));
const mention = fc.oneof(
  fc.constantFrom('@everyone', '@here', '@EVERYONE', '@Here', '@everyone!', '@@here', '@everyonex', '@\u200beveryone', '＠everyone', '@', '<', '>', '<@', '<@!', '<@&', '<#'),
  snowflake.map((id) => `<@${id}>`),
  snowflake.map((id) => `<@!${id}>`),
  snowflake.map((id) => `<@&${id}>`),
  snowflake.map((id) => `<#${id}>`),
  snowflake.map((id) => `<<@${id}>@${id}>`),
  snowflake.map((id) => `@every<@${id}>one`),
  snowflake.map((id) => `<@\\${id}>`),
);
const talkWord = fc.constantFrom(
  '自主智能', 'Scaling Law', '具身智能', 'scaling law', 'SCALING LAW', 'ScalingLaw', '大模型', '多模态', 'AGI', 'ChatGPT', 'o1', '机器人',
  '什么是', '什麼是自主智慧', '为什么', '什么时候', '吗', '?', '？', 'what is', 'autonomous intelligence', 'embodied intelligence',
  'when will AGI arrive', '张宏江', 'Emu3', '操作系统', '涌现', '红烧肉',
);
const whitespace = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0', '\u2028', '\u2029', '\u000b', '\u0085', '\u180e');
const digits = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.constantFrom('NaN', '-1', '1e309', '0x7', '٣', '３'));

const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: codePoint },
  { weight: 4, arbitrary: talkWord },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
  { weight: 2, arbitrary: mention },
  { weight: 2, arbitrary: markdown },
  { weight: 2, arbitrary: whitespace },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: zeroWidth },
  { weight: 1, arbitrary: bidiControl },
  { weight: 1, arbitrary: rtlText },
  { weight: 1, arbitrary: combining },
  { weight: 1, arbitrary: emoji },
  { weight: 1, arbitrary: digits },
);
/** Up to `maxTokens` tokens of every kind above, glued together. */
const noisy = (maxTokens: number) => fc.array(token, { maxLength: maxTokens, size: 'max' }).map((t) => t.join(''));
/** A string of exactly n units of `unit`: long strings up to 5,000 characters. */
const sized = (min: number, max: number, unit: fc.Arbitrary<string> | 'binary' | 'grapheme' = 'binary') =>
  fc.integer({ min, max }).chain((n) => fc.string({ unit, minLength: n, maxLength: n }));
const longString = fc.oneof(
  sized(190, 5000),
  sized(150, 1200, token),
  fc.tuple(token, fc.integer({ min: 1, max: 5000 })).map(([t, n]) => t.repeat(Math.ceil(n / Math.max(1, t.length))).slice(0, n)),
  fc.tuple(fc.constantFrom('@everyone ', '<@123>', '\u200b', ' ', '**', '😀', '智'), fc.integer({ min: 1, max: 2500 })).map(([t, n]) => t.repeat(n)),
);
/** Anything a person could type within about Discord's 200-character option (a few characters over). */
const shortText = fc.oneof(
  { weight: 6, arbitrary: noisy(40) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(codePoint, loneSurrogate), maxLength: 250, size: 'max' }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(mention, whitespace, zeroWidth), { maxLength: 10 }).map((t) => t.join('')) },
);
/** Anything a person could type as a question, from nothing to 5,000 characters. */
const anyText = fc.oneof({ weight: 4, arbitrary: shortText }, { weight: 1, arbitrary: longString });
/** Mostly acceptable questions: talk words in noise, usually within 200 characters. */
const questionLike = fc
  .tuple(noisy(8), talkWord, noisy(8), fc.option(talkWord), noisy(4))
  .map(([a, w, b, w2, c]) => `${a}${w}${b}${w2 ?? ''}${c}`);

const lang = fc.constantFrom<Lang>('zh', 'zh-tw', 'en');
const validAction: fc.Arbitrary<ButtonAction> = fc.oneof(
  fc.record({ kind: fc.constant('context' as const), paragraphId: fc.constantFrom(...paragraphIds), lang }),
  fc.record({ kind: fc.constant('more' as const), paragraphIds: fc.array(fc.constantFrom(...paragraphIds), { minLength: 1, maxLength: 5 }), lang }),
  fc.record({ kind: fc.constant('page' as const), observation: fc.integer({ min: 1, max: 7 }), page: fc.integer({ min: 0, max: 99 }), lang }),
  fc.record({ kind: fc.constant('vote' as const), vote: fc.constantFrom<1 | -1>(1, -1), askId: fc.stringMatching(/^[0-9]{1,25}$/), lang }),
  fc.record({ kind: fc.constant('original' as const), paragraphId: fc.constantFrom(...paragraphIds), lang }),
  fc.record({ kind: fc.constant('originalPage' as const), observation: fc.integer({ min: 1, max: 7 }), page: fc.integer({ min: 0, max: 99 }), lang }),
);
/** Discord interaction ids, as /ask hands answerPayload for its 👍/👎 buttons. */
const interactionId = fc.bigInt({ min: 1n << 32n, max: (1n << 64n) - 1n }).map(String);
const realCustomId = validAction.map(encodeButton);
const editChar = fc.oneof(codePoint, loneSurrogate, fc.constantFrom(':', ',', '-', 'p', '0', '9', '1', 'x', '', '::', ' ', '\u200b'));
/** Tampered custom ids: random, valid prefixes with random tails, real ids with one character changed, too long, misassembled. */
const customId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(codePoint, loneSurrogate), maxLength: 120 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('ctx:zh:', 'ctx:en:', 'more:zh:', 'more:en:', 'obs:zh:', 'obs:en:', 'obs:zh:7:', 'obs:en:1:', 'ctx:zh:obs1-p', 'more:en:obs1-p1,', 'ctx:', 'obs:', 'fb:zh:up:', 'fb:en:down:', 'fb:zh:', 'fb:'), noisy(6))
      .map(([p, t]) => p + t),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(realCustomId, fc.nat(), editChar, fc.constantFrom('replace', 'insert', 'delete')).map(([id, i, c, op]) => {
      const at = i % (id.length + 1);
      return id.slice(0, at) + (op === 'delete' ? '' : c) + id.slice(op === 'insert' ? at : at + 1);
    }),
  },
  { weight: 1, arbitrary: fc.tuple(lang, fc.array(fc.constantFrom(...paragraphIds), { minLength: 1, maxLength: 30 })).map(([l, ids]) => `more:${l}:${ids.join(',')}`) },
  { weight: 1, arbitrary: fc.tuple(realCustomId, sized(1, 200, 'grapheme')).map(([id, tail]) => (id + tail).padEnd(101, '0')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('ctx', 'more', 'obs', 'fb', 'orig', 'origobs', 'CTX', '', 'ctx ', '__proto__', 'constructor', 'toString', 'page', 'context', 'vote'),
        fc.constantFrom('zh', 'zh-tw', 'en', 'ZH', 'zh-TW', 'zh-CN', '', ' en', 'zh\u200b', '__proto__'),
        fc.array(
          fc.oneof(
            fc.constantFrom(...paragraphIds),
            fc.stringMatching(/^[a-z0-9]{1,10}-p[0-9]{1,4}$/),
            fc.integer({ min: -5, max: 120 }).map(String),
            fc.constantFrom('07', '007', '0', '-0', '1.5', '1e1', ' 1', '', 'NaN', 'Infinity', 'up', 'down', 'UP', '1'.repeat(25), '1'.repeat(26)),
            noisy(3),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([k, l, rest]) => [k, l, ...rest].join(':')),
  },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: realCustomId },
);
/** Any page number: negative, zero, huge, the extremes of a double. */
const anyPage = fc.oneof(
  fc.integer(),
  fc.integer({ min: -3, max: 120 }),
  fc.maxSafeInteger(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity),
);
/** What /observation, the CLI or a button could hand checkObservationNumber. */
const observationInput: fc.Arbitrary<string | number> = fc.oneof(
  fc.integer(),
  fc.integer({ min: -10, max: 20 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0.5, 1.5, 6.999999, 7.000001, 7 + 1e-15, 1e21, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: -10, max: 20 }).map(String),
  fc.tuple(fc.constantFrom('', ' ', '\t', '\n', '\u3000', '\ufeff', '\u00a0', '\u200b'), fc.integer({ min: 0, max: 20 }).map((n) => '0'.repeat(n)), fc.integer({ min: 0, max: 9 }), fc.constantFrom('', ' ', '\n', '\u200b', '.0', 'e0'))
    .map(([a, zeros, n, b]) => `${a}${zeros}${n}${b}`),
  fc.constantFrom('NaN', 'Infinity', '-1', '+3', '3.0', '3e0', '0x3', '0b11', '٣', '３', '3 4', '1,000', '', ' ', '07', '007', '七', 'seven', '1e0', '-0', '8', '0', '10'),
  fc.stringMatching(/^-?[0-9]{1,12}(\.[0-9]{1,3})?$/),
  noisy(6),
  fc.string({ unit: fc.oneof(codePoint, loneSurrogate), maxLength: 12 }),
  longString,
);

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

describe('fuzz: fixtures', () => {
  it('the corpus holds no mention syntax, so any mention in a payload came from user text', () => {
    expect(mentionsIn(JSON.stringify(engine.talk))).toEqual([]);
    expect(paragraphIds.length).toBeGreaterThan(50);
  });

  it('cleanText removes exactly the controls (not newline, tab), bidi controls, noncharacters and lone surrogates', () => {
    const unsafe = (cp: string) =>
      (/\p{Cc}/u.test(cp) && cp !== '\n' && cp !== '\t') || /\p{Bidi_Control}|\p{Noncharacter_Code_Point}/u.test(cp) || (cp.length === 1 && /[\ud800-\udfff]/.test(cp));
    fc.assert(
      fc.property(fc.oneof(shortText, fc.string({ unit: fc.oneof(codePoint, loneSurrogate, bidiControl, zeroWidth), maxLength: 60 })), (text) => {
        tick('cleanText');
        const cleaned = cleanText(text);
        expect(hasUnsafeCodePoints(cleaned)).toBe(false);
        expect(isWellFormed(cleaned)).toBe(true);
        // Everything else is kept, in order (a lone surrogate is one unit of its own in the spread).
        expect(cleaned).toBe([...text].filter((cp) => !unsafe(cp)).join(''));
        expect(cleanText(cleaned)).toBe(cleaned);
      }),
      runs(2000),
    );
  });

  it('escapeUserText breaks every mention, whatever surrounds it', () => {
    fc.assert(
      // shortText: escapeUserText only ever sees accepted questions (≤ 200 characters), and discord.js
      // escapeMarkdown is quadratic in the length of a line (about 0.1–0.3 s for 5,000 characters).
      fc.property(shortText, (text) => {
        tick('escapeUserText leaves no mention');
        const escaped = escapeUserText(text);
        expect(mentionsIn(escaped)).toEqual([]);
        // and fitting it into a title cannot create one
        expect(mentionsIn(escapeUserText(text).slice(0, LIMITS.embedTitle))).toEqual([]);
      }),
      runs(1500),
    );
  });
});

describe('fuzz: checkQuestion', () => {
  it('never throws; rejects with a non-empty one-line message or accepts ≤ 200 characters', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        tick('checkQuestion');
        const checked = checkQuestion(raw);
        if (checked.ok) {
          expect(codePoints(checked.question)).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
          expect(checked.question.length).toBeLessThanOrEqual(2 * MAX_QUESTION_CHARS);
          expect(checked.question).toBe(checked.question.trim());
          expect(checked.question).not.toMatch(/[\n\r]/);
          expect(codePoints(raw)).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
        } else {
          for (const message of [checked.message, checked.messageEn]) {
            expect(message.trim().length).toBeGreaterThan(0);
            expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
            expectFits(noticePayload(message), 'notice');
          }
          if (codePoints(raw) <= MAX_QUESTION_CHARS) expect(checked.problem).not.toBe('too-long');
        }
      }),
      runs(3000),
    );
  });
});

describe('fuzz: AnswerEngine.ask and answerPayload', () => {
  /** A second engine: the same answer must not depend on what the first one was asked before (it caches). */
  const freshEngine = AnswerEngine.fromCorpus();

  it('accepted questions: ask never throws, ≤ 5 results best first with real ids, deterministic, payload fits with no mention', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: questionLike }, { weight: 1, arbitrary: anyText }), interactionId, (raw, askId) => {
        tick('ask + answerPayload (accepted questions)');
        const checked = checkQuestion(raw);
        if (!checked.ok) return;
        accepted++;
        const answer = engine.ask(checked.question);
        expectWellFormedAnswer(answer, checked.question);
        deepStrictEqual(engine.ask(checked.question), answer);
        deepStrictEqual(freshEngine.ask(checked.question), answer);
        for (const l of LANGS) {
          for (const payload of [answerPayload(answer, engine.talk, l), answerPayload(answer, engine.talk, l, askId)]) {
            expectFits(payload, `answerPayload(${l})`);
            expectNoMentions(payload, `answerPayload(${l})`);
            for (const row of payload.components) {
              for (const b of row.components) {
                const action = parseButton(b.custom_id, engine);
                expect(action !== undefined && isValidAction(action), b.custom_id).toBe(true);
              }
            }
          }
        }
      }),
      runs(2000),
    );
    notes.push(`  (${accepted} of the ask cases were accepted questions)`);
    expect(accepted).toBeGreaterThan(1000 * Math.min(1, SCALE));
    // About 14 s alone (three languages, six payloads a question); twice that when the suite shares 2 cores.
  }, 120_000);

  it('the renderer escapes mentions even in text that never went through checkQuestion', () => {
    fc.assert(
      fc.property(fc.tuple(fc.array(mention, { minLength: 1, maxLength: 4 }), questionLike).map(([m, q]) => m.join(' ') + q + m.join('')), (raw) => {
        tick('answerPayload on unchecked text');
        const answer = engine.ask(raw);
        expectWellFormedAnswer(answer, raw);
        for (const l of LANGS) {
          const payload = answerPayload(answer, engine.talk, l);
          expectFits(payload, `answerPayload(${l})`);
          expectNoMentions(payload, `answerPayload(${l})`);
        }
      }),
      runs(500),
    );
  });
});

describe('fuzz: suggestQuestions', () => {
  it('never throws; ≤ 25 choices, each 1–100 characters', () => {
    fc.assert(
      fc.property(anyText, (typed) => {
        tick('suggestQuestions');
        const choices = suggestQuestions(engine, typed);
        expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
        for (const c of choices) {
          expect(c.length).toBeGreaterThanOrEqual(1);
          expect(c.length).toBeLessThanOrEqual(LIMITS.choiceName);
        }
        expectFits({ choices: choices.map((c) => ({ name: c, value: c })) }, 'autocomplete');
      }),
      runs(1500),
    );
  });

  // Regression: at 35f4612 suggestions.ts cut what was typed with .slice(0, 100), which split a surrogate
  // pair when the 100th UTF-16 unit was the first half of an emoji (99 × "a" + "😀"), and the lone surrogate
  // went back to Discord as a choice name and value. Fixed in 574a0c0 (cutToLength), which also drops lone
  // surrogates typed in, so choices are now well-formed whatever was typed.
  it('choices are well-formed UTF-16, whatever was typed', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, sized(90, 110, 'grapheme'), sized(90, 110, fc.oneof(codePoint, loneSurrogate))), (typed) => {
        tick('suggestQuestions well-formed');
        for (const c of suggestQuestions(engine, typed)) expect(isWellFormed(c), JSON.stringify(c)).toBe(true);
      }),
      runs(1000),
    );
  });

  // The smallest cases of the property above.
  it('keeps a surrogate pair whole when cutting what was typed to 100 characters', () => {
    for (const typed of ['a'.repeat(99) + '😀', '什么是自主智能'.repeat(14) + '?🤖']) {
      for (const c of suggestQuestions(engine, typed)) expect(isWellFormed(c), JSON.stringify(c)).toBe(true);
    }
  });
});

describe('fuzz: button custom ids', () => {
  const routes: Record<string, ButtonAction['kind']> = { ctx: 'context', more: 'more', obs: 'page', fb: 'vote', orig: 'original', origobs: 'originalPage' };
  const handled = new Set([...Object.keys(askButtons), ...Object.keys(observationButtons)]);

  it('parseButton never throws and returns undefined or a valid action, handled by its kind', () => {
    fc.assert(
      fc.property(customId, (id) => {
        tick('parseButton on tampered ids');
        const action = parseButton(id, engine);
        if (action === undefined) return;
        expect(typeof id).toBe('string');
        expect((id as string).length).toBeLessThanOrEqual(LIMITS.customId);
        expect(isValidAction(action), JSON.stringify(action)).toBe(true);
        const prefix = (id as string).split(':')[0]!;
        expect(routes[prefix]).toBe(action.kind);
        expect(handled.has(action.kind)).toBe(true);
        // parsing is idempotent through encode (07 → 7 is the only normalisation)
        expect(parseButton(encodeButton(action), engine)).toEqual(action);
        expectFits(payloadFor(action), `payload for ${String(id)}`);
      }),
      runs(3000),
    );
  });

  it('the payload of any valid action fits, for any page number', () => {
    fc.assert(
      fc.property(validAction, anyPage, (generated, page) => {
        tick('payloads of valid actions');
        const action = parseButton(encodeButton(generated), engine);
        expect(action).toEqual(generated);
        for (const p of [payloadFor(action!), payloadFor(action!, page)]) {
          expectFits(p, `${encodeButton(generated)} page ${page}`);
          const description = p.embeds[0]?.description;
          if (['context', 'page', 'original', 'originalPage'].includes(action!.kind)) expect(typeof description === 'string' && description.length > 0).toBe(true);
          if (action!.kind === 'vote') expect(p.content!.length).toBeGreaterThan(0);
        }
      }),
      runs(1000),
    );
  });

  it('encode → parse round-trips for every real paragraph id, observation page and language', () => {
    let n = 0;
    for (const l of LANGS) {
      for (const id of paragraphIds) {
        const action: ButtonAction = { kind: 'context', paragraphId: id, lang: l };
        expect(encodeButton(action).length).toBeLessThanOrEqual(LIMITS.customId);
        expect(parseButton(encodeButton(action), engine)).toEqual(action);
        n++;
      }
      for (let observation = 1; observation <= 7; observation++) {
        for (let page = 0; page <= 99; page++) {
          const action: ButtonAction = { kind: 'page', observation, page, lang: l };
          expect(parseButton(encodeButton(action), engine)).toEqual(action);
          n++;
        }
      }
    }
    // the five longest ids together still fit one "more" custom id
    const longest = [...paragraphIds].sort((a, b) => b.length - a.length).slice(0, 5);
    expect(encodeButton({ kind: 'more', paragraphIds: longest, lang: 'zh-tw' }).length).toBeLessThanOrEqual(LIMITS.customId);
    tally.set('round trip (exhaustive, not generated)', n);
    fc.assert(
      fc.property(validAction, (action) => {
        tick('round trip (generated)');
        expect(encodeButton(action).length).toBeLessThanOrEqual(LIMITS.customId);
        expect(parseButton(encodeButton(action), engine)).toEqual(action);
      }),
      runs(1000),
    );
  });
});

describe('fuzz: checkObservationNumber', () => {
  it('accepts exactly the integers 1–7, as numbers or digit strings, and rejects the rest with a message', () => {
    fc.assert(
      fc.property(observationInput, (raw) => {
        tick('checkObservationNumber');
        const checked = checkObservationNumber(raw, { observations: 6, hasConclusion: true });
        const expected = expectedObservation(raw);
        if (expected === 'chinese') return;
        if (expected !== undefined) {
          expect(checked, JSON.stringify(raw)).toEqual({ ok: true, number: expected });
          expect(engine.observation(expected)).toBeDefined();
        } else {
          expect(checked.ok, JSON.stringify(raw)).toBe(false);
          if (!checked.ok) {
            for (const message of [checked.message, checked.messageEn]) {
              expect(message.trim().length).toBeGreaterThan(0);
              expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
              expectFits(noticePayload(message), 'notice');
            }
          }
        }
      }),
      runs(2000),
    );
  });
});

describe('fuzz: observation pages', () => {
  /**
   * Text of exactly n UTF-16 units: one repeated piece (markdown, emoji, Han, a mention) with a space or a
   * line break every `every` units. Runs without either are short: discord.js escapeMarkdown is quadratic
   * in the length of a line (≈ 0.1–0.5 s for 9,000 characters on one line), which would eat the budget.
   */
  const filler = (min: number, max: number) =>
    fc
      .tuple(
        fc.integer({ min, max }),
        fc.constantFrom('x', '*', '_', '`', '\\', '~~', '||', '😀', '智', 'a😀', '> ', '<@1>', '\u200b', 'مرحبا'),
        fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 4, max: 80 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }),
        fc.constantFrom(' ', ' ', '\n'),
      )
      .map(([n, piece, every, gap]) => {
        const word = piece.repeat(Math.ceil(Math.min(every, n) / piece.length));
        // no space at all only up to 1,500 units (the explicit cases in the first test go beyond)
        if (every === Infinity) return piece.repeat(Math.ceil(Math.min(n, 1500) / piece.length)).slice(0, Math.min(n, 1500));
        return `${word.slice(0, every)}${gap}`.repeat(Math.ceil(n / Math.min(every + 1, n))).slice(0, n);
      });
  const sectionOf = (texts: fc.Arbitrary<string[]>): fc.Arbitrary<Section> =>
    fc
      .record({ number: fc.integer({ min: 1, max: 7 }), title: noisy(10), titleEn: fc.oneof(noisy(10), sized(200, 400, 'grapheme')), texts })
      .map(({ number, title, titleEn, texts }) => {
        const id = number === 7 ? 'conclusion' : `obs${number}`;
        return {
          id,
          kind: number === 7 ? ('conclusion' as const) : ('observation' as const),
          number,
          title,
          titleEn,
          paragraphs: texts.map((text, i) => ({ id: `${id}-p${i + 1}`, sectionId: id, index: i + 1, text })),
        };
      });

  /** Every paragraph id in order, each opening a block: at the start of a page or after a blank line. */
  function expectAllIdsInOrder(pages: string[], section: Section): void {
    let page = 0;
    let from = 0;
    for (const p of section.paragraphs) {
      let at = -1;
      while (page < pages.length) {
        const text = pages[page]!;
        if (from === 0 && text.startsWith(`\`${p.id}\` `)) at = 0;
        else {
          const i = text.indexOf(`\n\n\`${p.id}\` `, from);
          at = i < 0 ? -1 : i + 2;
        }
        if (at >= 0) break;
        page++;
        from = 0;
      }
      expect(at, `paragraph ${p.id} lost`).toBeGreaterThanOrEqual(0);
      from = at + p.id.length + 3;
    }
  }

  function expectGoodPages(section: Section, max: number): string[] {
    // (the cast: observationPages infers its parameter as the literal type 4096 from its default)
    const pages = observationPages(section, max as typeof LIMITS.embedDescription);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(section.paragraphs.length);
    for (const page of pages) {
      expect(page.length).toBeGreaterThan(0);
      expect(page.length).toBeLessThanOrEqual(max);
    }
    expectAllIdsInOrder(pages, section);
    if (section.paragraphs.every((p) => isWellFormed(p.text))) for (const page of pages) expect(isWellFormed(page), 'surrogate pair split').toBe(true);
    return pages;
  }

  it('observationPages at 4,096: every page fits, no paragraph id lost, also with single paragraphs > 4,096 characters', () => {
    const paragraph = fc.oneof({ weight: 3, arbitrary: noisy(30) }, { weight: 2, arbitrary: filler(1, 2500) }, { weight: 1, arbitrary: filler(4050, 5000) });
    fc.assert(
      fc.property(sectionOf(fc.array(paragraph, { minLength: 1, maxLength: 6 })), (section) => {
        tick('observationPages at 4,096 (synthetic sections)');
        expectGoodPages(section, LIMITS.embedDescription);
      }),
      runs(120),
    );
    // Explicit long paragraphs without a space, around the limit and over it, with a surrogate pair at the cut.
    const texts = ['x'.repeat(5000), '智'.repeat(4094), '😀'.repeat(2100), `${'y'.repeat(4085)}😀😀`, '*'.repeat(2500), 'ok'];
    for (const text of texts) {
      const section: Section = { id: 'obs1', kind: 'observation', number: 1, title: 't', titleEn: 't', paragraphs: [{ id: 'obs1-p1', sectionId: 'obs1', index: 1, text }] };
      expectGoodPages(section, LIMITS.embedDescription);
    }
    const all: Section = { id: 'obs2', kind: 'observation', number: 2, title: 't', titleEn: 't', paragraphs: texts.map((text, i) => ({ id: `obs2-p${i + 1}`, sectionId: 'obs2', index: i + 1, text })) };
    expectGoodPages(all, LIMITS.embedDescription);
  });

  it('observationPages at any page size (40–600): every page fits, no paragraph id lost', () => {
    const sized = fc.integer({ min: 40, max: 600 }).chain((max) =>
      fc.tuple(fc.constant(max), sectionOf(fc.array(fc.oneof(noisy(12), filler(1, 2 * max)), { minLength: 1, maxLength: 20 }))),
    );
    fc.assert(
      fc.property(sized, ([max, section]) => {
        tick('observationPages at 40–600 (synthetic sections)');
        expectGoodPages(section, max);
      }),
      runs(800),
    );
  });

  it('observationPayload on synthetic sections fits for any page, and its enabled buttons lead to the neighbouring pages', () => {
    const multiPage = sectionOf(fc.array(fc.oneof(noisy(20), filler(100, 1800)), { minLength: 1, maxLength: 10 }));
    fc.assert(
      fc.property(multiPage, anyPage, lang, (section, page, l) => {
        tick('observationPayload (synthetic sections)');
        const pages = observationPages(section, LIMITS.embedDescription, l);
        const payload = observationPayload(section, page, engine.talk, l);
        expectFits(payload, `page ${page} of ${pages.length}`);
        const description = payload.embeds[0]!.description!;
        const current = pages.indexOf(description);
        expect(current).toBeGreaterThanOrEqual(0);
        if (page <= 0) expect(current).toBe(0);
        if (page >= pages.length - 1) expect(current).toBe(pages.length - 1);
        expect(payload.embeds[0]!.footer!.text.endsWith(`${current + 1}/${pages.length}`)).toBe(true);
        const all = payload.components.flatMap((row) => row.components);
        // A reader shown a translation or Traditional characters also gets the original of the page.
        expect(all.filter((b) => b.custom_id.startsWith('origobs:')).map((b) => parseButton(b.custom_id, engine))).toEqual(
          l === 'zh' ? [] : [{ kind: 'originalPage', observation: section.number, page: current, lang: l }],
        );
        const buttons = all.filter((b) => b.custom_id.startsWith('obs:'));
        expect(buttons.length).toBe(pages.length > 1 ? 2 : 0);
        for (const b of buttons.filter((b) => !b.disabled)) {
          const action = parseButton(b.custom_id, engine);
          expect(action, b.custom_id).toMatchObject({ kind: 'page', observation: section.number, lang: l });
          expect(Math.abs((action as { page: number }).page - current)).toBe(1);
        }
      }),
      runs(150),
    );
  });

  it('observationPayload for the real observations fits for any page', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), anyPage, lang, (n, page, l) => {
        tick('observationPayload (real sections)');
        const payload = observationPayload(engine.observation(n)!, page, engine.talk, l);
        expectFits(payload, `observation ${n} page ${page}`);
        expect(payload.embeds[0]!.description!.length).toBeGreaterThan(0);
      }),
      runs(500),
    );
  });
});

describe('fuzz: timeline', () => {
  it('timelinePayload fits for any day from 1970 to 3000', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('3000-12-31T23:59:59.999Z'), noInvalidDate: true }), lang, fc.boolean(), (today, l, chart) => {
        tick('timelinePayload');
        const timeline = buildTimeline(engine.talk, today);
        expect(timeline.today).toBe(today.toISOString().slice(0, 10));
        expect(timeline.entries.length).toBe(engine.talk.predictions.length);
        const payload = timelinePayload(timeline, engine.talk, l, chart ? 'agi-timeline.png' : undefined);
        expectFits(payload, `timeline ${today.toISOString()}`);
        expectNoMentions(payload, 'timeline');
      }),
      runs(1000),
    );
  });
});
