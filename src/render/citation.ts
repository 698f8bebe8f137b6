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

/** "张宏江 · ChatGPT发布24个月后的6点观察 · 2024-12-07" */
export function talkLabel(meta: TalkMeta, lang: Lang): string {
  return lang === 'zh'
    ? `${meta.speaker.name} · ${meta.event.split(' · ')[0]} · ${meta.date}`
    : `${meta.speaker.nameEn} · 2024 T-EDGE · ${meta.date}`;
}
