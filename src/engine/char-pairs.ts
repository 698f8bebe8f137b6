/**
 * Pairs of adjacent Han characters as a weak ranking signal: wording that shares characters but not words
 * (推理时间 / 推理的时间) still ranks a paragraph. Scored here rather than as one more MiniSearch field —
 * a question has a dozen or more pairs, each with long posting lists, and asking MiniSearch for them cost
 * a third of every query. The score is the one MiniSearch would give the field (BM25+, its parameters,
 * unique terms as the field's length), added only to paragraphs the question's words found.
 */
import { normalize } from '../text/normalize.ts';

/** MiniSearch's default BM25+ parameters. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** Pairs of adjacent Han characters within each run of them, marked "c:" (normalised text). */
export function charPairs(text: string): string[] {
  return hanPairs(normalize(text));
}

/** charPairs of a text already normalised (normalize()). */
export function hanPairs(normalised: string): string[] {
  const out: string[] = [];
  for (const run of normalised.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(`c:${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

export class CharPairIndex {
  /** Paragraph id → its pairs with how often each occurs. */
  private readonly counts = new Map<string, Map<string, number>>();
  /** Pair → how many paragraphs have it. */
  private readonly frequency = new Map<string, number>();
  private totalLength = 0;

  /** A paragraph's text, already normalised (normalize()). */
  add(id: string, normalised: string): void {
    const counts = new Map<string, number>();
    for (const pair of hanPairs(normalised)) counts.set(pair, (counts.get(pair) ?? 0) + 1);
    this.counts.set(id, counts);
    this.totalLength += counts.size;
    for (const pair of counts.keys()) this.frequency.set(pair, (this.frequency.get(pair) ?? 0) + 1);
  }

  /** The pairs of a question, already normalised (normalize()), that some paragraph has, each once. */
  pairsOf(normalisedQuestion: string): string[] {
    return [...new Set(hanPairs(normalisedQuestion))].filter((p) => this.frequency.has(p));
  }

  /** BM25+ of the pairs in one paragraph, each × `weight`, and how many of them it has. */
  score(id: string, pairs: readonly string[], weight: number): { score: number; matched: number } {
    const counts = this.counts.get(id);
    if (!counts) return { score: 0, matched: 0 };
    const n = this.counts.size;
    const lengthRatio = counts.size / (this.totalLength / n);
    let score = 0;
    let matched = 0;
    for (const pair of pairs) {
      const tf = counts.get(pair);
      if (!tf) continue;
      const df = this.frequency.get(pair)!;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += weight * idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + BM25.b * lengthRatio)));
      matched++;
    }
    return { score, matched };
  }
}
