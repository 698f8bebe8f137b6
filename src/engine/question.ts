/**
 * What a question asks for, as concepts: each concept is one thing the answer should contain, with the
 * talk's words that express it (the word itself, glossary equivalents, or its parts).
 */
import type { Segmenter, TaggedWord } from '../text/segmenter.ts';
import type { Glossary } from './glossary.ts';
import { englishStem, EnglishTranslator } from '../text/english.ts';

export interface Concept {
  /** The question's word, normalised. */
  word: string;
  /** Talk terms that express it; empty when the talk has none (an off-topic word). */
  terms: string[];
  /** jieba's part of speech ("eng" for English): an unknown noun is off-topic, an unknown verb may be phrasing. */
  tag: string;
}

export interface AnalysedQuestion {
  concepts: Concept[];
  /** Asks "when": answers that state a time are preferred, and only they answer it. */
  asksWhen: boolean;
  /** Asks "how many / how much": only an answer that states a quantity answers it. */
  asksQuantity: boolean;
  /** Asks a price: only an answer that states an amount of money answers it (the talk states none). */
  asksPrice: boolean;
  /**
   * Asks how to do something practical — install, sign up, log in, buy: only a paragraph that describes
   * doing it answers (the talk describes none).
   */
  asksHowTo: boolean;
  /** Years the question names (2025): an answer must name them too, or it is about another year. */
  years: string[];
}

/**
 * "When", in the three ways questions arrive. Checked on the normalised (Simplified, lower-case) question.
 * English "when" asks only at the start or before a verb ("when will"), not as in "what happens when".
 */
const ASKS_WHEN = /什么时候|何时|哪一?年|多久|多长时间|几年|^when\b|\bwhen (?:will|would|did|does|do|is|was|are|can|could|should|might)\b|\bwhat year\b|\bhow (?:long|soon)\b/;
/** "How many / how much", in the three ways questions arrive (normalised); not "差多少" (how far behind). */
const ASKS_QUANTITY = /(?<![差强快高好慢远])多少|几(?:个|种|点|张|台|位|次|倍|岁)|多大|多高|多重|多远|\bhow (?:many|much|big|large|tall|old)\b/;

/** A price, in the three ways questions arrive (normalised). */
const ASKS_PRICE = /多少钱|价格|价钱|售价|票价|\bprice|\bpricing\b|\bhow much (?:is|are|does|do|did|will|would)\b.*\bcost/;
/**
 * The practical actions a "how do I …" question asks about, in Chinese and English. Not 用, 做, 理解 or
 * "use": "大模型怎么重写软件", "传统机器人是怎么设计的" ask how something is, and the talk answers those.
 */
export const PRACTICAL_ACTION = '(?:申请|安装|下载|注册|登录|登入|购买|买到|报名|订票|预约|充值|开通|重置|退款)';
const PRACTICAL_ACTION_EN = '(?:install|download|sign up|register|log ?in|apply|buy|purchase|subscribe|reset|refund|book|get (?:access|an? api key))';
/** "How do I …" around a practical action, in the three ways questions arrive (normalised). */
const ASKS_HOW_TO = new RegExp(
  [
    `(?:怎么|怎样|如何|咋)(?:才能|才可以|可以|能)?[^,.?!;:。]{0,8}?${PRACTICAL_ACTION}`,
    `${PRACTICAL_ACTION}[^,.?!;:。]{0,6}怎么办`,
    String.raw`\bhow (?:do|can|should|could) (?:i|we|you|one) ${PRACTICAL_ACTION_EN}\b`,
    String.raw`\bhow to ${PRACTICAL_ACTION_EN}\b`,
  ].join('|'),
);
const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;

export function analyseQuestion(
  question: string,
  segmenter: Segmenter,
  glossary: Glossary,
  vocabulary: { has(term: string): boolean },
  normalised: string,
  translator: EnglishTranslator = EnglishTranslator.of(new Map()),
): AnalysedQuestion {
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const words = splitHyphenated(segmenter.taggedWords(question), glossary, vocabulary);
  for (let i = 0; i < words.length; i++) {
    const { word, tag } = words[i]!;
    if (seen.has(word)) continue;
    seen.add(word);
    // Two English words the talk says as one Chinese word, composed from their translations (large model → 大模型).
    const next = words[i + 1];
    const composed = tag === 'eng' && next?.tag === 'eng' ? compose(word, next.word, translator, vocabulary) : [];
    if (composed.length > 0) {
      addConcept(concepts, { word: `${word} ${next!.word}`, terms: composed, tag: 'n' });
      seen.add(next!.word);
      i++;
      continue;
    }
    for (const concept of conceptsOf(word, tag, segmenter, glossary, vocabulary, translator)) addConcept(concepts, concept);
  }
  return {
    concepts,
    asksWhen: ASKS_WHEN.test(normalised),
    asksQuantity: ASKS_QUANTITY.test(normalised),
    asksPrice: ASKS_PRICE.test(normalised),
    asksHowTo: ASKS_HOW_TO.test(normalised),
    years: [...new Set(normalised.match(YEAR) ?? [])],
  };
}

