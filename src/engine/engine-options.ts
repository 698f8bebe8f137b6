/**
 * The engine's tunables in one typed settings object: what each does, at the type; the defaults, measured
 * on the development sets (README "Quality"), in one block. `npm run eval -- --options '{…}'` tries others.
 */

export interface EngineOptions {
  /** Minimum coverage of the question by the best paragraph to count as answered (0–1) … */
  answerThreshold: number;
  /**
   * … and for a talk with enrichment (questions written for its paragraphs): their wording widens what an
   * off-topic question can meet as well as what a paraphrase can, so more of the question must be found.
   */
  answerThresholdEnriched: number;
  /** At most this many results. */
  maxResults: number;
  /**
   * BM25 field boosts: the paragraph, its section's title, the question it answers or its place in a
   * list (`lead`), and for a list item the sentence introducing the list (`listIntro`); for the first
   * paragraph of observation N, the words that name its place (`place`: 第三点, whole words only).
   */
  boost: { text: number; title: number; lead: number; listIntro: number; place: number; questions: number; english: number; gloss: number };
  /**
   * Weight of each pair of adjacent Han characters of the question ("c:模型") in ranking, against the
   * paragraph's own pairs: wording that shares characters but not words (琢磨 / 思考 do not; 推理时间 /
   * 推理的时间 do) still ranks the paragraph. Not part of coverage.
   */
  charPairWeight: number;
  /**
   * Share of a concept's weight in coverage when only a paragraph's enrichment (the questions the project
   * wrote for it, its translation) has it, not the paragraph itself.
   */
  enrichmentCoverage: number;
  /**
   * Ranking: score × (1 + this × the cosine between the question and the nearest of the questions written
   * for the paragraph (written-questions.ts)) — an asker's wording close to one written question as a whole.
   */
  writtenQuestionWeight: number;
  /**
   * An English word the talk has only in its paragraphs' dictionary glosses (English "hallucination" in
   * 幻觉's "illusion; hallucination"; src/text/glosses.ts) counts in ranking with this share of its weight …
   */
  meaningCredit: number;
  /**
   * … and in coverage with this share. Dictionary senses are broad (感冒 "catch a cold" shares "catch"
   * with much else), so a meaning found ranks paragraphs more than it decides whether the talk answers.
   */
  meaningCoverage: number;
  /** Weight of the shorter words inside the question's words (智能 inside 自主智能), relative to 1. */
  partBoost: number;
  /** Ranking: BM25 × (coverageFloor + coverage) ^ coverageExponent — a paragraph covering more of the question wins. */
  coverageFloor: number;
  coverageExponent: number;
  /** A paragraph that only asks a question yields to the next one, which answers it: score × this. */
  questionParagraphFactor: number;
  /**
   * Credit for a question word the talk lacks, per share of its characters the paragraph has
   * (腾飞 against 起飞, 感情 against 情感): paraphrases keep some coverage, unrelated words almost none.
   */
  unknownWordCredit: number;
  /** The same for a noun the talk lacks, which more often names a topic the talk does not have. */
  unknownNounCredit: number;
  /**
   * Weight of a question word the talk lacks, by kind: Chinese nouns, words jieba does not know, other
   * Chinese words, English words (no part of speech: the glossary and stop words cover the common ones;
   * as much as a Chinese noun, whether the talk has an English translation or only the bilingual
   * dictionary links English to it — measured on unseen talks, weighing them less there let "What is the
   * capital of Australia?" in through 资金). A verb counts half as much as a noun: 安装, 登录, 出生 are
   * what an off-topic question asks, though a paraphrase's verbs (琢磨) cost it some coverage too. Function words — pronouns, adverbs, conjunctions,
   * prepositions, particles, numerals, classifiers (有人, 最早, 是因为) — are phrasing the stop words missed.
   */
  unknownWeight: { noun: number; unknown: number; other: number; english: number; functionWord: number };
  /**
   * An English word the talk lacks weighs less the more common it is: full weight from frequency rank
   * `specific` on (and for words not ranked), `minShare` of it at rank `common` and above, log-linear
   * between. "new", "keep", "around" are phrasing; "ticket", "pricing" name what is asked.
   */
  englishCommonness: { common: number; specific: number; minShare: number };

  /**
   * Share of its weight a name (person, place, organisation) keeps in coverage: "张宏江是哪年出生的" names
   * the speaker, but what it asks — a birth year — is what the answer must contain.
   */
  nameWeight: number;
}

export const DEFAULT_OPTIONS: EngineOptions = {
  answerThreshold: 0.2,
  answerThresholdEnriched: 0.33,
  maxResults: 5,
  boost: { text: 1, title: 0.5, lead: 1.2, listIntro: 0.2, place: 1.2, questions: 0.8, english: 0.8, gloss: 0.3 },
  charPairWeight: 0.1,
  enrichmentCoverage: 1,
  writtenQuestionWeight: 6,
  meaningCredit: 0.7,
  meaningCoverage: 0.3,
  partBoost: 0.3,
  coverageFloor: 0.25,
  coverageExponent: 2,
  questionParagraphFactor: 0.6,
  unknownWordCredit: 0.5,
  unknownNounCredit: 0,
  unknownWeight: { noun: 2, unknown: 0.8, other: 1, english: 2, functionWord: 0.1 },
  englishCommonness: { common: 300, specific: 5000, minShare: 0.15 },
  nameWeight: 0.5,
};
