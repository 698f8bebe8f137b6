/** The answer model: what the engine returns, and what every front end (terminal, JSON, Discord) renders. */

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

export interface Answer {
  query: string;
  /** False when the talk does not cover the question; results may still hold weak candidates. */
  answered: boolean;
  /** Best first, at most 5. */
  results: Match[];
  /** How much of the question the best paragraph covers, 0–1 (IDF-weighted); what `answered` is decided on. */
  coverage: number;
}
