/** Discord payloads of the talk card (/about) and of an answer about the talk itself (/ask). */
import { escapeMarkdown } from './markdown.ts';
import type { Answer } from '../engine/answer.ts';
import { talkCard } from '../engine/talk-facts.ts';
import { talkLabel } from '../render/citation.ts';
import { inScript, LABELS, type Lang } from '../render/labels.ts';
import { cardLines, cardSource, rowText } from '../render/talk-card.ts';
import type { Talk } from '../talk/types.ts';
import { truncate, truncateChars } from '../text/strings.ts';
import { LIMITS } from './limits.ts';
import type { Payload } from './payloads.ts';
import { escapeUserText } from './safety.ts';

const COLOR = 0x8b5cf6;
/** Characters of a paragraph shown as where the text states a fact. */
const EXCERPT = 200;

/** /about: the talk card, in the reader's language (Traditional characters for zh-tw). */
export function aboutPayload(talk: Talk, lang: Lang): Payload {
  const rows = talkCard(talk);
  const title = rows.find((r) => r.field === 'title');
  const lines = cardLines(rows.filter((r) => r.field !== 'title'), lang, escapeMarkdown);
  return {
    embeds: [{
      title: truncate(title ? rowText(title, lang) : inScript(talk.meta.title, lang), LIMITS.embedTitle),
      // The title links to the source when the corpus has its address (an http(s) URL only).
      ...(talk.meta.sourceUrl && /^https?:\/\/\S+$/.test(talk.meta.sourceUrl) ? { url: talk.meta.sourceUrl } : {}),
      description: truncate(lines.join('\n'), LIMITS.embedDescription),
      color: COLOR,
      fields: [],
      footer: { text: truncate(`${cardSource(rows, lang)} · ${talkLabel(talk.meta, lang)}`, LIMITS.footerText) },
    }],
    components: [],
  };
}

/** /ask answered from the card: the facts asked for, their source, and the paragraphs that state them (in Traditional for zh-tw). */
export function factAnswerPayload(answer: Answer, talk: Talk, lang: Lang): Payload {
  const rows = answer.fact?.rows ?? [];
  const citation = `— ${escapeMarkdown(cardSource(rows, lang))}`;
  const description = truncate(cardLines(rows, lang, escapeMarkdown).join('\n'), LIMITS.embedDescription - citation.length - 2) + `\n\n${citation}`;
  const fields = answer.results.slice(0, 2).map((r) => ({
    name: truncate(`${LABELS[lang].statedIn} · ${r.id}`, LIMITS.fieldName),
    value: truncate(escapeMarkdown(truncateChars(inScript(r.text, lang), EXCERPT)), LIMITS.fieldValue),
  }));
  return {
    embeds: [{ title: truncate(escapeUserText(answer.query), LIMITS.embedTitle), description, color: COLOR, fields, footer: { text: truncate(talkLabel(talk.meta, lang), LIMITS.footerText) } }],
    components: [],
  };
}
