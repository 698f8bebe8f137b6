/**
 * The bilingual glossary (corpus/glossary.tsv): a question's word → the words the talk uses for it.
 * English "robots" finds the entry for "robot"; a Chinese synonym (瓶颈) finds the talk's word (放缓).
 */
import { readFileSync } from 'node:fs';
import { CorpusError } from '../talk/load-corpus.ts';
import { singularForms } from '../text/english.ts';
import { normalize } from '../text/normalize.ts';

export class Glossary {
  private constructor(private readonly entries: ReadonlyMap<string, readonly string[]>) {}

  static load(file: string): Glossary {
    const entries = new Map<string, string[]>();
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const [term, targets, extra] = line.split('\t');
        const list = (targets ?? '').split('|').map((t) => normalize(t.trim())).filter(Boolean);
        if (!term || list.length === 0 || extra !== undefined) {
          throw new CorpusError(file, i + 1, 'expected "<term><TAB><talk term>|<talk term>…"');
        }
        const key = normalize(term.trim());
        entries.set(key, [...new Set([...(entries.get(key) ?? []), ...list])]);
      });
    return new Glossary(entries);
  }

  /** The talk's words for a normalised question word, or undefined when the glossary has no entry. */
  lookup(word: string): readonly string[] | undefined {
    for (const form of singularForms(word)) {
      const hit = this.entries.get(form);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Multi-word English terms on either side, which the segmenter keeps whole. */
  englishPhrases(): string[] {
    const all = [...this.entries.keys(), ...[...this.entries.values()].flat()];
    return [...new Set(all.filter((t) => /^[a-z0-9][a-z0-9 .+#-]* [a-z0-9.+#-]+$/.test(t)))];
  }
}
