/** Small helpers for the English side of questions. */
import { readFileSync } from 'node:fs';
import { stemmer } from 'stemmer';

/**
 * English text as index terms of the enrichment's English field: lower-case words, stop words out, each
 * as its Porter stem marked "en:" ("slowing" → "en:slow"), so word forms meet and no stem collides with a
 * Chinese or Latin term of the talk.
 */
export function englishStems(text: string, stopWords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []) {
    if (!stopWords.has(word) && word.length > 1) out.push(englishStem(word));
  }
  return out;
}

/** One English word's term in the enrichment's English field. */
export function englishStem(word: string): string {
  return `en:${stemmer(word)}`;
}

/**
 * English word or phrase → the talk's Chinese words for it (CC-CEDICT filtered to the talk, see
 * src/text/talk-lexicon.ts), found under the word's plain forms ("robots" as "robot", "slowing" as "slow").
 */
export class EnglishTranslator {
  private constructor(private readonly map: ReadonlyMap<string, readonly string[]>) {}

  static of(map: ReadonlyMap<string, readonly string[]>): EnglishTranslator {
    return new EnglishTranslator(map);
  }

  translate(word: string): readonly string[] {
    for (const form of singularForms(word)) {
      const hit = this.map.get(form);
      if (hit) return hit;
    }
    return [];
  }
}

/**
 * The word itself, then plausible singular or stem forms, likeliest first ("robots" → "robot", "stages" →
 * "stage", "uses" → "use" before "us", "running" → "run"): callers take the first form they know, so a
 * shorter word that merely ends the same way must come after the base form.
 */
export function singularForms(word: string): string[] {
  const forms = [word];
  if (!/^[a-z -]+$/.test(word) || word.length < 3) return forms;
  if (word.length === 3) return word.endsWith('s') ? [word, word.slice(0, -1)] : forms; // pcs → pc
  if (word.endsWith('ies')) forms.push(word.slice(0, -3) + 'y');
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (/(?:s|x|z|ch|sh|o)es$/.test(word)) forms.push(word.slice(0, -2));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3) + 'e', word.slice(0, -3), ...undoubled(word.slice(0, -3)));
  if (word.endsWith('ed')) forms.push(word.slice(0, -1), word.slice(0, -2), ...undoubled(word.slice(0, -2)));
  return forms;
}

/** "runn" → "run", "stopp" → "stop": the consonant an -ing or -ed form doubles. */
function undoubled(stem: string): string[] {
  return /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss|zz|ff)$/.test(stem) ? [stem.slice(0, -1)] : [];
}

/**
 * How common English words are: their rank in corpus/dict/english-frequency.txt (1 = most frequent;
 * built by scripts/build-dictionary.ts). A word not listed is rarer than every listed one.
 */
export class EnglishFrequency {
  private constructor(private readonly ranks: ReadonlyMap<string, number>) {}

  static load(file: string): EnglishFrequency {
    return EnglishFrequency.of(readFileSync(file, 'utf8').split('\n'));
  }

  /** From words listed most frequent first. */
  static of(words: Iterable<string>): EnglishFrequency {
    const ranks = new Map<string, number>();
    for (const word of words) if (word && !ranks.has(word)) ranks.set(word, ranks.size + 1);
    return new EnglishFrequency(ranks);
  }

  /**
   * The word's rank; for a word not listed, its most frequent base form's ("upscaling" as "upscale").
   * Undefined when neither is listed.
   */
  rank(word: string): number | undefined {
    const own = this.ranks.get(word);
    if (own !== undefined) return own;
    let best: number | undefined;
    for (const form of singularForms(word)) {
      const r = this.ranks.get(form);
      if (r !== undefined && (best === undefined || r < best)) best = r;
    }
    return best;
  }
}
