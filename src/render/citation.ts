/** How a paragraph is cited, the same way in every front end. */
import type { Match } from '../engine/answer.ts';
import type { Section, TalkMeta } from '../talk/types.ts';
import { byLang, inScript, LABELS, type Lang } from './labels.ts';

/** What a citation needs of a section: a Section, or the same facts as an answer's Match carries them. */
export type SectionFacts = Pick<Section, 'number' | 'title' | 'titleEn' | 'kind'>;

/** The section facts an answer's match carries, as a citation takes them. */
export function sectionOfMatch(m: Pick<Match, 'sectionKind' | 'sectionNumber' | 'section' | 'sectionEn'>): SectionFacts {
  return { kind: m.sectionKind, number: m.sectionNumber, title: m.section, titleEn: m.sectionEn };
}

/** "观察 6「大模型的未来:自主智能的世界」" / "Observation 6: The future …" (Traditional for zh-tw). */
export function sectionLabel(section: SectionFacts, lang: Lang): string {
  const l = LABELS[lang];
  const title = byLang(lang, section.title, section.titleEn);
  if (section.kind === 'observation') return lang === 'en' ? `${l.observation} ${section.number}: ${title}` : `${l.observation} ${section.number}「${title}」`;
  if (section.kind === 'conclusion') return l.conclusion;
  return title;
}

/**
 * "张宏江 · 2024 T-EDGE创新大会暨钛媒体财经年会 · 2024-12-07" / "Zhang Hongjiang · 2024 T-EDGE · 2024-12-07":
 * the speaker, the event (its short name in English, its first part in Chinese) and the date — whichever
 * of them the corpus knows.
 */
export function talkLabel(meta: TalkMeta, lang: Lang): string {
  const parts =
    lang === 'en'
      ? [meta.speaker.nameEn, meta.eventShort ?? meta.eventEn ?? meta.event, meta.date]
      : [meta.speaker.name, meta.event?.split(' · ')[0], meta.date];
  return inScript(parts.filter(Boolean).join(' · '), lang);
}
