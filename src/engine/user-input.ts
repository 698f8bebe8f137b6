/**
 * Checks what a person typed (a question, an observation number) before it reaches the engine. Shared by
 * the CLI, the console and the Discord commands, so every front end rejects the same input with the same words.
 */
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

/** Observations 1–6, and 7 for the conclusion. Accepts only a plain whole number in range. */
export function checkObservationNumber(raw: string | number): CheckedObservation {
  const text = String(raw).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 7) return { ok: true, number: n };
  // Echo a short, one-line, printable form of what was given.
  const shown = JSON.stringify([...text].slice(0, 20).join('').replace(/[\p{C}\p{Zl}\p{Zp}]/gu, ' '));
  return {
    ok: false,
    message: `没有第 ${shown} 点观察:请给 1–6(观察)或 7(结语)。`,
    messageEn: `There is no observation ${shown}: give 1–6 (observations) or 7 (the conclusion).`,
  };
}
