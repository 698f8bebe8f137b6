/** The answer model: what the engine returns, and what every front end (terminal, JSON, Discord) renders. */
import type { TalkFact } from './talk-facts.ts';

export interface Match {
  /** Paragraph id, e.g. "obs6-p3". */
  id: string;
  /** Section title as spoken. */
  section: string;
  sectionId: string;
  /** The paragraph's full text, as in the corpus. */
  text: string;
  /** Relevance, higher is better; comparable only within one answer. */
  score: number;
  /** Surface forms in `text` that matched the question, for highlighting. */
  terms: string[];
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
