/**
 * The answer engine: a MiniSearch index over the talk's paragraphs, and the decision whether the talk
 * answers a question at all.
 *
 * Ranking is BM25 (MiniSearch) over each paragraph's fields — its text, section title, lead, the sentence
 * introducing its list, the enrichment's questions and English, its words' glosses — plus pairs of Han
 * characters (char-pairs.ts), then adjusted by how much of the question a paragraph covers and, for a
 * talk with enrichment, by how close the question comes to one written for it (written-questions.ts).
 * Whether to answer is decided on coverage — the IDF-weighted share of the question's concepts the best
 * paragraph contains, because raw BM25 scores do not compare across questions — and on the kind of answer
 * asked for (answer-types.ts). Questions about the talk itself go to talk-facts.ts first; what an engine is
 * built from is resources.ts, its tunables engine-options.ts, what a paragraph's place says
 * paragraph-features.ts.
 */
import MiniSearch from 'minisearch';
import type { Paragraph, Section, Talk } from '../talk/types.ts';
import { loadParts, type LanguageResources, type ResourceChoice } from './resources.ts';
import { normalize, normalizeQuestion } from '../text/normalize.ts';
import type { Segmenter } from '../text/segmenter.ts';
import { sectionOf, type Answer, type Match, type NotCoveredReason } from './answer.ts';
import type { Glossary } from './glossary.ts';
import { answerAboutTalk } from './talk-facts.ts';
import { ANSWER_TYPES, type AnswerType, type NameKind } from './answer-types.ts';
import { analyseQuestion, isNameTag, type AnalysedQuestion, type Concept, type QuestionResources } from './question.ts';
import { CORPUS_DIR, talkDir } from '../paths.ts';
import { englishStems, EnglishTranslator } from '../text/english.ts';
import { Glosses } from '../text/glosses.ts';
import { CharPairIndex } from './char-pairs.ts';
import { WrittenQuestions } from './written-questions.ts';
import { escapeRegExp } from '../text/strings.ts';
import { isQuestionParagraph, listItemIntro, listItemPlace, namesIn, sectionPlace } from './paragraph-features.ts';
import { DEFAULT_OPTIONS, type EngineOptions } from './engine-options.ts';
import { keySentences } from './key-sentence.ts';
import { listItemsAfter } from './lists.ts';

export const DEFAULT_CORPUS_DIR = CORPUS_DIR;

interface IndexedParagraph {
  paragraph: Paragraph;
  section: Section;
  /** All index terms of text, title and lead, for coverage. */
  terms: Set<string>;
  /** Index terms of the enrichment only (its questions, its English), for coverage at a discount. */
  enrichedTerms: Set<string>;
  /** What its words mean (English stems, src/text/glosses.ts) beyond both, for coverage at a larger discount. */
  glossTerms: Set<string>;
  /** Normalised text, title and lead, for character overlap. */
  folded: string;
  isQuestion: boolean;
  /** The kinds of answer it states (answer-types.ts) … */
  states: Set<AnswerType>;
  /** … and the names it gives: of people, organisations, products, and of places (namesIn). */
  names: Record<NameKind, Set<string>>;
  previous: string | null;
  next: string | null;
}

/**
 * The question's terms go to MiniSearch as one query, joined by a character no term holds: one query of
 * many terms allocates less than as many queries of one term (a GC pause on 1 % of asks is what sets p99).
 */
const TERM_SEPARATOR = '\u0001';
/** How many of MiniSearch's best hits are re-ranked by coverage. */
const RERANK_CANDIDATES = 25;
export class AnswerEngine {
  readonly talk: Talk;
  readonly options: EngineOptions;
  private readonly segmenter: Segmenter;
  private readonly glossary: Glossary;
  private readonly resources: QuestionResources;
  private readonly index: MiniSearch;
  private readonly paragraphs = new Map<string, IndexedParagraph>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly parts = new Map<string, string[]>();
  private readonly glosses: Glosses;
  /** Terms the talk has only as what its words mean (glosses), not as words or in its enrichment. */
  private readonly glossOnly = new Set<string>();
  private readonly charPairs = new CharPairIndex();
  private readonly writtenQuestions = new WrittenQuestions((text) => this.englishTerms(text));
  private readonly scriptVariants: ReadonlyMap<string, readonly string[]> | undefined;
  /** answerThreshold or answerThresholdEnriched, by whether the talk has enrichment. */
  private readonly threshold: number;

