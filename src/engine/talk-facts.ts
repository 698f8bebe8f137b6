/**
 * Questions about the talk itself — who spoke (and their role), when, where, at which event, who wrote the
 * article, where it was first published, what the talk is about, its observations, a summary — answered
 * from the talk's front matter and outline (its section titles), not from a paragraph.
 *
 * One table, FACTS: each kind of fact with the questions that ask for it (whole-question patterns, Chinese
 * and English) and the fields of the talk card that answer it. A pattern matches the whole question, so a
 * question about the talk's content ("张宏江怎么看AGI", "第三点讲了什么") never reads as one about the talk.
 * Nothing here is about one talk: names, the event and the number of observations come from the talk.
 *
 * Pattern placeholders:
 *   {talk}     empty, or a reference to the talk: a talk word (演讲, talk) or the speaker's name, with only
 *              words of the talk's own front matter besides ("张宏江在2024 T-EDGE上的演讲", "this talk")
 *   {about}    empty, or the talk or its event in the front matter's words ("T-EDGE大会"; "2025年的T-EDGE大会" is not)
 *   {speaker}  the speaker's name, Chinese or English (either part of the English one)
 *   {article}  the write-up the talk comes from (这篇文章, 报道 / the article), optional in Chinese
 *   {num}      a number (6, 六, six)
 */
import { sectionOf, type Answer, type Match } from './answer.ts';
import type { Paragraph, Section, Talk } from '../talk/types.ts';
import { parseTalkDate, talkDateEn, talkDateZh } from '../talk/talk-date.ts';
import { normalize } from '../text/normalize.ts';
import { escapeRegExp } from '../text/strings.ts';
import { charPairs } from './char-pairs.ts';

/** One line of the talk card, in both languages. */
export type FactField = 'title' | 'speaker' | 'role' | 'event' | 'date' | 'place' | 'publisher' | 'author' | 'editor' | 'source' | 'observation';

export interface FactRow {
  field: FactField;
  zh: string;
  en: string;
  /** For an observation: its number. */
  number?: number;
  /** Where the line comes from: the front matter, or the outline (the section titles). */
  from: 'front-matter' | 'outline';
}

export type FactKind = 'speaker' | 'date' | 'place' | 'event' | 'author' | 'editor' | 'publisher' | 'topic' | 'observations' | 'summary';

/** The answer to a question about the talk itself: what the card says for it (empty: the talk's source does not say). */
export interface TalkFact {
  kind: FactKind;
  rows: FactRow[];
}

interface FactSpec {
  kind: FactKind;
  /** The card's fields that answer it; when the talk has none of them, the answer is "not stated". */
  fields: FactField[];
  zh: string[];
  en: string[];
}

