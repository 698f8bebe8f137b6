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
  /** Data the project wrote about the paragraph (corpus/enrichment.jsonl) — never the speaker's words. */
  enrichment?: ParagraphEnrichment;
}

/**
 * Written by the project per paragraph, from the paragraph alone: searched as fields of their own, shown
 * only labelled as the project's (a translation), never quoted as the speaker's.
 */
export interface ParagraphEnrichment {
  /** The project's English translation of the paragraph. */
  en?: string;
  /** Questions the paragraph answers, in everyday Chinese. */
  questionsZh: string[];
  /** Questions the paragraph answers, in English. */
  questionsEn: string[];
}

export interface Section {
  /** Stable id: "news", "opening", "obs1" … "obsN", "conclusion". */
  id: string;
  kind: SectionKind;
  /** Observation number 1…N; N+1 for the conclusion; absent for news and opening. */
  number?: number;
  /** Title as spoken, e.g. "Scaling Law（规模效应）还有效吗？". */
  title: string;
  /** English title, for English-locale labels. */
  titleEn: string;
  paragraphs: Paragraph[];
}

/**
 * The talk's front matter. Only the title and the speaker are required; anything else may be missing or
 * written as unknown ("(原文未写明)") in the source, and is then absent here.
 */
export interface TalkMeta {
  /** Headline of the page the talk comes from. */
  title: string;
  titleEn: string;
  /** The talk's own title, as the speaker gave it (the headline when not given). */
  talkTitle: string;
  speaker: { name: string; nameEn: string; role?: string; roleEn?: string };
  event?: string;
  eventEn?: string;
  /** The event's short name for citations ("2024 T-EDGE"); the event's name when not given. */
  eventShort?: string;
  /** ISO date, "2024-12-07"; "2023-05" or "2023" when the source gives only the month or year (talk-date.ts). */
  date?: string;
  place?: string;
  placeEn?: string;
  publisher?: string;
  author?: string;
  editor?: string;
  sourceUrl?: string;
}

/** What a talk's predictions are about, for the /timeline title ("AGI 奇点何时到来" / "When will AGI arrive"). */
export interface PredictionTopic {
  zh: string;
  en: string;
}

/** One prediction quoted in the talk (corpus/predictions.json; a talk may have none). */
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
  /** What the predictions are about; absent when the talk quotes none or does not say. */
  predictionTopic?: PredictionTopic;
}
