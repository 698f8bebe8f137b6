/**
 * The Han characters a question shares with a paragraph, as a ranking signal for a talk without
 * enrichment: an asker's own wording often shares characters with the paragraph but not words — 估算 /
 * 估计, 涨价 / 价格上涨, 咖啡店 / 咖啡馆 do; 琢磨 / 思考 do not — and the words it does share are few. The
 * cosine of the two sets of characters, each weighted by its IDF over the talk's paragraphs, so that 的,
 * 是 and, in a talk about models, 模 count for little, and a character few paragraphs have for much. On a
 * talk of a handful of paragraphs those weights are coarse (tests/any-talk.test.ts shows one such case).
 *
 * For a talk with enrichment the nearest written question (written-questions.ts) plays this part.
 */

/** Each Han character of a normalised text, once. */
export function hanCharacters(normalised: string): Set<string> {
  return new Set(normalised.match(/\p{Script=Han}/gu) ?? []);
}

export class HanCharacters {
  /** Paragraph id → its characters. */
  private readonly characters = new Map<string, Set<string>>();
  /** Character → how many paragraphs have it. */
  private readonly frequency = new Map<string, number>();
  /** Character → IDF², and paragraph id → the norm of its characters: made at the first question. */
  private weight: Map<string, number> | undefined;
  private readonly norm = new Map<string, number>();

  /** A paragraph's normalised text (normalize()). */
  add(id: string, normalised: string): void {
    const chars = hanCharacters(normalised);
    this.characters.set(id, chars);
    for (const c of chars) this.frequency.set(c, (this.frequency.get(c) ?? 0) + 1);
    this.weight = undefined;
  }

  /** The characters of a normalised question that some paragraph has, each with its weight (IDF²) … */
  of(normalisedQuestion: string): { chars: string[]; norm: number } {
    const weight = this.weights();
    const chars = [...hanCharacters(normalisedQuestion)].filter((c) => weight.has(c));
    return { chars, norm: Math.sqrt(chars.reduce((sum, c) => sum + weight.get(c)!, 0)) };
  }

  /** … and the cosine between them and a paragraph's characters, 0–1. */
  cosine(question: { chars: readonly string[]; norm: number }, id: string): number {
    const chars = this.characters.get(id);
    const weight = this.weights();
    if (!chars || question.norm === 0) return 0;
    let dot = 0;
    for (const c of question.chars) if (chars.has(c)) dot += weight.get(c)!;
    return dot === 0 ? 0 : dot / (question.norm * this.norm.get(id)!);
  }

  private weights(): Map<string, number> {
    if (this.weight) return this.weight;
    const n = this.characters.size;
    const weight = new Map<string, number>();
    for (const [c, df] of this.frequency) weight.set(c, Math.log(1 + (n - df + 0.5) / (df + 0.5)) ** 2);
    for (const [id, chars] of this.characters) {
      let sum = 0;
      for (const c of chars) sum += weight.get(c)!;
      this.norm.set(id, Math.sqrt(sum));
    }
    this.weight = weight;
    return weight;
  }
}
