/**
 * What a talk's Chinese words mean, in English: lexicon/zh-en.tsv (CC-CEDICT's first senses, as Porter
 * stems; built by scripts/build-lexicon.ts), kept for the words a talk uses (src/text/talk-lexicon.ts).
 * A paragraph's glosses are a word-by-word English rendering of it that an English question meets where
 * no translation exists ("hallucination" in 幻觉 "illusion; hallucination"). Stems are written as the
 * English field's terms ("en:hallucin").
 */
export class Glosses {
  private constructor(private readonly stems: ReadonlyMap<string, string>) {}

  /** Word → its stems, space-separated. */
  static of(stems: ReadonlyMap<string, string>): Glosses {
    return new Glosses(stems);
  }

  static empty(): Glosses {
    return new Glosses(new Map());
  }

  /** The word's meaning as English-field terms ("en:ponder"); none for a word CC-CEDICT lacks. */
  of(word: string): string[] {
    const stems = this.stems.get(word);
    return stems ? stems.split(' ').map((s) => `en:${s}`) : [];
  }
}
