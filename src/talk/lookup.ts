/** Finding things in a loaded talk by id: what front ends need to render from the talk's data alone. */
import type { Paragraph, Section, Talk } from './types.ts';

/** A paragraph and its section by paragraph id ("obs6-p3"), or undefined. */
export function findParagraph(talk: Talk, id: string): { paragraph: Paragraph; section: Section } | undefined {
  for (const section of talk.sections) {
    const paragraph = section.paragraphs.find((p) => p.id === id);
    if (paragraph) return { paragraph, section };
  }
  return undefined;
}
