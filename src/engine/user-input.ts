/**
 * Checks what a person typed (a question, an observation number) before it reaches the engine. Shared by
 * the CLI, the console and the Discord commands, so every front end rejects the same input with the same words.
 */
import type { Talk } from '../talk/types.ts';
import { normalize } from '../text/normalize.ts';

/** Discord's /ask option allows 200 characters; the CLI holds questions to the same limit. */
export const MAX_QUESTION_CHARS = 200;

export type QuestionProblem = 'empty' | 'too-long' | 'no-words';

export type CheckedQuestion = { ok: true; question: string } | { ok: false; problem: QuestionProblem; message: string; messageEn: string };

/** Mentions a chat client would turn into pings: @everyone, @here, <@id>, <@!id>, <@&id>, <#id>. */
const MENTION = /@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>/gi;
const HAS_MENTION = new RegExp(MENTION.source, 'i');

export function checkQuestion(raw: string): CheckedQuestion {
  const text = raw.replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
  const visible = normalize(text).trim();
  if (visible === '') {
    return HAS_MENTION.test(raw)
      ? fail('no-words', '问题里只有提及(@…),没有要问的内容。', 'The question holds only mentions (@…), nothing to ask.')
      : fail('empty', '问题是空的:请输入一个关于这场演讲的问题。', 'The question is empty: ask something about the talk.');
  }
  if ([...raw].length > MAX_QUESTION_CHARS) {
    return fail('too-long', `问题太长(${[...raw].length} 字符),最多 ${MAX_QUESTION_CHARS} 字符。`, `The question is too long (${[...raw].length} characters); the limit is ${MAX_QUESTION_CHARS}.`);
  }
  if (!/[\p{L}\p{N}]/u.test(visible)) {
    return fail('no-words', '问题里没有文字或数字,无法检索。', 'The question has no letters or digits to search for.');
  }
  return { ok: true, question: text };
}

function fail(problem: QuestionProblem, message: string, messageEn: string): CheckedQuestion {
  return { ok: false, problem, message, messageEn };
}

export type CheckedObservation = { ok: true; number: number } | { ok: false; message: string; messageEn: string };

/** How many numbered sections a talk has: its observations 1…N, and the conclusion as N+1 when it has one. */
export interface ObservationRange {
  observations: number;
  hasConclusion: boolean;
}

export function observationRange(talk: Talk): ObservationRange {
  return {
    observations: talk.sections.filter((s) => s.kind === 'observation').length,
    hasConclusion: talk.sections.some((s) => s.kind === 'conclusion'),
  };
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "3", "３" (full width, as Chinese input methods type it), "三", "第三", "十七", "第17点" → the number; NaN otherwise. */
export function parseObservationNumber(raw: string): number {
  const text = raw.normalize('NFKC').trim().replace(/^第\s*/, '').replace(/\s*[点點个個条條]?$/, '');
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return NaN;
  if (!m[2]) return m[3] ? NaN : CHINESE_DIGITS[m[1]!]!;
  return (m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]]! : 0);
}

/** Observations 1…N, and N+1 for the conclusion when the talk has one. */
export function checkObservationNumber(raw: string | number, range: ObservationRange): CheckedObservation {
  const text = String(raw).trim();
  const n = parseObservationNumber(text);
  const max = range.observations + (range.hasConclusion ? 1 : 0);
  if (Number.isInteger(n) && n >= 1 && n <= max) return { ok: true, number: n };
  // Echo a short, one-line, printable form of what was given.
  const shown = JSON.stringify([...text].slice(0, 20).join('').replace(/[\p{C}\p{Zl}\p{Zp}]/gu, ' '));
  const conclusionZh = range.hasConclusion ? `或 ${max}(结语)` : '';
  const conclusionEn = range.hasConclusion ? ` or ${max} (the conclusion)` : '';
  return {
    ok: false,
    message: `没有第 ${shown} 点观察:请给 1–${range.observations}(观察)${conclusionZh}。`,
    messageEn: `There is no observation ${shown}: give 1–${range.observations} (observations)${conclusionEn}.`,
  };
}
