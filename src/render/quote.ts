/**
 * A quoted paragraph as a front end shows it: in the reader's script, split around its key sentence so
 * that each front end can mark the key its own way (bold in Discord, colour in a terminal).
 */
import type { Match, Span } from '../engine/answer.ts';
import { translatedKey } from '../engine/key-sentence.ts';
import { withoutItemNumber } from '../engine/lists.ts';
import { byLang, inScript, LABELS, type Lang } from './labels.ts';

export interface QuoteParts {
  before: string;
  /** The key sentence(s); empty when the paragraph has none marked. */
  key: string;
  after: string;
}

/**
 * The paragraph split at its key, each part converted on its own (Traditional for zh-tw) so that the
 * key stays exactly the key sentence whatever the conversion does to lengths.
 */
export function quoteParts(text: string, key: Span | undefined, lang: Lang): QuoteParts {
  if (!key) return { before: inScript(text, lang), key: '', after: '' };
  const part = (from: number, to: number) => inScript(text.slice(from, to), lang);
  return { before: part(0, key.start), key: part(key.start, key.end), after: part(key.end, text.length) };
}

/**
 * The project's translation of a match split at the same key sentences as the original, when its sentences
 * line up with the original's one for one (then the key is marked in English too); unmarked otherwise.
 */
export function translationParts(match: Pick<Match, 'text' | 'key' | 'translation'>): QuoteParts {
  const translation = match.translation ?? '';
  const key = translatedKey(match.text, match.key, translation);
  if (!key) return { before: translation, key: '', after: '' };
  return { before: translation.slice(0, key.start), key: translation.slice(key.start, key.end), after: translation.slice(key.end) };
}

/**
 * What an English reader is shown of a paragraph: the project's translation when there is one (to be
 * labelled as such), else undefined — the caller then quotes the original and says no translation exists.
 */
export function translationOf(match: Pick<Match, 'translation'>, lang: Lang): string | undefined {
  return lang === 'en' ? match.translation : undefined;
}

/** A list's items as lines "1) …", in the reader's language (the project's English for en when written). */
export function listLines(match: Pick<Match, 'listItems'>, lang: Lang): string[] {
  return (match.listItems ?? []).map((item) => `${item.place}) ${withoutItemNumber(byLang(lang, item.text, item.translation ?? item.text))}`);
}

/**
 * The line over English text from the talk: the translation is the project's (and, with `originalBelow`,
 * the original follows), or — when some paragraph has none — that the text is quoted in the original.
 */
export function translationNote(translated: boolean, originalBelow = false): string {
  const l = LABELS.en;
  return translated ? (originalBelow ? `${l.translatedBy} ${l.originalBelow}` : l.translatedBy) : l.noTranslation;
}