  constructor(
    talk: Talk,
    segmenter: Segmenter,
    glossary: Glossary,
    options: Partial<EngineOptions> = {},
    language: LanguageResources = {},
  ) {
    this.talk = talk;
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.segmenter = segmenter;
    this.glossary = glossary;
    // Abbreviations the talk does not write fall away with every other term it lacks (question.ts).
    this.resources = {
      segmenter,
      glossary,
      ...(language.translator ? { translator: language.translator } : {}),
      ...(language.abbreviations ? { abbreviations: language.abbreviations } : {}),
    };
    this.glosses = language.glosses ?? Glosses.empty();
    this.scriptVariants = language.scriptVariants;
    const enriched = talk.sections.flatMap((s) => s.paragraphs.map((p) => p.enrichment)).filter((e) => e !== undefined);
    this.threshold = enriched.some((e) => e.questionsZh.length || e.questionsEn.length) ? this.options.answerThresholdEnriched : this.options.answerThreshold;
    this.index = new MiniSearch({
      fields: ['text', 'title', 'lead', 'listIntro', 'place', 'questions', 'english', 'gloss'],
      idField: 'id',
      // The English field holds stems ("en:slow"), which only an English question's words reach; the
      // gloss field what the paragraph's words mean, as English stems, space-separated; the place field
      // whole words (第三点), never cut into their parts.
      tokenize: (text, field) =>
        field === 'english' ? this.englishTerms(text) : field === 'gloss' || field === 'place' ? text.split(' ').filter(Boolean) : this.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (term) => [term], processTerm: (term) => term },
    });
    this.build();
    this.buildTerms = undefined;
  }

  /**
   * Index terms of a text while the index is built, each text segmented once: the enrichment's questions
   * and English serve both coverage and the index, a section's title every paragraph of it.
   */
  private buildTerms: Map<string, string[]> | undefined = new Map();

  private indexTerms(text: string): string[] {
    return this.memo(`t\0${text}`, () => this.segmenter.indexTerms(text));
  }

  private englishTerms(text: string): string[] {
    return this.memo(`e\0${text}`, () => englishStems(text, this.segmenter.stopWords));
  }

  private memo(key: string, compute: () => string[]): string[] {
    let terms = this.buildTerms?.get(key);
    if (!terms) {
      terms = compute();
      this.buildTerms?.set(key, terms);
    }
    return terms;
  }

  /**
   * Loads a talk folder — TALK_DIR or corpus/ by default; only talk.md is required — with the project's
   * language resources (lexicon/) and builds the index. The folder's glossary.tsv, domain-terms.txt,
   * stopwords.txt and enrichment.jsonl add to them when present.
   */
  static fromCorpus(dir: string = talkDir(), options: Partial<EngineOptions> = {}, use: ResourceChoice = {}): AnswerEngine {
    const { talk, segmenter, glossary, language } = loadParts(dir, use);
    return new AnswerEngine(talk, segmenter, glossary, options, language);
  }

  get paragraphCount(): number {
    return this.paragraphs.size;
  }

  paragraph(id: string): { paragraph: Paragraph; section: Section } | undefined {
    const p = this.paragraphs.get(id);
    return p && { paragraph: p.paragraph, section: p.section };
  }

  /** Observation 1…N, or N+1 for the conclusion. */
  observation(number: number): Section | undefined {
    return this.talk.sections.find((s) => s.number === number);
  }

  /** Domain terms the talk uses (自主智能, 具身智能 …), most frequent first: topics to suggest. */
  keyTerms(): string[] {
    return [...this.documentFrequency.entries()]
      .filter(([t]) => this.segmenter.isDomainTerm(t))
      .sort((a, b) => b[1] - a[1])
      .map(([t]) => t);
  }

  /** The talk's words for a text, as the index sees them (for debugging the glossary and dictionary). */
  segment(text: string): { words: string[]; indexTerms: string[] } {
    return { words: this.segmenter.words(text), indexTerms: this.segmenter.indexTerms(text) };
  }

  /**
   * What the engine makes of a question: each concept with the talk terms that express it and its weight
   * in coverage (for `npm run cli -- segment` and for editing the glossary).
   */
  concepts(query: string): Array<Concept & { weight: number }> {
    const question = this.analyse(query, normalizeQuestion(query));
    return question.concepts.map((c) => ({ ...c, weight: round(this.conceptWeight(c)) }));
  }

  ask(query: string): Answer {
    const aboutTalk = answerAboutTalk(this.talk, query);
    if (aboutTalk) return aboutTalk;
    const folded = normalizeQuestion(query);
    const normalised = folded.text;
    const question = this.analyse(query, folded);
    const searchTerms = this.searchTerms(question);
    if (searchTerms.size === 0) return { query, answered: false, reason: 'not-in-talk', results: [], coverage: 0 };
    const pairs = this.options.charPairWeight > 0 ? this.charPairs.pairsOf(normalised) : [];
    const nearWritten = this.writtenQuestions.size > 0 && this.options.writtenQuestionWeight > 0;
    const nearest = nearWritten ? this.writtenQuestions.nearest(this.writtenQuestions.features(normalised)) : undefined;

    const hits = this.index
      .search([...searchTerms.keys()].join(TERM_SEPARATOR), {
        combineWith: 'OR',
        tokenize: (text) => text.split(TERM_SEPARATOR),
        boost: this.options.boost,
        boostTerm: (term) => searchTerms.get(term) ?? 1,
      })
      .map((hit) => {
        // MiniSearch scores the sum over matched terms × their number; the pairs join both.
        const { score, matched } = this.charPairs.score(String(hit.id), pairs, this.options.charPairWeight);
        const terms = hit.queryTerms.length;
        return { hit, score: (hit.score / terms + score) * (terms + matched) };
      })
      .sort((a, b) => b.score - a.score);
    // Coverage re-weights BM25 within the strongest candidates only: far below them it cannot lift a
    // paragraph to the top, and computing it for every weak match is what costs time on a large corpus.
    const weights = question.concepts.map((c) => this.conceptWeight(c));
    const ranked = hits
      .slice(0, RERANK_CANDIDATES)
      .map(({ hit, score: bm25 }) => {
        const p = this.paragraphs.get(String(hit.id))!;
        const coverage = this.coverage(question, weights, p);
        let score = bm25 * (this.options.coverageFloor + coverage) ** this.options.coverageExponent;
        if (p.isQuestion) score *= this.options.questionParagraphFactor;
        if (nearest) score *= 1 + this.options.writtenQuestionWeight * (nearest.get(p.paragraph.id) ?? 0);
        for (const type of question.asks) if (p.states.has(type)) score *= type.rankBoost;
        return { p, score, coverage, hit };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, this.options.maxResults);

    const best = ranked[0];
    const coverage = best?.coverage ?? 0;
    // Below an enriched talk's threshold, a question the talk still touches on (the plain threshold) and
    // whose kind of answer the best paragraph lacks is told which ("no price given"), not just "not covered".
    const reason = !best
      ? 'not-in-talk'
      : coverage >= this.threshold
        ? this.whyNotAnswered(question, best.p)
        : ((coverage >= this.options.answerThreshold && this.missingKind(question, best.p)) || 'not-in-talk');
    return {
      query,
      answered: reason === undefined,
      ...(reason ? { reason } : {}),
      coverage: round(coverage),
      results: ranked.map(({ p, score, hit }) => this.toMatch(p, score, Object.keys(hit.match))),
    };
  }

  /**
   * The question's concepts; one the talk has only as the meaning of its words (an English word found
   * only among the glosses) counts as found by meaning, like a Chinese word the talk lacks.
   */
  private analyse(query: string, normalised: { text: string; traditional: boolean }): AnalysedQuestion {
    // A question in Traditional characters also reaches the talk's words through their Taiwan forms.
    const resources = this.scriptVariants && normalised.traditional ? { ...this.resources, scriptVariants: this.scriptVariants } : this.resources;
    const question = analyseQuestion(query, resources, this.documentFrequency, normalised.text);
    for (const concept of question.concepts) {
      if (concept.terms.length > 0 && concept.terms.every((t) => this.glossOnly.has(t))) concept.byMeaning = true;
    }
    return question;
  }

  /**
   * IDF-weighted share of the question's concepts that a paragraph contains — in full when the paragraph
   * itself has it, at a discount when only its enrichment (the questions written for it) has it.
   */
  private coverage(question: AnalysedQuestion, weights: number[], p: IndexedParagraph): number {
    let total = 0;
    let covered = 0;
    question.concepts.forEach((concept, i) => {
      const weight = weights[i]!;
      total += weight;
      if (concept.terms.length === 0) {
        // A word the talk never uses: a noun names a topic the talk lacks; other words may be phrasing.
        const credit = isNounTag(concept.tag) ? this.options.unknownNounCredit : this.options.unknownWordCredit;
        covered += weight * credit * sharedCharacters(concept.word, p.folded);
      } else {
        const credit = concept.byMeaning ? this.options.meaningCoverage : 1;
        if (concept.terms.some((t) => p.terms.has(t))) covered += weight * credit;
        else if (concept.terms.some((t) => p.enrichedTerms.has(t))) covered += weight * credit * this.options.enrichmentCoverage;
        else if (concept.terms.some((t) => p.glossTerms.has(t))) covered += weight * this.options.meaningCoverage;
      }
    });
    return total === 0 ? 0 : covered / total;
  }

  /**
   * Why a paragraph that covers the question still does not answer it, or undefined when it does: it must
   * say more than the names the question gives, state what kind of answer the question asks for (a time,
   * a quantity, a price, instructions: answer-types.ts), and name the years the question names. A paragraph
   * on the right topic without them is no answer.
   */
  private whyNotAnswered(question: AnalysedQuestion, p: IndexedParagraph): NotCoveredReason | undefined {
    if (this.matchesOnlyNames(question, p.terms, p.enrichedTerms)) return 'only-names';
    const missing = this.missingKind(question, p);
    if (missing) return missing;
    if (!question.years.every((year) => p.paragraph.text.includes(year))) return 'other-year';
    return undefined;
  }

  /** The reason of the first required kind of answer the question asks for and the paragraph does not state. */
  private missingKind(question: AnalysedQuestion, p: IndexedParagraph): NotCoveredReason | undefined {
    return question.asks.find((type) => type.required && !this.states(type, question, p))?.reason;
  }

  /** Whether a paragraph states the kind of answer: by its text, or a name the question does not give. */
  private states(type: AnswerType, question: AnalysedQuestion, p: IndexedParagraph): boolean {
    if (type.counted && question.counted) return question.counted.test(p.paragraph.text);
    if (type.states instanceof RegExp) return p.states.has(type);
    const given = new Set(question.concepts.flatMap((c) => [c.word, ...c.terms]));
    for (const name of p.names[type.states]) if (!given.has(name)) return true;
    return false;
  }

  /**
   * True when the paragraph has the people, places or organisations the question names but nothing else
   * it asks: "张宏江是哪一年出生的" finds the speaker, not a birth year. A question of names alone ("Who is
   * Demis Hassabis?") is answered by where they are named.
   */
  private matchesOnlyNames(question: AnalysedQuestion, terms: Set<string>, enriched: Set<string>): boolean {
    const has = (c: Concept) => c.terms.some((t) => terms.has(t) || enriched.has(t));
    const others = question.concepts.filter((c) => !isNameTag(c.tag));
    return others.length > 0 && others.length < question.concepts.length && !others.some(has);
  }

  /**
   * A concept weighs as much as its commonest talk term (BM25's IDF): "AI" is everywhere in the talk, so a
   * question about AI asks little even though its other wording, 人工智能, is rarer. One the talk lacks
   * weighs as much as a word found in a single paragraph, scaled by its kind (see
   * EngineOptions.unknownWeight): a question's unknown word may be off-topic or merely phrased differently.
   */
  private conceptWeight(concept: Concept): number {
    const n = this.paragraphs.size;
    // A word the talk lacks weighs as one, even when its meaning is found: the meaning is weaker evidence.
    const lacking = concept.terms.length === 0 || concept.byMeaning;
    const df = lacking ? 1 : Math.max(...concept.terms.map((t) => this.documentFrequency.get(t) ?? 1));
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    if (lacking) {
      const weight = idf * unknownWordWeight(concept.tag, this.options);
      return concept.tag === 'eng'
        ? weight * specificity(this.segmenter.englishRank(concept.word), this.options.englishCommonness)
        : weight;
    }
    return isNameTag(concept.tag) ? idf * this.options.nameWeight : idf;
  }

  /** Every talk term of the question with its weight: whole words 1, the words inside them less. */
  private searchTerms(question: AnalysedQuestion): Map<string, number> {
    const terms = new Map<string, number>();
    for (const concept of question.concepts) {
      // Alternatives of one concept (ai, 人工智能) share its weight, so a paragraph holding both is not
      // ranked as if it matched two things the question asked.
      const share = (concept.byMeaning ? this.options.meaningCredit : 1) / concept.terms.length;
      for (const term of concept.terms) {
        terms.set(term, Math.max(terms.get(term) ?? 0, share));
        for (const part of this.partsOf(term)) {
          if (part !== term && this.documentFrequency.has(part) && !terms.has(part)) terms.set(part, this.options.partBoost);
        }
      }
    }
    return terms;
  }

  /** The shorter index terms inside a talk term (自主智能 → 自主, 智能), cached: the vocabulary is finite. */
  private partsOf(term: string): string[] {
    let parts = this.parts.get(term);
    if (!parts) {
      parts = this.segmenter.indexTerms(term).filter((p) => p !== term);
      this.parts.set(term, parts);
    }
    return parts;
  }

  private toMatch(p: IndexedParagraph, score: number, matched: string[]): Match {
    const { paragraph, section } = p;
    const terms = surfaceForms(paragraph.text, matched);
    const key = keySentences(paragraph.text, terms);
    const listItems = listItemsAfter(this.talk, section, paragraph);
    return {
      id: paragraph.id,
      ...sectionOf(section),
      text: paragraph.text,
      score: round(score),
      terms,
      ...(key ? { key } : {}),
      ...(paragraph.enrichment?.en ? { translation: paragraph.enrichment.en } : {}),
      ...(listItems ? { listItems } : {}),
      neighbours: { previous: p.previous, next: p.next },
    };
  }

  private build(): void {
    const order = this.talk.sections.flatMap((section) => section.paragraphs.map((paragraph) => ({ section, paragraph })));
    const documents = order.map(({ section, paragraph }, i) => {
      const before = order[i - 1];
      const asksBefore = before && before.section === section && isQuestionParagraph(before.paragraph.text);
      const lead = [asksBefore ? before.paragraph.text : '', listItemPlace(paragraph)].join('\n').trim();
      const place = sectionPlace(section, paragraph);
      const listIntro = listItemIntro(section, paragraph);
      // The speech's section titles say what their paragraphs are about ("开场", "Scaling Law还有效吗");
      // the write-up's ("新闻稿") only what kind of text it is. Every paragraph of the speech is the
      // speaker's words, so "张宏江说…" finds the speech as readily as the write-up that names him.
      const title = section.kind === 'news' ? '' : `${section.title}\n${this.talk.meta.speaker.name}`;
      const searchable = [paragraph.text, title, lead, listIntro].join('\n');
      const terms = new Set([...this.segmenter.indexTerms(searchable), ...place.split(' ').filter(Boolean)]);
      const e = paragraph.enrichment;
      const questions = e?.questionsZh.join('\n') ?? '';
      const english = e ? [e.en ?? '', ...e.questionsEn].join('\n') : '';
      const enrichedTerms = new Set([...this.indexTerms(questions), ...this.englishTerms(english)].filter((t) => !terms.has(t)));
      // The paragraph's words, once: what they mean (glosses) and which are names.
      const tagged = this.segmenter.taggedWords(paragraph.text);
      const glossTerms = new Set(
        tagged.flatMap((w) => this.glosses.of(w.word)).filter((t) => !terms.has(t) && !enrichedTerms.has(t)),
      );
      for (const t of [...terms, ...enrichedTerms, ...glossTerms]) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      this.paragraphs.set(paragraph.id, {
        paragraph,
        section,
        terms,
        enrichedTerms,
        glossTerms,
        folded: normalize(searchable),
        isQuestion: isQuestionParagraph(paragraph.text),
        states: new Set(ANSWER_TYPES.filter((type) => type.states instanceof RegExp && type.states.test(paragraph.text))),
        names: namesIn(paragraph.text, tagged),
        previous: before?.paragraph.id ?? null,
        next: order[i + 1]?.paragraph.id ?? null,
      });
      this.charPairs.add(paragraph.id, normalize(paragraph.text));
      if (e) this.writtenQuestions.add(paragraph.id, [...e.questionsZh, ...e.questionsEn].map((q) => normalize(q)));
      return { id: paragraph.id, text: paragraph.text, title, lead, listIntro, place, questions, english, gloss: [...glossTerms].join(' ') };
    });
    this.index.addAll(documents);
    const direct = new Set([...this.paragraphs.values()].flatMap((p) => [...p.terms, ...p.enrichedTerms]));
    for (const p of this.paragraphs.values()) for (const t of p.glossTerms) if (!direct.has(t)) this.glossOnly.add(t);
  }
}

