/**
 * The kinds of answer a question can ask for, one row each: what in a question asks for it, what a
 * paragraph must state to answer it, the "not covered" reason when the best paragraph states none, and how
 * much a paragraph that states it is preferred in ranking.
 *
 * No row assumes anything about a particular talk: each is checked on the paragraph the engine would
 * answer with. "张宏江的年薪是多少" finds a paragraph naming the speaker; it states no quantity, so the talk
 * does not answer it — whatever the talk is.
 *
 * Questions are matched after normalize() (Simplified, lower case, NFKC); paragraphs as written.
 */
import type { NotCoveredReason } from './answer.ts';

export interface AnswerType {
  /** What the asker is told when the best paragraph states none. */
  reason: NotCoveredReason;
  /** In a question: it asks for this kind of answer (Chinese and English). */
  asks: RegExp;
  /**
   * In a paragraph: it states this kind of answer — a pattern of its text, or a name the question does not
   * give: ANOTHER_NAME a person, organisation or product ("…的创始人是谁" is not answered by a paragraph that
   * names only the company asked about), ANOTHER_PLACE a place. That depends on the question, so the engine
   * checks it when asked, with the names it found in each paragraph.
   */
  states: RegExp | NameKind;
  /**
   * Only a paragraph that states it answers: otherwise "not covered" with `reason`. A row that did not pay
   * on questions it was not written for ranks only (see README, "Not covered").
   */
  required: boolean;
  /** Ranking: score × this for a paragraph that states it, when the question asks for it (1: none). */
  rankBoost: number;
  /**
   * When the question names what it counts (多少人, 几张图, 多少分钟), a paragraph states the answer only with
   * a number of that (300人, 一张, 十几分钟), not with any number: the pattern for it, or undefined.
   */
  counted?: (normalisedQuestion: string) => RegExp | undefined;
}

/** AnswerType.states of a question that asks who: a name the question does not give … */
export const ANOTHER_NAME = 'another-name';
/** … or where: a place the question does not give. */
export const ANOTHER_PLACE = 'another-place';
export type NameKind = typeof ANOTHER_NAME | typeof ANOTHER_PLACE;

/**
 * The practical actions a "how do I …" question asks about, in Chinese and English. Not 用, 做, 理解 or
 * "use": "大模型怎么重写软件", "传统机器人是怎么设计的" ask how something is, which a talk does answer.
 */
const PRACTICAL_ACTION = '(?:申请|安装|卸载|下载|注册|注销|登录|登入|购买|买到|付款|报名|订票|预约|充值|开通|退订|重置|退款|投简历)';
const PRACTICAL_ACTION_EN = '(?:install|uninstall|download|sign up|register|log ?in|apply|buy|purchase|subscribe|unsubscribe|cancel|reset|refund|book|get (?:access|an? api key))';

/** What follows 几点 when it asks for a time of day (几点开始), not for a number of points (讲了几点). */
const CLOCK_TIME = '(?:钟|开始|结束|开门|关门|开播|发车|出发|起飞|到|见|上班|下班)';

/**
 * What before 几 makes it ask no number: 第几 (which in order), 哪几 (which ones), 没几个 (hardly any), and
 * 几 after a word that makes it "a few" — 只/少数几个城市, 这几个, 前几个, 好几个, 近几年 …
 */
const NOT_ASKING_JI = '[第哪没只数这那好前近头]';
/** … or in a question that asks how or why (那些只做几个城市的公司最后咋样了): it asks that, of a few. */
const HOW_OR_WHY = '(?:咋样|怎么样|怎样|为什么|为啥|如何|怎么)';

/** Units and measure words a count is asked in (多少人, 几张, 多少分钟); not 个, which counts anything. */
const UNIT = '(?:分钟|小时|个月|[人名位家张台块次倍种条项年天周秒岁篇本部款届场座辆颗枚层步章集期页字])';
// 多少 always asks; 几 only at the end of the question (要用几张图?) — "几位大佬都觉得…" means several.
const ASKED_UNIT = new RegExp(`(?<![差强快高好慢远没])多少(${UNIT})|(?<!${NOT_ASKING_JI}|${HOW_OR_WHY}.*)几(?!.*${HOW_OR_WHY})(${UNIT})\\p{Script=Han}{0,3}[?？]?$`, 'u');
const COUNTED = new Map<string, RegExp>();

