/**
 * The questions the project wrote for each paragraph (its enrichment), matched one by one: how close the
 * asker's question comes to the nearest of them. BM25 over the questions field weighs each word against
 * all of a paragraph's questions pooled; an asker's everyday wording is often close to one written question
 * as a whole ("他以前当头儿的那个研究院放出了个啥模型" against "智源最近发布了什么模型"), which the pool
 * does not see. A talk without enrichment has none, and nothing changes for it.
 *
 * Wording is compared as sets of features — pairs of adjacent Han characters (charPairs) and English stems —
 * so that it needs no segmentation to agree: the cosine of two sets, the best over a paragraph's questions.
 */
import { charPairs } from './char-pairs.ts';

export class WrittenQuestions {
  /** Paragraph id → the feature sets of its written questions. */
  private readonly questions = new Map<string, Array<Set<string>>>();

  /** @param englishTerms English stems of a text, as the index makes them (stop words dropped). */
  constructor(private readonly englishTerms: (text: string) => string[]) {}

  add(id: string, questions: readonly string[]): void {
    const sets = questions.map((q) => this.features(q)).filter((s) => s.size > 0);
    if (sets.length > 0) this.questions.set(id, sets);
  }

  get size(): number {
    return this.questions.size;
  }

  /** The question's features, computed once per ask. */
  features(text: string): Set<string> {
    return new Set([...charPairs(text), ...this.englishTerms(text)]);
  }

  /** 0–1: the cosine between the question's features and those of the paragraph's nearest written question. */
  nearest(id: string, question: ReadonlySet<string>): number {
    const sets = this.questions.get(id);
    if (!sets || question.size === 0) return 0;
    let best = 0;
    for (const set of sets) {
      let shared = 0;
      for (const f of question) if (set.has(f)) shared++;
      if (shared === 0) continue;
      const cosine = shared / Math.sqrt(set.size * question.size);
      if (cosine > best) best = cosine;
    }
    return best;
  }
}
