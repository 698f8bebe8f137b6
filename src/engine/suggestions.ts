/**
 * Autocomplete for /ask: questions the talk answers, in the asker's language, matched against what they
 * have typed so far.
 *
 * Every suggestion is built from one thing in the corpus and kept only when asking it is answered by that
 * thing — so a suggestion never leads to "not covered" or to an unrelated paragraph:
 *   - a question about the talk itself (who spoke, the observations): answered from the front matter;
 *   - a section title as a question: answered by a paragraph of that section;
 *   - a question the project wrote for a paragraph (enrichment questionsZh/questionsEn): answered by it;
 *   - a key term of the talk ("什么是自主智能?"): answered by a paragraph that uses the term.
 */
import type { AnswerEngine } from './answer-engine.ts';
import { isNameTag } from './question.ts';
import type { FactKind } from './talk-facts.ts';
import { normalize } from '../text/normalize.ts';

/** The language a suggestion is written in. */
export type SuggestionLang = 'zh' | 'en';

export interface Suggestion {
  text: string;
  lang: SuggestionLang;
  /** What it was built from, and what answers it: a paragraph (its id), or a fact about the talk. */
  from: { paragraphId: string } | { fact: FactKind };
}

/** Discord shows at most 25 choices of at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_LENGTH = 100;
/** Of the questions written for one paragraph, at most this many per language (those the engine answers with it). */
const PER_PARAGRAPH = 2;
/** Key terms offered as "什么是…?", most frequent first. */
const MAX_TERMS = 12;

/** Questions about the talk itself, asked the way people ask them; offered only when the talk answers them. */
const FACT_QUESTIONS: Record<SuggestionLang, [FactKind, string][]> = {
  zh: [['speaker', '演讲者是谁?'], ['observations', '演讲讲了哪几点?'], ['date', '演讲是哪天讲的?'], ['event', '演讲是在什么会议上做的?']],
  en: [['speaker', 'Who is the speaker?'], ['observations', 'What are the observations of the talk?'], ['date', 'When was the talk given?'], ['event', 'At which event was the talk given?']],
};

const cache = new WeakMap<AnswerEngine, Suggestion[]>();

/** Every suggestion the talk supports, in the order offered for an empty input; built once per engine. */
export function allSuggestions(engine: AnswerEngine): Suggestion[] {
  let list = cache.get(engine);
  if (!list) cache.set(engine, (list = build(engine)));
  return list;
}

function build(engine: AnswerEngine): Suggestion[] {
  const answeredBy = (text: string): string | undefined => {
    const answer = engine.ask(text);
    return answer.answered && !answer.fact ? answer.results[0]?.id : undefined;
  };
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  const add = (s: Suggestion) => {
    const key = normalize(s.text);
    if (s.text.length <= MAX_LENGTH && !seen.has(key)) seen.add(key), out.push(s);
  };

  for (const lang of ['zh', 'en'] as const) {
    for (const [kind, text] of FACT_QUESTIONS[lang]) {
      const answer = engine.ask(text);
      if (answer.answered && answer.fact?.kind === kind) add({ text, lang, from: { fact: kind } });
    }
  }
  // One question per section from its title, then the paragraphs' own questions, section by section.
  const sections = engine.talk.sections.filter((s) => s.number);
  for (const section of sections) {
    const asked: [SuggestionLang, string][] =
      section.kind === 'conclusion'
        ? [['zh', '演讲的结语讲了什么?'], ['en', 'How does the talk conclude?']]
        : [
            ['zh', /[?？]$/.test(section.title) ? section.title : `演讲怎么讲「${section.title}」?`],
            ['en', /\?$/.test(section.titleEn) ? section.titleEn : `What does the talk say about “${section.titleEn}”?`],
          ];
    for (const [lang, text] of asked) {
      const id = answeredBy(text);
      if (id && section.paragraphs.some((p) => p.id === id)) add({ text, lang, from: { paragraphId: id } });
    }
  }
  for (const section of engine.talk.sections) {
    for (const p of section.paragraphs) {
      for (const [lang, questions] of [['zh', p.enrichment?.questionsZh ?? []], ['en', p.enrichment?.questionsEn ?? []]] as const) {
        let kept = 0;
        for (const text of questions) {
          if (kept >= PER_PARAGRAPH) break;
          if (answeredBy(text) === p.id) add({ text, lang, from: { paragraphId: p.id } }), kept++;
        }
      }
    }
  }
  // "什么是…?" asks what a thing is: not for a person, place or organisation (什么是张宏江?).
  const isName = (term: string) => engine.concepts(term).some((c) => isNameTag(c.tag));
  for (const term of engine.keyTerms().filter((t) => !isName(t)).slice(0, MAX_TERMS)) {
    // Built from the paragraph that says the term most often: asked, that paragraph must answer it.
    const source = mostOf(engine, term);
    const text = `什么是${term}?`;
    if (source && answeredBy(text) === source) add({ text, lang: 'zh', from: { paragraphId: source } });
  }
  return interleave(out);
}