export const FACTS: readonly FactSpec[] = [
  {
    kind: 'speaker',
    fields: ['speaker', 'role'],
    zh: [
      '{talk}的?(?:演讲者|演讲人|主讲人|主讲嘉宾|演讲嘉宾|讲者|发言人|讲师)(?:是谁|是哪位|叫什么(?:名字)?|是什么人)',
      '(?:这是)?谁(?:做|作|讲|发表|给)的{talk}',
      '谁的(?:演讲|讲座|报告|发言|讲话)',
      '{talk}是谁(?:做|作|讲|发表|给)的',
      '(?:是)?谁在{about}上?(?:做了?|作了?|发表了?)?(?:演讲|发言|讲话|主题演讲)',
      '{speaker}(?:是谁|是什么人|是哪位|是干什么的|是做什么的|是什么身份|什么身份|什么来头|的身份是什么|有什么头衔|的头衔是什么|的职位是什么|是什么职位|的背景是什么|是什么背景|的简介)',
      '(?:演讲者|演讲人|主讲人|讲者)的?(?:身份|头衔|职位|职务|背景)(?:是什么)?',
      '{speaker}(?:现在|目前)?(?:担任|任|有)(?:什么|哪些|何)(?:职务|职位|头衔|身份)',
      '介绍一下(?:演讲者|演讲人|主讲人|讲者|{speaker})',
    ],
    en: [
      "who(?:'s| is| was) the (?:speaker|presenter|keynote speaker|lecturer)(?: (?:of|for|at|in) {about})?(?: and what (?:is|are) (?:his|her|their) (?:titles?|roles?|positions?|jobs?))?",
      'who (?:gave|delivered|made|presented|is giving|was giving|is delivering) {talk}',
      'who (?:spoke|speaks|is speaking|was speaking|is talking)(?: in {talk})?',
      "who(?:'s| is| was) {speaker}(?: and what (?:is|are) (?:his|her|their) (?:titles?|roles?|positions?|jobs?))?",
      "what (?:is|are) (?:the speaker'?s?|{speaker}'?s?|his|her) (?:role|title|position|job|background|affiliation)s?",
      'what does {speaker} do',
      'what (?:positions?|roles?|titles?|jobs?) does {speaker} (?:hold|have)',
      '(?:tell me about|introduce) (?:the speaker|{speaker})',
    ],
  },
  {
    kind: 'date',
    fields: ['date'],
    zh: [
      '{talk}(?:是)?(?:在)?(?:什么时候|何时|哪天|哪一天|几月几号|几月几日|几号|哪年|哪一年|什么日期|什么时间)(?:举办|举行|讲|做|发表|进行|给)?的?',
      '{talk}的?(?:日期|时间)(?:是)?(?:什么时候|什么|哪天|哪一天|几号)?',
      '{speaker}(?:是)?(?:在)?(?:什么时候|何时|哪天|哪一天)(?:做|讲|发表|给)的(?:(?:这场|这次|这个)?(?:演讲|讲话|报告))?',
      '(?:这是)?(?:什么时候|哪年|哪一年|哪天|哪一天)的{talk}',
    ],
    en: [
      'when (?:was|is) {talk}(?: (?:given|delivered|held|presented|made))?',
      'when did {talk} (?:take place|happen)',
      'when was (?:it|this)(?: (?:given|held|delivered))?',
      'when did {speaker} (?:give|deliver|present|make) {talk}',
      '(?:when|(?:on )?what (?:date|day)) did {speaker} (?:speak|talk|give (?:it|this|(?:the|his|her) talk))',
      'what (?:was|is) the date of {talk}',
      '(?:on )?what (?:date|day) (?:was|is) {talk}(?: (?:given|delivered|held))?',
    ],
  },
  {
    kind: 'place',
    fields: ['place'],
    zh: [
      '{about}(?:是)?在(?:哪里|哪儿|哪|什么地方|哪个城市|哪座城市)(?:举办|举行|召开|讲|做|发表|进行|开)?的?',
      '{about}的?(?:地点|举办地|举办地点|地址|举办城市)(?:是|在)?(?:哪里|哪儿|哪|什么|什么地方)?',
      '{speaker}在(?:哪里|哪儿|哪)(?:做|讲|发表)的{talk}',
    ],
    en: [
      'where (?:was|is) {about}(?: (?:given|held|delivered|presented|located))?',
      'where did {about} (?:take place|happen)',
      'where was it(?: (?:given|held|delivered))?',
      'where did {speaker} (?:give|deliver|present) {talk}',
      '(?:in )?(?:which|what) (?:city|place|venue)(?: (?:was|is) {about}(?: (?:given|held))?)?',
    ],
  },
  {
    kind: 'event',
    fields: ['event'],
    zh: [
      '{talk}(?:是)?在(?:什么|哪个|哪场|哪一个|哪一场)(?:会议|大会|会|活动|场合|论坛|峰会)上?(?:做|讲|说|发表)?的?',
      '(?:这是)?(?:什么|哪个|哪场)(?:会议|大会|活动|论坛|峰会)上?的{talk}',
      '{speaker}(?:是)?在(?:什么|哪个|哪场|哪一个|哪一场)(?:会议|大会|会|活动|场合|论坛|峰会)上?(?:做|发表|讲|说)?(?:了|的)?(?:演讲|讲话|报告)?的?',
      '{talk}的?(?:会议|活动|场合)(?:是什么|叫什么)',
      '(?:这次|这场|本次|该)?(?:会议|大会|活动|论坛|峰会)的?(?:名称|名字)(?:是什么|叫什么)?',
      '(?:这次|这场|本次|该)?(?:会议|大会|活动|论坛|峰会)叫(?:什么|啥)(?:名字)?',
      '这是(?:什么|哪个|哪场)(?:会议|大会|活动|论坛|峰会)',
    ],
    en: [
      '(?:at )?(?:which|what) (?:event|conference|forum|summit|occasion)(?: (?:was|is) {talk}(?: (?:given|held|delivered))?(?: at)?)?',
      '(?:at )?(?:which|what) (?:event|conference|forum|summit|occasion) did {speaker} (?:speak|talk|give {talk})(?: at)?',
      'what (?:event|conference) (?:was|is) (?:this|it|{talk})(?: (?:from|at|part of))?',
      'what (?:is|was) the (?:name of the (?:event|conference|forum)|(?:event|conference|forum) called)',
      '(?:which|what) (?:event|conference|forum|summit) (?:was|is) (?:this|it)',
    ],
  },
  {
    kind: 'author',
    fields: ['author'],
    zh: [
      '{article}(?:是)?(?:谁|哪位|哪个记者)(?:写|撰写|报道|执笔|整理)的',
      '{article}的?(?:作者|记者|撰稿人)(?:是谁|是哪位|叫什么(?:名字)?)?',
      '(?:是)?谁(?:写|撰写)的{article}',
    ],
    en: [
      'who (?:wrote|authored|reported) (?:{article}|it|this)',
      'who(?:\'s| is| was) the (?:author|writer|reporter|journalist)(?: of {article})?',
    ],
  },
  {
    kind: 'editor',
    fields: ['editor'],
    zh: ['{article}的?(?:编辑|责编|责任编辑)(?:是谁|是哪位|叫什么(?:名字)?)?', '{article}(?:是)?谁编辑的'],
    en: ['who edited (?:{article}|it|this)', "who(?:'s| is| was) the editor(?: of {article})?"],
  },
  {
    kind: 'publisher',
    fields: ['publisher', 'source'],
    zh: [
      '{article}(?:最早|最初|首先)?(?:首发|发表|发布|刊登|刊发|登|出)(?:在|于)(?:哪里|哪儿|哪|什么地方|哪个(?:网站|媒体|平台))',
      '{article}(?:最早|最初)?(?:是)?(?:哪家|哪个|什么)(?:媒体|网站|平台)(?:首发|发|发表|发布|报道|刊发)的',
      '{article}的?(?:出处|来源|原文|原文链接|链接)(?:是|在)?(?:哪里|什么|哪儿)?',
      '{article}(?:来自|出自)(?:哪里|哪儿|哪|什么地方|哪家媒体)',
      '(?:在)?(?:哪里|哪儿|哪)(?:能|可以)?(?:看到?|读到?|找到)(?:{article}|原文|全文)',
      '(?:原文|全文)(?:在)?(?:哪里|哪儿|哪)(?:能|可以)?(?:看到?|读到?|找到)',
    ],
    en: [
      'where (?:was|is) {article} (?:first |originally )?(?:published|posted|from)',
      'who published {article}',
      'what is the (?:original )?(?:source|link)(?: of {article})?',
      '(?:which|what) (?:outlet|publication|media|website|site) (?:first )?(?:published|ran|posted) (?:it|{article})',
      'where (?:is|does) {article} (?:come )?from',
      'where can i (?:read|find|see|get) (?:the )?(?:original|full (?:text|article)|source)(?: (?:article|text|talk|version))?',
    ],
  },
  {
    kind: 'topic',
    fields: ['title', 'observation'],
    zh: [
      '{talk}的?(?:主题|题目|标题|话题|名字|名称)(?:是|叫)?(?:什么|啥)?',
      '{talk}(?:主要)?(?:讲|说|谈|讲述|谈论|讨论)(?:了|的)?(?:是)?(?:什么|啥|哪些)(?:内容|东西|话题)?',
      '{talk}(?:是)?(?:关于|讲)什么的',
      '{talk}的?(?:主要)?内容(?:是什么)?',
    ],
    en: [
      'what (?:is|was) (?:it|{talk}) about',
      'what (?:is|was) the (?:topic|title|subject|theme|name) of {talk}',
      "what (?:is|was) {talk}'?s? (?:topic|title|subject|theme)",
      'what (?:is|was) the (?:topic|title|subject)',
      'what (?:is|was) {talk} (?:called|titled|named)',
      'what did {speaker} (?:talk|speak) about',
      'what does {talk} (?:cover|discuss|talk about)',
    ],
  },
  {
    kind: 'observations',
    fields: ['observation'],
    zh: [
      '{talk}(?:里|中)?的?(?:这)?{num}?(?:点|个|条)?(?:观察|观点|看法|要点|趋势)(?:分别|具体|都)?(?:是|有)(?:什么|哪些|哪几(?:点|个|条))',
      '{talk}(?:一共|总共|共)?(?:讲|说|提|谈|总结)(?:了|出)?(?:哪|几)几?(?:点|个|条)(?:观察|观点|看法|趋势|内容)?',
      '(?:列出|列举|说说|讲讲)(?:一下)?{talk}的?(?:所有|全部|这)?{num}?(?:点|个|条)?(?:观察|观点|要点)',
      '{talk}(?:有|讲了|提了|提出了)哪些(?:观察|观点|看法|要点)',
      '(?:是)?哪{num}(?:点|个|条)(?:观察|观点)?',
      '(?:{speaker}|{talk})的?(?:主要|核心)(?:观察|观点|看法)(?:是什么|是啥|有哪些|有啥)',
      '(?:{speaker}|{talk})(?:一共|总共|共)?有(?:几|多少)(?:个|点|条)(?:观察|观点|看法)',
    ],
    en: [
      'what are the (?:{num} )?(?:main |key )?(?:observations|points)(?: (?:in|of|from|made in) {talk})?',
      "what are {talk}'?s? (?:{num} )?(?:main |key )?(?:observations|points)",
      '(?:list|name|give me) the (?:{num} )?(?:main |key )?(?:observations|points)(?: (?:in|of|from) {talk})?',
      'how many (?:observations|points) (?:did|does) {speaker} (?:make|give|have|share)',
      'how many (?:observations|points) (?:are there|does {talk} (?:make|have))',
      'how many (?:observations|points) (?:are there )?in {talk}',
    ],
  },
  {
    kind: 'summary',
    fields: ['title', 'speaker', 'role', 'event', 'date', 'place', 'observation'],
    zh: [
      '(?:总结|概括|归纳|概述|介绍)(?:一下)?{talk}的?(?:内容|要点|主要内容|核心观点)?',
      '{talk}的?(?:主要内容|要点|核心观点|摘要|概要|总结|大意|重点)(?:是什么|有哪些)?',
    ],
    en: [
      '(?:summari[sz]e|sum up|recap|give (?:me )?(?:a |an )?(?:summary|overview|tl;?dr) of) {talk}',
      "(?:what(?:'s| is) )?(?:a |the )?(?:summary|overview|gist|tl;?dr)(?: of {talk})?",
      'give (?:me )?(?:a |an )?(?:short |brief )?(?:summary|overview)(?: of {talk})?',
      'what are the (?:main |key )?takeaways(?: (?:of|from) {talk})?',
    ],
  },
];

