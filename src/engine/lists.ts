/**
 * Lists in a talk: a paragraph that introduces one ("我认为大模型应用可能分为四个阶段:") and the items
 * that follow it, so an answer quoting the introduction also carries what it introduces.
 */
import type { Paragraph, Section, Talk } from '../talk/types.ts';

/** One item of a list: a paragraph, or a section when the list is the talk's own outline. */
export interface ListItem {
  /** 1-based place in the list. */
  place: number;
  /** Paragraph id ("obs3-p4") or section id ("obs1"). */
  id: string;
  /** The item as in the corpus (a paragraph's text, a section's title). */
  text: string;
  /** The project's English for it (enrichment, English title), when there is one; never the speaker's. */
  translation?: string;
}

/** A paragraph announces a list when it ends with a colon or says 以下 / 几点 / 如下. */
const INTRO = /[:：]\s*$|以下|几点|如下/;
const ENDS_WITH_COLON = /[:：]\s*$/;
/** "1)", "2）", "3、", "4." or "一、" at the start of a paragraph: an item's place in its list. */
const ITEM_NUMBER = /^\s*(\d{1,2}|[一二三四五六七八九十])\s*[)）、.．]/;
const CHINESE_DIGITS = '一二三四五六七八九十';

/** The place of a numbered item (1 for "1)" and "一、"), or 0 for a paragraph that is not one. */
export function itemNumber(text: string): number {
  const n = ITEM_NUMBER.exec(text)?.[1];
  if (!n) return 0;
  return /\d/.test(n) ? Number(n) : CHINESE_DIGITS.indexOf(n) + 1;
}

/** An item's text without the number it starts with ("1)第一波…" → "第一波…"), for a list that numbers it. */
export function withoutItemNumber(text: string): string {
  return text.replace(ITEM_NUMBER, '').trimStart();
}

/**
 * The items a paragraph introduces, or undefined when it introduces none: the paragraphs numbered 1, 2, 3 …
 * right after it in its section (at least two), or — for an introduction that closes its section, like
 * the opening's "我这边总结出6点:" — the observations that follow it.
 */
export function listItemsAfter(talk: Talk, section: Section, paragraph: Paragraph): ListItem[] | undefined {
  if (!INTRO.test(paragraph.text)) return undefined;
  const following = section.paragraphs.slice(section.paragraphs.indexOf(paragraph) + 1);
  const items: Paragraph[] = [];
  for (const p of following) {
    if (itemNumber(p.text) !== items.length + 1) break;
    items.push(p);
  }
  if (items.length >= 2) return items.map((p, i) => ({ place: i + 1, id: p.id, text: p.text, ...(p.enrichment?.en ? { translation: p.enrichment.en } : {}) }));
  if (following.length > 0 || !ENDS_WITH_COLON.test(paragraph.text)) return undefined;
  const next = talk.sections.slice(talk.sections.indexOf(section) + 1);
  const observations = next.filter((s) => s.kind === 'observation');
  if (next[0]?.kind !== 'observation' || observations.length < 2) return undefined;
  return observations.map((s, i) => ({ place: i + 1, id: s.id, text: s.title, translation: s.titleEn }));
}
