/**
 * Every label a front end prints, in Chinese (Simplified, and Traditional for zh-TW / zh-HK readers,
 * converted from the Simplified with opencc-js) and English. The talk is quoted as spoken; an English
 * reader also gets the project's translation, always labelled as such.
 */
import type { NotCoveredReason } from '../engine/answer.ts';
import { hasTraditional, toTraditional } from '../text/normalize.ts';

/** The reader's language: Simplified Chinese, Traditional Chinese (Taiwan phrasing), English. */
export type Lang = 'zh' | 'zh-tw' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'zh-tw', 'en'];

const SOURCE_LABELS = {
  zh: {
    notCovered: '这场演讲没有谈到这个问题。',
    notCoveredOnlyNames: '演讲提到了问题里的人或机构,但没有谈到你问的这一点。',
    notCoveredNoTime: '演讲谈到了这个话题,但没有给出时间。',
    notCoveredNoQuantity: '演讲谈到了这个话题,但没有给出这个数字。',
    notCoveredNoName: '演讲谈到了这个话题,但没有说出你问的是谁。',
    notCoveredNoPlace: '演讲谈到了这个话题,但没有说出你问的地点。',
    notCoveredNoPrice: '演讲没有谈到任何价格。',
    notCoveredOtherYear: '演讲没有谈到你问的那一年。',
    notCoveredNoInstructions: '这是一场观点演讲,没有讲任何操作步骤(安装、注册、购买等)。',
    notCoveredNotStated: '演讲的资料(文首信息)没有写明这一点。',
    talkCovers: '演讲谈到了:',
    alsoRelevant: '其他相关段落',
    weakCandidates: '最接近的段落(相关度低)',
    paragraph: '段落',
    section: '章节',
    source: '出处',
    timelineTitle: '演讲引用的预测',
    noPredictions: '这场演讲没有引用任何预测。',
    arrived: '已到',
    inWindow: '进行中',
    ahead: '未到',
    asOf: '截至',
    talkDate: '演讲日期',
    observation: '观察',
    conclusion: '结语',
    page: '页',
    context: '上下文',
    moreResults: '更多结果',
    previous: '上一页',
    next: '下一页',
    matched: '匹配',
    helpTitle: '可用命令',
    error: '出了点问题,请稍后再试。',
    thanksUp: '谢谢反馈:这个回答有帮助。',
    thanksDown: '谢谢反馈:我们会改进这个回答。',
    gapsTitle: '覆盖缺口报告',
    feedbackOff: '反馈记录未开启。',
    busy: '机器人正忙,请几秒后再试。',
    voteUnknown: '这个回答没有记录,无法评价。',
    gapsGuildOnly: '/gaps 只能在服务器里使用。',
    gapsManagersOnly: '/gaps 只对有“管理服务器”权限的成员开放。',
    buttonExpired: '这个按钮无效或已过期。请重新使用 /ask 或 /observation。',
    slowDown: (seconds: number) => `请慢一点:${seconds} 秒后再试。`,
    unknownCommand: (name: string) => `没有 /${name} 这个命令。`,
    cardTitle: '题目',
    cardSpeaker: '演讲者',
    cardRole: '身份',
    cardEvent: '活动',
    cardDate: '日期',
    cardPlace: '地点',
    cardPublisher: '首发',
    cardAuthor: '作者',
    cardEditor: '编辑',
    cardSource: '原文链接',
    cardObservations: '观察',
    fromFrontMatter: '演讲资料的文首信息',
    fromOutline: '演讲提纲(各节标题)',
    statedIn: '原文中的出处',
    aboutTitle: '演讲信息',
    helpAsk: '就演讲提问(简体、繁體或英文),回答引用原文并注明出处',
    helpObservation: (observations: number, conclusion: number | null) => `演讲的第 N 点观察全文(1–${observations}${conclusion ? `,${conclusion} = 结语` : ''})`,
    helpTimeline: '演讲引用的预测,按年份排列,附图表',
    helpAbout: '演讲信息:题目、演讲者、活动、日期、地点和各点观察',
    helpHelp: '这份命令列表',
    helpGaps: '演讲没能回答的问题和被点 👎 的回答',
    helpManagersOnly: '仅限服务器管理员',
    helpExample: '例',
    helpQuit: '离开',
    consoleWelcome: (talk: string) => `talk-qa 控制台 — ${talk}。直接输入问题即可提问,/help 列出命令。`,
    consoleBareQuestion: '直接输入的问题也会按 /ask 回答。',
    didYouMean: (typed: string, name: string) => `没有 /${typed} 这个命令。你是想用 /${name} 吗?`,
    unknownConsoleCommand: (typed: string) => `没有 /${typed} 这个命令。输入 /help 查看命令。`,
    ctrlCAgain: '(再按一次 Ctrl-C 或按 Ctrl-D 退出)',
    translatedBy: '英文翻译由本项目提供,不是演讲者的原话。',
    originalBelow: '中文原文在下方。',
    noTranslation: '这场演讲没有英文翻译,引用的是中文原文。',
    original: '原文',
    originalButton: '原文 / Original',
    simplifiedOriginal: '简体原文',
    listItems: '列表',
  },
  en: {
    notCovered: 'The talk does not cover this.',
    notCoveredOnlyNames: 'The talk mentions who or what you name, but not what you ask about them.',
    notCoveredNoTime: 'The talk touches on this, but gives no date or time.',
    notCoveredNoQuantity: 'The talk touches on this, but gives no figure.',
    notCoveredNoName: 'The talk touches on this, but names no one for what you ask.',
    notCoveredNoPlace: 'The talk touches on this, but names no place for what you ask.',
    notCoveredNoPrice: 'The talk mentions no prices.',
    notCoveredOtherYear: 'The talk says nothing about that year.',
    notCoveredNoInstructions: 'The talk is a keynote of views; it gives no how-to steps (installing, signing up, buying).',
    notCoveredNotStated: 'The talk’s source (its front matter) does not say.',
    talkCovers: 'The talk covers:',
    alsoRelevant: 'Also relevant',
    weakCandidates: 'Closest paragraphs (weak matches)',
    paragraph: 'paragraph',
    section: 'section',
    source: 'Source',
    timelineTitle: 'Predictions quoted in the talk',
    noPredictions: 'The talk quotes no predictions.',
    arrived: 'arrived',
    inWindow: 'in window',
    ahead: 'ahead',
    asOf: 'as of',
    talkDate: 'talk date',
    observation: 'Observation',
    conclusion: 'Conclusion',
    page: 'page',
    context: 'Context',
    moreResults: 'More results',
    previous: 'Previous',
    next: 'Next',
    matched: 'matched',
    helpTitle: 'Commands',
    error: 'Something went wrong; please try again later.',
    thanksUp: 'Thanks for the feedback: this answer helped.',
    thanksDown: 'Thanks for the feedback: we will improve this answer.',
    gapsTitle: 'Coverage-gap report',
    feedbackOff: 'Feedback recording is off.',
    busy: 'The bot is busy right now: please try again in a few seconds.',
    voteUnknown: 'This answer was not recorded, so it cannot be rated.',
    gapsGuildOnly: '/gaps works only in a server.',
    gapsManagersOnly: '/gaps is for members with the Manage Server permission.',
    buttonExpired: 'This button is not valid or has expired. Use /ask or /observation again.',
    slowDown: (seconds: number) => `Slow down: try again in ${seconds} s.`,
    unknownCommand: (name: string) => `Unknown command /${name}.`,
    cardTitle: 'Title',
    cardSpeaker: 'Speaker',
    cardRole: 'Role',
    cardEvent: 'Event',
    cardDate: 'Date',
    cardPlace: 'Place',
    cardPublisher: 'First published by',
    cardAuthor: 'Author',
    cardEditor: 'Editor',
    cardSource: 'Source',
    cardObservations: 'Observations',
    fromFrontMatter: 'the talk’s front matter',
    fromOutline: 'the talk’s outline (its section titles)',
    statedIn: 'Where the text says so',
    aboutTitle: 'About the talk',
    helpAsk: 'Ask about the talk (Chinese or English); the answer quotes and cites it',
    helpObservation: (observations: number, conclusion: number | null) => `Observation N of the talk, whole (1–${observations}${conclusion ? `, ${conclusion} = the conclusion` : ''})`,
    helpTimeline: 'The predictions the talk quotes, by year, with a chart',
    helpAbout: 'The talk card: title, speaker, event, date, place and the observations',
    helpHelp: 'This list of commands',
    helpGaps: 'Questions the talk could not answer, and answers marked 👎',
    helpManagersOnly: 'server managers only',
    helpExample: 'e.g.',
    helpQuit: 'leave',
    consoleWelcome: (talk: string) => `talk-qa console — ${talk}. Type a question, or /help for the commands.`,
    consoleBareQuestion: 'A question typed without /ask is asked too.',
    didYouMean: (typed: string, name: string) => `There is no /${typed} command. Did you mean /${name}?`,
    unknownConsoleCommand: (typed: string) => `There is no /${typed} command. Type /help for the commands.`,
    ctrlCAgain: '(To leave, press Ctrl-C again or Ctrl-D)',
    translatedBy: 'English translation by the talk-qa project, not the speaker’s words.',
    originalBelow: 'The original Chinese is below.',
    noTranslation: 'No English translation of this talk is available: quoted in the original Chinese.',
    original: 'Original (Chinese)',
    originalButton: '原文 / Original',
    simplifiedOriginal: 'Simplified original',
    listItems: 'The list (English by the talk-qa project)',
  },
} as const satisfies Record<'zh' | 'en', Record<string, string | ((...args: never[]) => string)>>;