/* ───────────────────────────── the talk card ───────────────────────────── */

/** Every line the talk's front matter and outline give, in card order; what the source does not say is left out. */
export function talkCard(talk: Talk): FactRow[] {
  const { meta } = talk;
  const row = (field: FactField, zh: string | undefined, en?: string): FactRow[] => (zh ? [{ field, zh, en: en ?? zh, from: 'front-matter' }] : []);
  const date = meta.date ? parseTalkDate(meta.date) : undefined;
  return [
    ...row('title', meta.talkTitle, meta.titleEn),
    ...row('speaker', meta.speaker.name, meta.speaker.nameEn),
    ...row('role', meta.speaker.role, meta.speaker.roleEn),
    ...row('event', meta.event, meta.eventEn),
    ...(date ? row('date', talkDateZh(date), talkDateEn(date)) : row('date', meta.date)),
    ...row('place', meta.place, meta.placeEn),
    ...row('publisher', meta.publisher),
    ...row('author', meta.author),
    ...row('editor', meta.editor),
    ...row('source', meta.sourceUrl),
    ...talk.sections
      .filter((s) => s.kind === 'observation')
      .map((s): FactRow => ({ field: 'observation', zh: s.title, en: s.titleEn, number: s.number!, from: 'outline' })),
  ];
}

