/**
 * The questions the project wrote for each paragraph (its enrichment), matched one by one: how close the
 * asker's question comes to the nearest of them. BM25 over the questions field weighs each word against
 * all of a paragraph's questions pooled; an asker's everyday wording is often close to one written question
 * as a whole ("他以前当头儿的那个研究院放出了个啥模型" against "智源最近发布了什么模型"), which the pool
 * does not see. A talk without enrichment has none, and nothing changes for it.
 *
 * Wording is compared as sets of features — pairs of adjacent Han characters (hanPairs) and English stems —
 * so that it needs no segmentation to agree: the cosine of two sets, the best over a paragraph's questions.
 */
import { hanPairs } from './char-pairs.ts';

export class WrittenQuestions {
  /** Written question (by number) → its paragraph and how many features it has. */
  private readonly paragraphOf: string[] = [];
  private readonly sizeOf: number[] = [];
  /** Feature → the written questions that have it, each once. */
  private readonly postings = new Map<string, number[]>();
  private readonly paragraphs = new Set<string>();
  /** Shared features per written question while one question is matched (reused: nothing allocated per ask). */
  private shared = new Uint16Array(0);

  /** @param englishTerms English stems of a text, as the index makes them (stop words dropped). */
  constructor(private readonly englishTerms: (text: string) => string[]) {}

  add(id: string, questions: readonly string[]): void {
    for (const q of questions) {
      const features = this.features(q);
      if (features.size === 0) continue;
      const n = this.paragraphOf.length;
      this.paragraphOf.push(id);
      this.sizeOf.push(features.size);
      this.paragraphs.add(id);
      for (const f of features) {
        const list = this.postings.get(f);
        if (list) list.push(n);
        else this.postings.set(f, [n]);
      }
    }
  }

  /** How many paragraphs have written questions. */
  get size(): number {
    return this.paragraphs.size;
  }

  /** A normalised text's features (normalize()): pairs of adjacent Han characters and English stems. */
  features(normalised: string): Set<string> {
    return new Set([...hanPairs(normalised), ...this.englishTerms(normalised)]);
  }

  /**
   * Paragraph id → 0–1, the cosine between the question's features and those of the paragraph's nearest
   * written question; paragraphs none of whose questions shares a feature are left out.
   */
  nearest(question: ReadonlySet<string>): Map<string, number> {
    const best = new Map<string, number>();
    if (question.size === 0) return best;
    // Sized once, at the first ask after the questions were added — not again with every paragraph added.
    if (this.shared.length !== this.paragraphOf.length) this.shared = new Uint16Array(this.paragraphOf.length);
    const touched: number[] = [];
    for (const f of question) {
      for (const n of this.postings.get(f) ?? []) {
        if (this.shared[n] === 0) touched.push(n);
        this.shared[n]!++;
      }
    }
    for (const n of touched) {
      const cosine = this.shared[n]! / Math.sqrt(this.sizeOf[n]! * question.size);
      this.shared[n] = 0;
      const id = this.paragraphOf[n]!;
      if (cosine > (best.get(id) ?? 0)) best.set(id, cosine);
    }
    return best;
  }
}