/** Translations tried per word when composing two English words into one Chinese word. */
const COMPOSE_CANDIDATES = 6;

/** The talk's words made of a translation of `first` followed by one of `second` (large + model → 大模型). */
function compose(first: string, second: string, translator: EnglishTranslator, vocabulary: { has(term: string): boolean }): string[] {
  const a = translator.translate(first).slice(0, COMPOSE_CANDIDATES);
  const b = translator.translate(second).slice(0, COMPOSE_CANDIDATES);
  const out: string[] = [];
  for (const x of a) for (const y of b) if (vocabulary.has(x + y)) out.push(x + y);
  return out;
}

/** "large-model", "industry-wide" as separate English words, unless the talk or the glossary has them whole. */
function splitHyphenated(words: TaggedWord[], glossary: Glossary, vocabulary: { has(term: string): boolean }): TaggedWord[] {
  return words.flatMap((w) =>
    w.tag === 'eng' && /^[a-z]+(?:-[a-z]+)+$/.test(w.word) && !vocabulary.has(w.word) && !glossary.lookup(w.word)
      ? w.word.split('-').map((part) => ({ word: part, tag: 'eng' }))
      : [w],
  );
}

/**
 * Adds a concept, or merges it into one the question already names in other words ("輝達H100顯示卡":
 * 英伟达, H100 and 显卡 all reach 英伟达|gpu): one thing asked for counts once in coverage.
 */
function addConcept(concepts: Concept[], concept: Concept): void {
  const same = concept.terms.length > 0 && concepts.find((c) => c.terms.some((t) => concept.terms.includes(t)));
  if (!same) concepts.push(concept);
  else same.terms = [...new Set([...same.terms, ...concept.terms])];
}

function conceptsOf(
  word: string,
  tag: string,
  segmenter: Segmenter,
  glossary: Glossary,
  vocabulary: { has(term: string): boolean },
  translator: EnglishTranslator,
): Concept[] {
  const known = (t: string) => vocabulary.has(t);
  const glossed = glossary.lookup(word) ?? [];
  // An English word also reaches the talk through the bilingual dictionary and, when the talk has an
  // English enrichment, through its stem there.
  const english = tag === 'eng' && /^[a-z][a-z ]*$/.test(word) ? [...translator.translate(word), ...word.split(' ').length === 1 ? [englishStem(word)] : []] : [];
  const equivalents = [...glossed, ...english];
  const terms = [...new Set([word, ...equivalents])].filter(known);
  if (terms.length > 0) return [{ word, terms, tag: tag === 'eng' ? englishTag(terms, segmenter) : tag }];
  // A glossary phrase the talk says in several words (four stages → 四个阶段): each word is needed.
  for (const phrase of equivalents) {
    const words = segmenter.words(phrase).filter(known);
    if (words.length > 1) return words.map((w) => ({ word: w, terms: [w], tag }));
  }
  // A compound the talk never uses whole (智能机器人): its known parts stand for it.
  const parts = segmenter.indexTerms(word).filter((p) => p !== word && known(p));
  if (parts.length > 0) return [...new Set(parts)].map((p) => ({ word: p, terms: [p], tag }));
  return [{ word, terms: [], tag }];
}

/**
 * An English word the glossary translates takes the part of speech of its Chinese equivalent (Musk → 马斯克,
 * a person's name), so English and Chinese questions are weighed alike; "eng" when there is none.
 */
function englishTag(terms: string[], segmenter: Segmenter): string {
  for (const term of terms) {
    const tagged = segmenter.taggedWords(term);
    if (tagged.length === 1 && tagged[0]!.tag !== 'eng') return tagged[0]!.tag;
  }
  return 'eng';
}

/** A person, place or organisation: naming one says who or where, not what the question asks about them. */
export function isNameTag(tag: string): boolean {
  return tag === 'nr' || tag === 'ns' || tag === 'nt';
}