/** Where matched terms stand in the paragraph as written (Scaling Law for "scaling law"), longest first. */
export function surfaceForms(text: string, terms: string[]): string[] {
  const found = new Set<string>();
  const folded = text.normalize('NFKC');
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const m = surfacePattern(term).exec(folded);
    if (m && ![...found].some((f) => f.includes(m[0]))) found.add(m[0]);
  }
  return [...found];
}

/** A matched term as it may stand in a text: case-insensitive, its words with or without spaces between. Cached. */
function surfacePattern(term: string): RegExp {
  let pattern = surfacePatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(term.split(' ').map(escapeRegExp).join('\\s*'), 'i');
    if (surfacePatterns.size >= SURFACE_PATTERNS) surfacePatterns.clear();
    surfacePatterns.set(term, pattern);
  }
  return pattern;
}
/** The talk's terms are few; the bound only keeps hostile input from growing the cache. */
const SURFACE_PATTERNS = 10_000;
const surfacePatterns = new Map<string, RegExp>();

/** Chinese nouns; an unknown English word is not counted as one, since the glossary cannot list every word. */
function isNounTag(tag: string): boolean {
  return tag.startsWith('n');
}

/** jieba's tags of words that carry no topic: r pronoun, d adverb, c conjunction, p preposition, u particle, y modal, m numeral, q classifier, e/o interjection, f locality. */
const FUNCTION_WORD_TAG = /^[rdcpuymqeof]/;

