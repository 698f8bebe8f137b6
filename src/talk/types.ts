/**
 * The talk as data. Produced by the corpus loader (src/talk/load-corpus.ts) from the files in corpus/,
 * consumed by the answer engine and every front end. Plain, serialisable objects only.
 */

/** Where a section sits in the source page. */
export type SectionKind = 'news' | 'opening' | 'observation' | 'conclusion';

export interface Paragraph {
  /** Stable id, e.g. "obs6-p3"; cited by answers and by predictions. */
  id: string;
  /** Id of the section this paragraph belongs to. */
  sectionId: string;
  /** 1-based position inside its section. */
  index: number;
  /** The paragraph's full text, as in the corpus. */
  text: string;
}

export interface Section {
  /** Stable id: "news", "opening", "obs1" … "obs6", "conclusion". */
  id: string;
  kind: SectionKind;
  /** Observation number 1–6, 7 for the conclusion; absent for news and opening. */
  number?: number;
  /** Title as spoken, e.g. "Scaling Law（规模效应）还有效吗？". */
  title: string;
  /** English title, for English-locale labels. */
  titleEn: string;
  paragraphs: Paragraph[];
}

export interface TalkMeta {
  title: string;
  titleEn: string;
  speaker: { name: string; nameEn: string; role: string; roleEn: string };
  event: string;
  /** ISO date, "2024-12-07". */
  date: string;
  place: string;
  publisher: string;
  author: string;
  editor: string;
  sourceUrl?: string;
}

/** One AGI prediction quoted in the conclusion. */
export interface Prediction {
  person: { zh: string; en: string; role: string; roleEn: string };
  /** Their words as quoted in the talk; a verbatim substring of the cited paragraph. */
  quote: string;
  /** What the quote implies, as calendar years counted from the talk's date. */
  implied: { from: number; to: number; summary: string; summaryEn: string };
  /** Id of the paragraph the quote comes from. */
  paragraphId: string;
}

export interface Talk {
  meta: TalkMeta;
  sections: Section[];
  predictions: Prediction[];
}
