/**
 * The bilingual glossary (corpus/glossary.tsv): a question's word → the words the talk uses for it.
 * English "robots" finds the entry for "robot"; a Chinese synonym (瓶颈) finds the talk's word (放缓).
 */
import { readFileSync } from 'node:fs';
import { CorpusError } from '../talk/load-corpus.ts';
import { singularForms } from '../text/english.ts';
import { normalizeAll } from '../text/normalize.ts';

export class Glossary {
  private constructor(private readonly entries: ReadonlyMap<string, readonly string[]>) {}

  static load(file: string): Glossary {
    const rows: Array<{ line: number; term: string; targets: string[] }> = [];
    const malformed = (line: number) => new CorpusError(file, line, 'expected "<term><TAB><talk term>|<talk term>…"');
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const [term, targets, extra] = line.split('\t');
        const list = (targets ?? '').split('|').map((t) => t.trim()).filter(Boolean);
        if (!term?.trim() || list.length === 0 || extra !== undefined) throw malformed(i + 1);
        rows.push({ line: i + 1, term: term.trim(), targets: list });
      });
    // Normalised in one batch: the glossary has hundreds of words, and normalising one costs ~15 µs.
    const normalised = normalizeAll(rows.flatMap((r) => [r.term, ...r.targets]));
    const entries = new Map<string, string[]>();
    let at = 0;
    for (const row of rows) {
      const key = normalised[at++]!;
      const list = row.targets.map(() => normalised[at++]!).filter(Boolean);
      if (!key || list.length === 0) throw malformed(row.line);
      entries.set(key, [...new Set([...(entries.get(key) ?? []), ...list])]);
    }
    return new Glossary(entries);
  }

  /**
   * This glossary with more entries (normalised term → talk words), added after its own: the talk's
   * front matter names its speaker in English ("Zhou Hongyi" → 周鸿祎) whether or not it has a glossary.
   */
  with(more: ReadonlyArray<readonly [string, readonly string[]]>): Glossary {
    const entries = new Map(this.entries);
    for (const [term, targets] of more) {
      const key = normalizeAll([term])[0]!;
      const list = normalizeAll([...targets]).filter(Boolean);
      if (key && list.length > 0) entries.set(key, [...new Set([...(entries.get(key) ?? []), ...list])]);
    }
    return new Glossary(entries);
  }

  /** A glossary with no entries: a talk folder without glossary.tsv. */
  static empty(): Glossary {
    return new Glossary(new Map());
  }

  /** Every entry: normalised term → the talk words it stands for. */
  entryList(): Array<[string, readonly string[]]> {
    return [...this.entries.entries()];
  }

  /** Every talk word the glossary points at (they belong to the talk's vocabulary). */
  targets(): string[] {
    return [...new Set([...this.entries.values()].flat())];
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
