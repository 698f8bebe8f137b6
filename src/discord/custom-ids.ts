/**
 * Button custom ids: what a button needs to know to answer a click, in at most 100 characters.
 * They come back from Discord's side, so they are parsed as untrusted input: anything malformed or
 * pointing at a paragraph that does not exist is rejected, never thrown on.
 */
import { LANGS, type Lang } from '../render/labels.ts';

export type ButtonAction =
  | { kind: 'context'; paragraphId: string; lang: Lang }
  | { kind: 'more'; paragraphIds: string[]; lang: Lang }
  | { kind: 'page'; observation: number; page: number; lang: Lang }
  | { kind: 'vote'; vote: 1 | -1; askId: string; lang: Lang }
  /** The quoted paragraph as written (Simplified Chinese), for a reader shown a translation or Traditional. */
  | { kind: 'original'; paragraphId: string; lang: Lang }
  /** The same for a page of an observation, as paged in `lang`. */
  | { kind: 'originalPage'; observation: number; page: number; lang: Lang };

const PARAGRAPH_ID = /^[a-z0-9]+-p\d{1,3}$/;

export function encodeButton(action: ButtonAction): string {
  switch (action.kind) {
    case 'context':
      return `ctx:${action.lang}:${action.paragraphId}`;
    case 'more':
      return `more:${action.lang}:${action.paragraphIds.join(',')}`;
    case 'page':
      return `obs:${action.lang}:${action.observation}:${action.page}`;
    case 'vote':
      return `fb:${action.lang}:${action.vote > 0 ? 'up' : 'down'}:${action.askId}`;
    case 'original':
      return `orig:${action.lang}:${action.paragraphId}`;
    case 'originalPage':
      return `origobs:${action.lang}:${action.observation}:${action.page}`;
  }
}

/** The action a custom id stands for, or undefined when it is not one the bot made. */
/** What a button may point at: the engine answers both (a paragraph id, an observation number). */
export interface ButtonTargets {
  paragraph(id: string): unknown;
  observation(number: number): unknown;
}

export function parseButton(customId: unknown, targets: ButtonTargets): ButtonAction | undefined {
  const paragraphExists = (id: string) => targets.paragraph(id) !== undefined;
  if (typeof customId !== 'string' || customId.length > 100) return undefined;
  const [kind, lang, ...rest] = customId.split(':') as [string, Lang, ...string[]];
  if (!LANGS.includes(lang)) return undefined;
  if ((kind === 'ctx' || kind === 'orig') && rest.length === 1) {
    const id = rest[0]!;
    return PARAGRAPH_ID.test(id) && paragraphExists(id) ? { kind: kind === 'ctx' ? 'context' : 'original', paragraphId: id, lang } : undefined;
  }
  if (kind === 'more' && rest.length === 1) {
    const ids = rest[0]!.split(',');
    const valid = ids.length >= 1 && ids.length <= 5 && ids.every((id) => PARAGRAPH_ID.test(id) && paragraphExists(id));
    return valid ? { kind: 'more', paragraphIds: ids, lang } : undefined;
  }
  if (kind === 'fb' && rest.length === 2 && (rest[0] === 'up' || rest[0] === 'down') && /^\d{1,25}$/.test(rest[1]!)) {
    return { kind: 'vote', vote: rest[0] === 'up' ? 1 : -1, askId: rest[1]!, lang };
  }
  if ((kind === 'obs' || kind === 'origobs') && rest.length === 2 && rest.every((r) => /^\d{1,2}$/.test(r))) {
    const [observation, page] = rest.map(Number) as [number, number];
    return targets.observation(observation) !== undefined ? { kind: kind === 'obs' ? 'page' : 'originalPage', observation, page, lang } : undefined;
  }
  return undefined;
}
