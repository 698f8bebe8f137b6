/** How a paragraph is cited, the same way in every front end. */
import type { Section, TalkMeta } from '../talk/types.ts';
import { LABELS, type Lang } from './labels.ts';

/** "观察 6「大模型的未来:自主智能的世界」" / "Observation 6 “The future …”". */
export function sectionLabel(section: Pick<Section, 'number' | 'title' | 'titleEn' | 'kind'>, lang: Lang): string {
  const l = LABELS[lang];
  const title = lang === 'zh' ? section.title : section.titleEn;
  if (section.kind === 'observation') return lang === 'zh' ? `${l.observation} ${section.number}「${title}」` : `${l.observation} ${section.number}: ${title}`;
  if (section.kind === 'conclusion') return lang === 'zh' ? `${l.conclusion}` : l.conclusion;
  return title;
}

/**
 * "张宏江 · 2024 T-EDGE创新大会暨钛媒体财经年会 · 2024-12-07" / "Zhang Hongjiang · 2024 T-EDGE · 2024-12-07":
 * the speaker, the event (its short name in English, its first part in Chinese) and the date — whichever
 * of them the corpus knows.
 */
export function talkLabel(meta: TalkMeta, lang: Lang): string {
  const event = lang === 'zh' ? meta.event?.split(' · ')[0] : (meta.eventShort ?? meta.eventEn ?? meta.event);
  return [lang === 'zh' ? meta.speaker.name : meta.speaker.nameEn, event, meta.date].filter(Boolean).join(' · ');
}