/** The paragraph in which a term occurs most often (the first of equals). */
function mostOf(engine: AnswerEngine, term: string): string | undefined {
  let best: { id: string; count: number } | undefined;
  for (const p of engine.talk.sections.flatMap((s) => s.paragraphs)) {
    const count = p.text.split(term).length - 1;
    if (count > (best?.count ?? 0)) best = { id: p.id, count };
  }
  return best?.id;
}

/**
 * For the empty input: the talk's facts first, then one question from each section in turn, so the first
 * 25 span the whole talk rather than its first section.
 */
function interleave(list: Suggestion[]): Suggestion[] {
  const facts = list.filter((s) => 'fact' in s.from);
  const bySection = new Map<string, Suggestion[]>();
  for (const s of list) {
    if (!('paragraphId' in s.from)) continue;
    const section = s.from.paragraphId.replace(/-p\d+$/, '');
    bySection.set(section, [...(bySection.get(section) ?? []), s]);
  }
  const out = [...facts];
  const queues = [...bySection.values()];
  while (queues.some((q) => q.length > 0)) for (const q of queues) if (q.length > 0) out.push(q.shift()!);
  return out;
}

/**
 * Suggestions for what has been typed, in the asker's language: for an empty input the first 25; otherwise
 * those that contain what was typed or share its words.
 */
export function suggest(engine: AnswerEngine, typed: string, lang: SuggestionLang): Suggestion[] {
  const all = allSuggestions(engine);
  const text = cutToLength(typed.replace(/\s+/g, ' ').trim(), MAX_LENGTH);
  if (!text) return all.filter((s) => s.lang === lang).slice(0, MAX_CHOICES);
  const folded = normalize(text);
  const words = engine.segment(text).indexTerms;
  const matches = (l: SuggestionLang) =>
    all
      .filter((s) => s.lang === l)
      .map((s, i) => {
        const fs = normalize(s.text);
        return { s, i, score: (fs.includes(folded) ? 10 : 0) + (fs.startsWith(folded) ? 5 : 0) + words.filter((w) => fs.includes(w)).length };
      })
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .map((x) => x.s);
  const han = /\p{Script=Han}/u.test(text);
  // An English reader gets English questions only: typing Chinese, those built from what the Chinese
  // matches. A Chinese reader typing Latin letters ("Scal") gets the Chinese matches, then the English ones.
  const found = lang === 'en' ? (han ? sameSources(matches('zh'), all.filter((x) => x.lang === 'en')) : matches('en')) : han ? matches('zh') : [...matches('zh'), ...matches('en')];
  return found.slice(0, MAX_CHOICES);
}

/** Of `others`, those built from the same paragraph or fact as one of `found`, in the order of `found`. */
function sameSources(found: Suggestion[], others: Suggestion[]): Suggestion[] {
  const key = (s: Suggestion) => ('fact' in s.from ? `fact:${s.from.fact}` : s.from.paragraphId);
  const rank = new Map<string, number>();
  found.forEach((s, i) => rank.has(key(s)) || rank.set(key(s), i));
  return others.filter((s) => rank.has(key(s))).sort((a, b) => rank.get(key(a))! - rank.get(key(b))!);
}

/** The suggestions' texts, for Discord's autocomplete. */
export function suggestQuestions(engine: AnswerEngine, typed: string, lang: SuggestionLang = 'zh'): string[] {
  return suggest(engine, typed, lang).map((s) => s.text);
}

/** At most `max` UTF-16 units (as Discord counts), never ending inside a surrogate pair, lone surrogates dropped. */
function cutToLength(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (/^[\ud800-\udfff]$/.test(ch)) continue; // a lone surrogate is not text
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
