/**
 * What a paragraph's place and text say beyond its words, found once when the index is built: its place
 * in a numbered list or among the talk's points (so that 第三点 or "the first stage" finds it), the
 * sentence introducing its list, whether it only asks a question, and the names it gives.
 */
import type { Paragraph, Section } from '../talk/types.ts';
import type { TaggedWord } from '../text/segmenter.ts';
import { chineseNumber, englishOrdinal } from '../text/strings.ts';
import { ANOTHER_NAME, ANOTHER_PLACE, type NameKind } from './answer-types.ts';

/** A paragraph that is only a question: short, ends with a question mark. */
const QUESTION_PARAGRAPH = /[?？]\s*$/;
const QUESTION_PARAGRAPH_MAX_CHARS = 60;

/**
 * A numbered list item ("2)第二部分是…") is found by its place, counted the ways a question counts it
 * ("第二", "第二个"), and by the sentence that introduces the list ("…分为四个阶段:"), which says what
 * the items are: the first item answers "大模型应用的第一个阶段是什么".
 */
const LIST_ITEM = /^(\d)[)）]/;
const LIST_INTRO = /[:：]\s*$/;

function listItemNumber(paragraph: Paragraph): number {
  return Number(LIST_ITEM.exec(paragraph.text)?.[1] ?? 0);
}

export function listItemPlace(paragraph: Paragraph): string {
  const number = listItemNumber(paragraph);
  const n = number > 0 ? chineseNumber(number) : '';
  return n ? `第${n} 第${n}个` : '';
}

/**
 * The first paragraph of the conclusion is found by its name (结论, conclusion), that of observation N by
 * the point's place as a question says it (第三点, 第十二条, "third") — whole words, which the talk's
 * lexicon makes of them, so that 第三 alone, as in 第三个阶段 (an item of a list), does not lead here.
 */
export function sectionPlace(section: Section, paragraph: Paragraph): string {
  if (section.paragraphs[0] !== paragraph) return '';
  // The conclusion, by the words a question names it with, whatever its title says.
  if (section.kind === 'conclusion') return '结论 结语 conclusion';
  if (section.kind !== 'observation' || section.number === undefined) return '';
  const n = chineseNumber(section.number);
  return `第${n}点 第${n}条 ${englishOrdinal(section.number)}`.trim();
}

export function listItemIntro(section: Section, paragraph: Paragraph): string {
  if (listItemNumber(paragraph) === 0) return '';
  const before = section.paragraphs.slice(0, section.paragraphs.indexOf(paragraph));
  return before.reverse().find((p) => LIST_INTRO.test(p.text))?.text ?? '';
}

export function isQuestionParagraph(text: string): boolean {
  return text.length <= QUESTION_PARAGRAPH_MAX_CHARS && QUESTION_PARAGRAPH.test(text);
}

/**
 * The names a text gives, by kind: of a person, organisation or product — Han words jieba tags as such or
 * finds as a new word (an unlisted name: 林志佳), Latin words with a capital and a small letter (Sora,
 * OpenAI, Altman), not acronyms (AI), which a question about who rarely asks for — and of places (jieba's
 * place names). Lower case, as terms are.
 */
export function namesIn(text: string, tagged: readonly TaggedWord[]): Record<NameKind, Set<string>> {
  const words = tagged.filter((w) => /\p{Script=Han}{2}/u.test(w.word));
  const latin = text.match(/\b[A-Z][a-zA-Z]*[a-z][a-zA-Z]*\b/g) ?? [];
  return {
    [ANOTHER_NAME]: new Set([...words.filter((w) => /^(?:nr|nt|nz|x)/.test(w.tag)).map((w) => w.word), ...latin.map((w) => w.toLowerCase())]),
    [ANOTHER_PLACE]: new Set(words.filter((w) => w.tag === 'ns').map((w) => w.word)),
  };
}