function unknownWordWeight(tag: string, options: EngineOptions): number {
  if (isNounTag(tag)) return options.unknownWeight.noun;
  if (tag === 'eng') return options.unknownWeight.english;
  if (FUNCTION_WORD_TAG.test(tag)) return options.unknownWeight.functionWord;
  return tag === 'x' ? options.unknownWeight.unknown : options.unknownWeight.other;
}

/**
 * 0–1: how much a word the talk lacks says about what is asked, by its frequency rank in general language
 * (EngineOptions.englishCommonness): `minShare` up to rank `common`, full weight from
 * rank `specific` on and for words not ranked, log-linear between.
 */
function specificity(rank: number | undefined, { common, specific, minShare }: EngineOptions['englishCommonness']): number {
  if (rank === undefined || rank >= specific) return 1;
  if (rank <= common) return minShare;
  return minShare + ((1 - minShare) * Math.log(rank / common)) / Math.log(specific / common);
}

/** Share of a word's Han characters that occur in a text (0 for words without Han characters). */
export function sharedCharacters(word: string, text: string): number {
  let han = 0;
  let shared = 0;
  for (const c of word) {
    if (!HAN.test(c)) continue;
    han++;
    if (text.includes(c)) shared++;
  }
  return han === 0 ? 0 : shared / han;
}
const HAN = /\p{Script=Han}/u;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