/* ───────────────────────────── recognising a question ───────────────────────────── */

/** Said around a question without changing what it asks. */
const POLITE_START = /^(?:请问|请|麻烦问一下|想问一下|问一下|我想知道|能不能告诉我|可以告诉我|告诉我|please|(?:can|could|would) you(?: please)?(?: tell me)?|tell me|do you know|i want to know|i'd like to know)[\s,:]*/;
/** English contractions, spelled out so that one pattern reads both ("what's" → "what is"). */
const CONTRACTIONS: [RegExp, string][] = [[/\b(what|who|where|when|how|that|it)'s\b/g, '$1 is'], [/\b(what|who|where|when|how)'re\b/g, '$1 are']];
const TRAILING = /(?:[\s?!.。,~…]|呢|啊|呀|吧|please)+$/;

const TALK_WORDS = ['主题演讲', '演讲', '文章', '报道', '讲座', '报告', '发言', '讲话', '分享', '演说', '演讲者', '演讲人', '主讲人', '讲者', 'keynote', 'talk', 'speech', 'lecture', 'presentation', 'address', 'the speaker', 'speaker'];
/** Words a reference to the talk or its event may hold besides the front matter's own. */
const REFERENCE_WORDS = [
  ...TALK_WORDS,
  '这场', '这次', '本次', '这个', '这篇', '此次', '那场', '该', '本场', '今天的',
  '会议', '大会', '论坛', '峰会', '活动',
  'conference', 'forum', 'summit', 'event', 'the', 'this', 'that', 'his', 'her', "'s", 'given', 'delivered', 'at', 'in', 'on', 'of', 'by',
  '在', '上', '于', '的',
].sort((a, b) => b.length - a.length);

// In a bot about one talk, "he" / "他" with nothing else named is its speaker ("他是在哪个会上讲的").
const SPEAKER_WORDS = '(?:the speaker|演讲者|演讲人|主讲人|讲者|他|她|he|she)';
const ARTICLE_ZH = '(?:这篇|本篇|该|这个|本)?(?:文章|报道|稿子|新闻稿|新闻|文字稿|稿件)?';
const ARTICLE_EN = '(?:the |this |that )?(?:article|piece|report|story|write-?up|text|news report|post)';
const NUMBER = '(?:\\d+|[一二两三四五六七八九十]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

interface Compiled {
  patterns: { spec: FactSpec; re: RegExp }[];
  /** The front matter's words, folded: what a reference to the talk may consist of. */
  metaText: string;
  speakerNames: string[];
}

const compiled = new WeakMap<Talk, Compiled>();

function compile(talk: Talk): Compiled {
  let c = compiled.get(talk);
  if (c) return c;
  const { meta } = talk;
  const english = meta.speaker.nameEn.split(/\s+/).filter((w) => w.length >= 2);
  const speakerNames = [...new Set([meta.speaker.name, meta.speaker.nameEn, ...english].map((n) => normalize(n).trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  // The speaker by name, or as "the speaker" (演讲者).
  const speaker = `(?:(?:(?:mr\\.?|dr\\.?|prof\\.?|professor) )?(?:${speakerNames.map(escapeRegExp).join('|')})|${SPEAKER_WORDS})`;
  const fill = (source: string, lang: 'zh' | 'en') =>
    source
      .replace('{talk}', '(?<talk>.{0,40}?)')
      .replace('{about}', '(?<about>.{0,40}?)')
      .replaceAll('{speaker}', speaker)
      .replaceAll('{article}', lang === 'zh' ? ARTICLE_ZH : ARTICLE_EN)
      .replaceAll('{num}', NUMBER);
  const patterns = FACTS.flatMap((spec) => (['zh', 'en'] as const).flatMap((lang) => spec[lang].map((p) => ({ spec, re: new RegExp(`^(?:${fill(p, lang)})$`, 'u') }))));
  const metaText = normalize([meta.title, meta.titleEn, meta.talkTitle, meta.event, meta.eventEn, meta.eventShort, meta.speaker.name, meta.speaker.nameEn].filter(Boolean).join(' '));
  c = { patterns, metaText, speakerNames };
  compiled.set(talk, c);
  return c;
}

/** The question as the patterns read it: folded, without polite framing or trailing punctuation. */
function prepare(query: string): string {
  // normalize() drops curly quotes; an apostrophe is part of a word ("what’s").
  let q = normalize(query.replace(/(?<=\p{L})[‘’](?=\p{L})/gu, "'")).replace(/\s+/g, ' ').trim();
  for (const [re, to] of CONTRACTIONS) q = q.replace(re, to);
  q = q.replace(TRAILING, '').replace(POLITE_START, '').replace(TRAILING, '');
  // Spaces next to Chinese characters are not part of what is asked.
  return q.replace(/\s*([\p{Script=Han},:])\s*/gu, '$1');
}

/**
 * Whether a phrase refers to the talk (kind 'talk': it must name the talk or its speaker) or to the talk
 * or its event ('about'), using only reference words and the front matter's own words.
 */
function refersToTalk(phrase: string, kind: 'talk' | 'about', c: Compiled): boolean {
  const text = phrase.trim();
  if (text === '') return true;
  let rest = ` ${text} `;
  let namesTalk = false;
  for (const name of c.speakerNames) if (rest.includes(name)) (rest = rest.replaceAll(name, ' ')), (namesTalk = true);
  if (TALK_WORDS.some((w) => rest.includes(w))) namesTalk = true;
  if (kind === 'talk' && !namesTalk) return false;
  for (const w of REFERENCE_WORDS) rest = /^[a-z']+$/.test(w) ? rest.replace(new RegExp(`(?<![a-z])${escapeRegExp(w)}(?![a-z])`, 'g'), ' ') : rest.replaceAll(w, ' ');
  return rest.split(/\s+/).filter(Boolean).every((chunk) => c.metaText.includes(chunk));
}

/** Which fact a question asks for, or undefined when it is not about the talk itself. */
export function talkFactKind(talk: Talk, query: string): FactKind | undefined {
  return kindOf(prepare(query), compile(talk));
}

/** talkFactKind of a question already prepared. */
function kindOf(q: string, c: Compiled): FactKind | undefined {
  if (q === '' || q.length > 120) return undefined;
  for (const { spec, re } of c.patterns) {
    const m = re.exec(q);
    if (!m) continue;
    const { talk: talkRef, about } = m.groups ?? {};
    if (talkRef !== undefined && !refersToTalk(talkRef, 'talk', c)) continue;
    if (about !== undefined && !refersToTalk(about, 'about', c)) continue;
    return spec.kind;
  }
  return undefined;
}

/* ───────────────────────────── answering ───────────────────────────── */

/** At most this many paragraphs are cited as where the talk's text states a fact. */
const MAX_EVIDENCE = 3;

/**
 * The answer to a question about the talk itself, or undefined when the question is about something else.
 * Answered from the card; the results are the paragraphs whose text states the same fact (the date as
 * "12月7日", the author's name), most of it first — where a reader can check it.
 */
export function answerAboutTalk(talk: Talk, query: string): Answer | undefined {
  const kinds = factKinds(talk, query);
  if (!kinds) return undefined;
  const fields = [...new Set(kinds.flatMap((kind) => FACTS.find((f) => f.kind === kind)!.fields))];
  const rows = talkCard(talk).filter((r) => fields.includes(r.field));
  const fact: TalkFact = { kind: kinds[0]!, rows };
  if (rows.length === 0) return { query, answered: false, reason: 'not-stated', results: [], coverage: 0, fact };
  return { query, answered: true, results: evidence(talk, fields, query), coverage: 1, fact };
}

/**
 * The facts a question asks for: one, or several joined ("Who gave the talk and when?", "这个演讲是谁讲的？
 * 在哪个大会上？"): a question about the talk, then parts that are questions about it too or the short
 * questions that follow one (and when, 在哪个大会上).
 */
function factKinds(talk: Talk, query: string): FactKind[] | undefined {
  const c = compile(talk);
  const q = prepare(query);
  const whole = kindOf(q, c);
  if (whole) return [whole];
  const parts = q.split(/\s*(?:[,;?]|\band\b)\s*/).filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return undefined;
  // The later parts first: most questions with a comma are about the content, and their parts are long.
  const rest: FactKind[] = [];
  for (const part of parts.slice(1)) {
    const kind = FOLLOW_UP.find(([re]) => re.test(part))?.[1] ?? (part.length <= MAX_FOLLOW_UP_CHARS ? kindOf(part, c) : undefined);
    if (!kind) return undefined;
    rest.push(kind);
  }
  const first = kindOf(parts[0]!, c);
  return first ? [first, ...rest] : undefined;
}

/** A later part of a joined question about the talk is short ("在哪里讲的", "who is the speaker"). */
const MAX_FOLLOW_UP_CHARS = 30;

/** The short questions that follow one about the talk (after the "and" or comma the split removed), and the fact each asks for. */
const FOLLOW_UP: ReadonlyArray<[RegExp, FactKind]> = [
  [/^(?:(?:when|on what (?:date|day))|(?:是)?(?:什么时候|何时|哪天|哪一天|哪年|几月几号)(?:讲的|举办的)?)$/, 'date'],
  [/^(?:(?:where|in (?:which|what) city)|(?:是)?在(?:哪里|哪儿|哪|哪个城市)(?:讲的|举办的)?)$/, 'place'],
  [/^(?:(?:at|in) (?:what|which) (?:event|conference|forum)|(?:是)?在(?:什么|哪个|哪场)(?:会议|大会|会|活动|论坛|峰会)上?(?:讲的)?)$/, 'event'],
  [/^(?:who(?: gave it| spoke)?|what (?:is|are) (?:his|her) (?:role|title|position)s?|(?:是)?谁讲的|(?:他|她)?(?:是)?(?:什么|啥)(?:身份|职务|头衔|来头|背景))$/, 'speaker'],
];

/** What in a paragraph's text states a field: the front matter's values as the text would write them. */
function evidencePatterns(talk: Talk, field: FactField): RegExp[] {
  const { meta } = talk;
  const literal = (values: (string | undefined)[]) =>
    values
      .filter((v): v is string => Boolean(v && v.trim().length >= 2))
      .map((v) => new RegExp(escapeRegExp(v.trim()).replace(/\s+/g, '\\s*'), 'iu'));
  const parts = (v: string | undefined) => (v ? v.split(/\s*[,，、;；·]\s*/).filter((p) => p.length >= 4) : []);
  switch (field) {
    case 'title': return literal([meta.talkTitle]);
    case 'speaker': return literal([meta.speaker.name, meta.speaker.nameEn]);
    case 'role': return literal(parts(meta.speaker.role));
    case 'event': return literal([...parts(meta.event), meta.eventShort, meta.eventEn]);
    case 'date': {
      // The day as a paragraph writes it (12月7日), or the month with its year (2023年5月); a year alone says too little.
      const d = meta.date ? parseTalkDate(meta.date) : undefined;
      if (d?.day) return [new RegExp(`(?<!\\d)${d.month}月${d.day}日`), new RegExp(meta.date!)];
      return d?.month ? [new RegExp(`${d.year}年${d.month}月`)] : [];
    }
    case 'place': return literal([meta.place, meta.placeEn]);
    case 'publisher': return literal([meta.publisher]);
    case 'author': return literal([meta.author]);
    case 'editor': return literal([meta.editor]);
    case 'source': return literal([meta.sourceUrl]);
    case 'observation': {
      // Where the talk announces how many points it makes: "6点", "六个", "讲了六点观察".
      const n = talk.sections.filter((s) => s.kind === 'observation').length;
      return [new RegExp(`(?<![\\d一二三四五六七八九十])(?:${n}|${chineseNumber(n)})\\s*(?:点|个|条)(?!月|小时|人|亿|万)`)];
    }
  }
}

/** The talk's paragraphs in order, each with its pairs of Han characters: built once per talk, not per question. */
interface ParagraphPairs {
  section: Section;
  paragraph: Paragraph;
  pairs: ReadonlySet<string>;
}
const paragraphPairs = new WeakMap<Talk, ParagraphPairs[]>();

function paragraphsOf(talk: Talk): ParagraphPairs[] {
  let list = paragraphPairs.get(talk);
  if (!list) {
    list = talk.sections.flatMap((section) => section.paragraphs.map((paragraph) => ({ section, paragraph, pairs: new Set(charPairs(paragraph.text)) })));
    paragraphPairs.set(talk, list);
  }
  return list;
}

function evidence(talk: Talk, fields: FactField[], query: string): Match[] {
  const patterns = dropContained(fields.flatMap((f) => evidencePatterns(talk, f)));
  // A paragraph that only repeats the talk's title does not state the other facts.
  const title = fields.includes('title') ? undefined : talk.meta.talkTitle;
  // Between paragraphs stating as much, the one sharing more of the question's wording ("哪个论坛") first.
  const asked = new Set(charPairs(query));
  const order = paragraphsOf(talk);
  const scored = order
    .map(({ section, paragraph, pairs }, i) => {
      const text = title ? paragraph.text.replaceAll(title, ' ') : paragraph.text;
      const found = patterns.map((re) => re.exec(text)?.[0]).filter((t): t is string => Boolean(t));
      return { section, paragraph, i, found, pairs };
    })
    .filter((x) => x.found.length > 0)
    .map((x) => ({ ...x, shared: [...asked].filter((pair) => x.pairs.has(pair)).length }))
    .sort((a, b) => b.found.length - a.found.length || b.shared - a.shared || a.i - b.i)
    .slice(0, MAX_EVIDENCE);
  return scored.map(({ section, paragraph, i, found }) => toMatch(section, paragraph, found, found.length, order[i - 1]?.paragraph, order[i + 1]?.paragraph));
}

/** Patterns whose text another one contains ("2024 T-EDGE" in the event's name) would count one mention twice. */
function dropContained(patterns: RegExp[]): RegExp[] {
  return patterns.filter((p, i) => !patterns.some((q, j) => j !== i && q.source !== p.source && q.source.includes(p.source)));
}


function toMatch(section: Section, paragraph: Paragraph, terms: string[], score: number, previous?: Paragraph, next?: Paragraph): Match {
  return {
    id: paragraph.id,
    ...sectionOf(section),
    text: paragraph.text,
    score,
    terms: [...new Set(terms)],
    neighbours: { previous: previous?.id ?? null, next: next?.id ?? null },
  };
}

const DIGITS = '零一二三四五六七八九';
/** 1…99 in Chinese numerals: 六, 十七, 二十. */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens > 1 ? DIGITS[tens] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

