/**
 * What a question asks for, as concepts: each concept is one thing the answer should contain, with the
 * talk's words that express it (the word itself, glossary equivalents, or its parts).
 */
import type { Segmenter, TaggedWord } from '../text/segmenter.ts';
import type { Glossary } from './glossary.ts';
import { englishStem, EnglishTranslator, singularForms } from '../text/english.ts';
import { askedTypes, type AnswerType } from './answer-types.ts';

export interface Concept {
  /** The question's word, normalised. */
  word: string;
  /** Talk terms that express it; empty when the talk has none (an off-topic word). */
  terms: string[];
  /** jieba's part of speech ("eng" for English): an unknown noun is off-topic, an unknown verb may be phrasing. */
  tag: string;
  /**
   * Set when the talk has the word only as what its own words mean (an English word found only in the
   * paragraphs' dictionary glosses, src/text/glosses.ts): weaker evidence, see EngineOptions.meaningCredit.
   */
  byMeaning?: true;
}

/** What analyseQuestion() looks words up in besides the talk's vocabulary. */
export interface QuestionResources {
  segmenter: Segmenter;
  glossary: Glossary;
  translator?: EnglishTranslator;
  /**
   * For a question written in Traditional characters: what a talk word becomes when written the Taiwan way
   * and folded back (建立 → 創建 in mainland terms, 开启 → 打开) → the talk's word.
   */
  scriptVariants?: ReadonlyMap<string, readonly string[]>;
  /**
   * A Chinese word → its Latin abbreviations (人工智能 → ai, 通用人工智能 → agi; lexicon/abbreviations.tsv): a
   * question's word, or the translation of its English ("artificial intelligence"), reaches the talk's "AI".
   * Those the talk does not write fall away like any term it lacks.
   */
  abbreviations?: ReadonlyMap<string, readonly string[]>;
}

export interface AnalysedQuestion {
  concepts: Concept[];
  /** The kinds of answer it asks for (answer-types.ts): a time, a quantity, a price, instructions. */
  asks: AnswerType[];
  /** Years the question names (2025): an answer must name them too, or it is about another year. */
  years: string[];
  /** A number of what it counts, when it names a unit (多少人 → a number of people: AnswerType.counted). */
  counted?: RegExp;
}

const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/g;

export function analyseQuestion(
  question: string,
  resources: QuestionResources,
  vocabulary: { has(term: string): boolean },
  normalised: string,
): AnalysedQuestion {
  const analysed = analyseWords(question, resources, vocabulary, () => false);
  // A question of names and one-character words ("张宏江住在哪里", "张宏江开什么车") asks about those
  // words, not the names: they count, so it does not shrink to "张宏江" and get answered by any mention.
  const concepts = analysed.every((c) => isNameTag(c.tag)) ? analyseWords(question, resources, vocabulary, isSingleContentWord) : analysed;
  const asks = askedTypes(normalised);
  const counted = asks.map((type) => type.counted?.(normalised)).find(Boolean);
  return {
    concepts,
    asks,
    years: [...new Set(normalised.match(YEAR) ?? [])],
    ...(counted ? { counted } : {}),
  };
}

function analyseWords(
  question: string,
  resources: QuestionResources,
  vocabulary: { has(term: string): boolean },
  keepSingle: (w: TaggedWord) => boolean,
): Concept[] {
  const { segmenter, glossary, translator = EnglishTranslator.of(new Map()) } = resources;
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const words = splitHyphenated(segmenter.taggedWords(question, keepSingle), glossary, vocabulary);
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
    for (const concept of conceptsOf(word, tag, resources, vocabulary, translator)) addConcept(concepts, concept);
  }
  return concepts;
}

/** Nouns, verbs, adjectives, and characters jieba only knows as parts of words (zg): 住, 开, 车. */
function isSingleContentWord({ tag }: TaggedWord): boolean {
  return /^(?:n|v|a|zg)$/.test(tag);
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
  resources: QuestionResources,
  vocabulary: { has(term: string): boolean },
  translator: EnglishTranslator,
): Concept[] {
  const { segmenter, glossary, scriptVariants, abbreviations } = resources;
  const known = (t: string) => vocabulary.has(t);
  const glossed = glossary.lookup(word) ?? [];
  // An English word also reaches the talk through the bilingual dictionary and, when the talk has an
  // English enrichment, through its stem there.
  const english = tag === 'eng' && /^[a-z][a-z ]*$/.test(word) ? [...translator.translate(word), ...word.split(' ').length === 1 ? [englishStem(word)] : []] : [];
  const equivalents = [...glossed, ...english, ...(scriptVariants?.get(word) ?? [])];
  if (abbreviations) for (const w of [word, ...equivalents]) equivalents.push(...(abbreviations.get(w) ?? []));
  // An English word is also found as the talk writes it in the singular ("PCs" → PC, "agents" → agent).
  const forms = tag === 'eng' ? singularForms(word) : [word];
  const terms = [...new Set([...forms, ...equivalents])].filter(known);
  if (terms.length > 0) return [{ word, terms, tag: tag === 'eng' ? englishTag(terms, segmenter) : tag }];
  // A glossary phrase the talk says in several words (four stages → 四个阶段): each word is needed.
  for (const phrase of equivalents) {
    const words = segmenter.words(phrase).filter(known);
    if (words.length > 1) return words.map((w) => ({ word: w, terms: [w], tag }));
  }
  // An English phrase kept whole for a translation the talk lacks ("look at", "ask for") is its words.
  if (tag === 'eng' && word.includes(' ')) {
    const words = word.split(' ').filter((w) => !segmenter.stopWords.has(w));
    return words.flatMap((w) => conceptsOf(w, tag, resources, vocabulary, translator));
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
