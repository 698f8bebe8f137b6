/** The predictions quoted in the talk (none for many talks), ordered by the year they imply and set against a given day. */
import type { Prediction, Talk } from '../talk/types.ts';

/** Whether a predicted year has come: all of it before this year, this year is in it, or not yet. */
export type PredictionStatus = 'arrived' | 'in-window' | 'ahead';

export interface TimelineEntry extends Prediction {
  status: PredictionStatus;
  /** The paragraph the quote stands in, in full. */
  paragraphText: string;
}

export interface Timeline {
  /** The talk's date, ISO, when the corpus knows it. */
  talkDate?: string;
  /** What the predictions are about, when the corpus says (its title in each language). */
  topic?: { zh: string; en: string };
  /** The day the timeline is set against, ISO. */
  today: string;
  entries: TimelineEntry[];
}

export function buildTimeline(talk: Talk, today: Date): Timeline {
  const year = today.getUTCFullYear();
  const paragraphText = (id: string) => talk.sections.flatMap((s) => s.paragraphs).find((p) => p.id === id)?.text ?? '';
  const entries = [...talk.predictions]
    .sort((a, b) => a.implied.from - b.implied.from || a.implied.to - b.implied.to)
    .map((p) => ({ ...p, status: statusOf(p, year), paragraphText: paragraphText(p.paragraphId) }));
  return {
    ...(talk.meta.date ? { talkDate: talk.meta.date } : {}),
    ...(talk.predictionTopic ? { topic: talk.predictionTopic } : {}),
    today: today.toISOString().slice(0, 10), entries,
  };
}

/** Arrived once the whole predicted span lies in past years; in window while the current year is in it. */
function statusOf(p: Prediction, year: number): PredictionStatus {
  if (p.implied.to < year) return 'arrived';
  if (p.implied.from <= year) return 'in-window';
  return 'ahead';
}
