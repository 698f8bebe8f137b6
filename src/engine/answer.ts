/**
 * The answer model: what the engine returns, and what every front end (terminal, JSON, Discord) renders.
 * Plain data: a front end needs the answer and the talk's metadata, never the engine.
 */
import type { TalkFact } from './talk-facts.ts';
import type { Section, SectionKind } from '../talk/types.ts';
import type { ListItem } from './lists.ts';
import type { Span } from './key-sentence.ts';

export type { ListItem, Span };

export interface Match {
  /** Paragraph id, e.g. "obs6-p3". */
  id: string;
  /** Section title as spoken. */
  section: string;
  /** The section's English title (the corpus's). */
  sectionEn: string;
  sectionId: string;
  sectionKind: SectionKind;
  /** Observation number 1…N, N+1 for the conclusion; absent for the news write-up and the opening. */
  sectionNumber?: number;
  /** The paragraph's full text, as in the corpus. */
  text: string;
  /** Relevance, higher is better; comparable only within one answer. */
  score: number;
  /** Surface forms in `text` that matched the question. */
  terms: string[];
  /**
   * The sentence(s) of `text` that answer the question (the ones holding most of `terms`), to be shown
   * marked; absent when no sentence holds a matched word.
   */
  key?: Span;
  /**
   * The project's English translation of the paragraph (corpus enrichment), absent when the talk has
   * none. Written by the project, never the speaker's words: shown labelled as a translation.
   */
  translation?: string;
  /** When the paragraph introduces a list ("…分为四个阶段:"), the list's items, in order. */
  listItems?: ListItem[];
  /** Ids of the paragraphs before and after, in reading order (null at the ends of the talk). */
  neighbours: { previous: string | null; next: string | null };
}

/**
 * Why the talk does not answer a question: too little of it is in the talk (the usual case), or the talk
 * has the question's topic but not the kind of answer it asks for.
 */
export type NotCoveredReason =
  /** Too little of the question (or none of it) is in any paragraph. */
  | 'not-in-talk'
  /** The best paragraph has the people or organisations named, nothing of what is asked about them. */
  | 'only-names'
  /** Asked "when"; the paragraph states no time. */
  | 'no-time'
  /** Asked "how many / how much"; the paragraph states no quantity. */
  | 'no-quantity'
  /** Asked who; the paragraph names no one but whom the question names. */
  | 'no-name'
  /** Asked where; the paragraph names no place but what the question names. */
  | 'no-place'
  /** Asked a price; the talk states no amount of money. */
  | 'no-price'
  /** Asked how to do something practical (install, sign up, buy); the paragraph gives no instructions. */
  | 'no-instructions'
  /** Asked about a year the paragraph does not name. */
  | 'other-year'
  /** Asked about the talk itself (its date, place …); its front matter does not say. */
  | 'not-stated';

export interface Answer {
  query: string;
  /** False when the talk does not cover the question; results may still hold weak candidates. */
  answered: boolean;
  /** Set when `answered` is false. */
  reason?: NotCoveredReason;
  /** Best first, at most 5. */
  results: Match[];
  /** How much of the question the best paragraph covers, 0–1 (IDF-weighted); what `answered` is decided on. */
  coverage: number;
  /** Set when the question is about the talk itself (who spoke, when, where …): answered from its front matter and outline. */
  fact?: TalkFact;
}

/** What a match says of the section it comes from (both of its titles, its kind and number). */
export function sectionOf(section: Section): Pick<Match, 'section' | 'sectionEn' | 'sectionId' | 'sectionKind' | 'sectionNumber'> {
  return {
    section: section.title,
    sectionEn: section.titleEn,
    sectionId: section.id,
    sectionKind: section.kind,
    ...(section.number !== undefined ? { sectionNumber: section.number } : {}),
  };
}