/** The labels of one language: the same keys in every language, text or a function giving text. */
export type Labels = { readonly [K in keyof (typeof SOURCE_LABELS)['zh']]: (typeof SOURCE_LABELS)['zh'][K] extends string ? string : (typeof SOURCE_LABELS)['zh'][K] };

let traditional: Labels | undefined;
/** The Chinese labels in Traditional characters, made on first use (building the converter takes ~50 ms). */
function traditionalLabels(): Labels {
  return (traditional ??= Object.fromEntries(
    Object.entries(SOURCE_LABELS.zh).map(([key, label]) => [
      key,
      typeof label === 'string' ? toTraditional(label) : (...args: never[]) => toTraditional((label as (...a: never[]) => string)(...args)),
    ]),
  ) as unknown as Labels);
}

export const LABELS: Readonly<Record<Lang, Labels>> = {
  zh: SOURCE_LABELS.zh,
  en: SOURCE_LABELS.en,
  get 'zh-tw'() {
    return traditionalLabels();
  },
};
/** The labels that are plain text (the others are functions of a value). */
type TextLabel = { [K in keyof Labels]: Labels[K] extends string ? K : never }[keyof Labels];

/** Which label says what the talk lacks, for each reason a question is not covered. */
const NOT_COVERED_LABEL: Record<NotCoveredReason, TextLabel> = {
  'not-in-talk': 'notCovered',
  'only-names': 'notCoveredOnlyNames',
  'no-time': 'notCoveredNoTime',
  'no-quantity': 'notCoveredNoQuantity',
  'no-name': 'notCoveredNoName',
  'no-place': 'notCoveredNoPlace',
  'no-price': 'notCoveredNoPrice',
  'no-instructions': 'notCoveredNoInstructions',
  'other-year': 'notCoveredOtherYear',
  'not-stated': 'notCoveredNotStated',
};