/** A number of what the question counts ("多少人" → 300人, 上千人, 几百人; "要几张图" → 一张, 单张), when it names a unit. */
export function countedNumber(normalisedQuestion: string): RegExp | undefined {
  const asked = ASKED_UNIT.exec(normalisedQuestion);
  const unit = asked?.[1] ?? asked?.[2];
  if (!unit) return undefined;
  let pattern = COUNTED.get(unit);
  if (!pattern) {
    // People are counted as 人, 名 or 位 alike ("多少位创业者": 60多名), points as 条, 项, 点 or 个 ("几条干货":
    // 6点); a number may be approximate (60多, 十余).
    const counts = /^[人名位]$/.test(unit) ? '(?:个?人|名|位)' : /^[条项]$/.test(unit) ? '[条项点个]' : unit;
    pattern = new RegExp(`(?:\\d|[一二两三四五六七八九十百千万亿几数单双])\\s*[多余来]?\\s*${counts}`);
    COUNTED.set(unit, pattern);
  }
  return pattern;
}

/** Checked in this order; the first required row a question asks for and the paragraph lacks gives the reason. */
export const ANSWER_TYPES: readonly AnswerType[] = [
  {
    reason: 'no-price',
    asks: /多少钱|价格|价钱|售价|票价|收费|\bprice|\bpricing\b|\bhow much (?:is|are|does|do|did|will|would)\b.*\bcost/,
    // An amount of money.
    states: /\d\s*[十百千万亿]*\s*(?:元|块钱|美元|美金|dollars?)|[$¥￥]\s*\d/,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-instructions',
    asks: new RegExp(
      [
        `(?:怎么|怎样|如何|咋)(?:才能|才可以|可以|能)?[^,.?!;:。]{0,12}?${PRACTICAL_ACTION}`,
        `${PRACTICAL_ACTION}[^,.?!;:。]{0,6}怎么办`,
        String.raw`\bhow (?:do|can|should|could) (?:i|we|you|one) ${PRACTICAL_ACTION_EN}\b`,
        String.raw`\bhow to ${PRACTICAL_ACTION_EN}\b`,
      ].join('|'),
    ),
    // Instructions name the action they are for.
    states: new RegExp(PRACTICAL_ACTION),
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-time',
    // English "when" asks only at the start or before a verb ("when will"), not as in "what happens when".
    asks: /什么时候|何时|哪一?年|多久|多长时间|几年|^when\b|\bwhen (?:will|would|did|does|do|is|was|are|can|could|should|might)\b|\bwhat year\b|\bhow (?:long|soon)\b/,
    // A date, a year, a span of years or months ahead, "already here" — not a span just past (过去一年).
    states:
      /\d+月\d+日|\d{4}年|\d+(?:-\d+)?年|(?<!过去|近|这)[一二三四五六七八九十几]+年|\d+\s*(?:个月|周|天|小时)|[一二两三四五六七八九十几半]+(?:个月|周|天|小时)|已经到了|即将到来|很快到来/,
    // Talks state few times, and "when" questions about them are mostly answered by a paragraph that
    // places the matter in time some other way: rejecting cost answers on unseen questions, preferring paid.
    required: false,
    rankBoost: 1.5,
  },
  {
    reason: 'no-time',
    // Which year, specifically: answered only by a paragraph that names one …
    asks: /哪一?年|什么年份|\b(?:what|which) year\b/,
    states: /(?<!\d)(?:19|20)\d{2}(?!\d)|[〇零一二九]{4}年/,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-time',
    // … and which month, by one that names a month.
    asks: /哪个月|几月|\b(?:what|which) month\b/,
    states: /(?<!\d)(?:1[0-2]|[1-9])\s*月|[一二三四五六七八九十]{1,2}月/,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-time',
    // … and which day, by one that names a day (12月7日, 2024-12-07, 周五) — not "会不会哪天", "要是哪天" (some day).
    asks: /(?<!会|说不定|万一|要是|如果|总有)哪一?天|几号|几月几[日号]|(?:周|星期|礼拜)几(?![个年月天])|\b(?:what|which) (?:date|day)\b|\bon what day\b/,
    states: /\d{1,2}\s*月\s*\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]|\d{4}-\d{2}-\d{2}|(?:星期|周|礼拜)[一二三四五六日天]|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-time',
    // … and what time of day, by one that names a clock time ("几点开始", not "讲了几点", which counts points).
    asks: new RegExp(`几点${CLOCK_TIME}|什么时间(?:开始|结束)|\\bwhat time\\b`),
    states: /\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*点(?:钟|半|\s*\d{1,2}\s*分)|[上下]午\s*\d|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)/i,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-quantity',
    // An age is stated in years of age.
    // Not English "age", which is as often an era ("the age of AI").
    asks: /多大年纪|多大岁数|几岁|多少岁|年龄|\bhow old\b/,
    states: /\d+\s*(?:岁|周岁)|[一二两三四五六七八九十]+岁/,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-quantity',
    // Not 差多少 (how far behind), which asks for a comparison.
    // Nor 几 after 第, 哪, 没, 只, 这, 好 … (NOT_ASKING_JI): it asks for no number there.
    asks: new RegExp(
      `(?<![差强快高好慢远没])多少|(?<!${NOT_ASKING_JI}|${HOW_OR_WHY}.*)几(?!.*${HOW_OR_WHY})(?:个|种|点(?!${CLOCK_TIME})|张|台|位|名|次|倍|岁|家|条|项|篇|本|部|款|届|场|辆|堂|节|门|集|期|页)|多大|多高|多重|多远|\\bhow (?:many|much|big|large|tall|old)\\b`,
    ),
    // A number with what it counts (24个月, 5-20年, 几千亿参数, 四个阶段, 6点, 70分, 50B) — not a date (2024年, 12月7日),
    // and not 一个 or 一年, which are mostly "a" and "the past year".
    states:
      /\d+(?:\.\d+)?\s*(?:[个点天亿千万张倍次种分岁人家名位台条项%]|个月)|(?<![A-Za-z-])\d+(?:\.\d+)?\s*(?:[KMBT]|[GT]B)\b|(?<!\d)\d{1,2}\s*年|(?:[二两三四五六七八九十百千万亿几]|一[十百千万亿])[一二两三四五六七八九十百千万亿几]*(?:个|点|年|亿|千|万|张|倍|次|种|阶段)/,
    required: true,
    rankBoost: 1,
    counted: countedNumber,
  },
  {
    reason: 'no-name',
    // Who did something (谁创办的, 创始人是谁, 叫什么名字, who founded / wrote …): a name is the answer. Not
    // 谁更 / 谁比 (which is stronger), nor "who" inside a sentence ("startups who want …"), nor who said
    // or thinks something (谁说, 谁认为, who thinks): every paragraph of the speech is its speaker's.
    asks: /谁(?!更|比|说|认为|觉得|提出|讲|指出)|叫(?:什么|啥)名字|哪位|^who\b(?! (?:said|says|thinks|believes|argued|argues|claims|claimed)\b)|\bwho (?:founded|wrote|created|invented|leads|runs|owns|hosted|organi[sz]ed|started|built|made)\b/,
    states: ANOTHER_NAME,
    required: true,
    rankBoost: 1,
  },
  {
    reason: 'no-place',
    // Where something is or happened (在哪里举办, 哪个城市, 总部在哪, which city, where was it held): a place is
    // the answer. Not "机会在哪里" or "区别在哪": where in the abstract, which a talk does answer.
    asks: /在哪(?:里|儿)?(?:举办|举行|开的|办的|上市|读|住|工作|上学|出生)|哪(?:个|座)(?:城市|国家|省)|总部在哪|\bwhich (?:city|country)\b|\bwhere (?:is|was|are|were|did|does|do)\b.*\b(?:held|located|based|born|live|lives|headquartered)\b/,
    states: ANOTHER_PLACE,
    required: true,
    rankBoost: 1,
  },
];

/** The rows a question asks for. */
export function askedTypes(normalisedQuestion: string): AnswerType[] {
  return ANSWER_TYPES.filter((t) => t.asks.test(normalisedQuestion));
}