/** The line a "not covered" reply opens with: the general one, or one that says what the talk lacks. */
export function notCoveredLine(reason: NotCoveredReason | undefined, lang: Lang): string {
  return LABELS[lang][reason ? NOT_COVERED_LABEL[reason] : 'notCovered'];
}

/**
 * The reader's language from a Discord locale or a CLI --lang value: Traditional for zh-TW, zh-HK (and
 * zh-Hant, zh-MO), Simplified for other Chinese locales, English otherwise; a question in Han script reads
 * as Chinese, in Traditional characters when it is written in them.
 */
export function langOf(localeOrText: string | undefined): Lang {
  if (!localeOrText) return 'zh';
  if (/^zh[-_](tw|hk|mo|hant)\b/i.test(localeOrText) || hasTraditional(localeOrText)) return 'zh-tw';
  if (/^zh\b/i.test(localeOrText) || /\p{Script=Han}/u.test(localeOrText)) return 'zh';
  return 'en';
}

/** Chinese text as the reader reads it: in Traditional characters for zh-tw, as written otherwise. */
export function inScript(text: string, lang: Lang): string {
  return lang === 'zh-tw' ? toTraditional(text) : text;
}

/** The Chinese or the English of a pair, for the reader's language (the Chinese in the reader's script). */
export function byLang(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? en : inScript(zh, lang);
}
