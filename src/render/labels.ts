/**
 * Every label a front end prints, in Chinese and English. The quoted talk is never translated: only the
 * words around it follow the reader's language.
 */
import type { NotCoveredReason } from '../engine/answer.ts';

export type Lang = 'zh' | 'en';

export const LABELS = {
  zh: {
    notCovered: '这场演讲没有谈到这个问题。',
    notCoveredOnlyNames: '演讲提到了问题里的人或机构,但没有谈到你问的这一点。',
    notCoveredNoTime: '演讲谈到了这个话题,但没有给出时间。',
    notCoveredNoQuantity: '演讲谈到了这个话题,但没有给出这个数字。',
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
  },
  en: {
    notCovered: 'The talk does not cover this.',
    notCoveredOnlyNames: 'The talk mentions who or what you name, but not what you ask about them.',
    notCoveredNoTime: 'The talk touches on this, but gives no date or time.',
    notCoveredNoQuantity: 'The talk touches on this, but gives no figure.',
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
  },
} as const satisfies Record<Lang, Record<string, string | ((...args: never[]) => string)>>;

export type Labels = (typeof LABELS)[Lang];
/** The labels that are plain text (the others are functions of a value). */
type TextLabel = { [K in keyof Labels]: Labels[K] extends string ? K : never }[keyof Labels];

/** Which label says what the talk lacks, for each reason a question is not covered. */
const NOT_COVERED_LABEL: Record<NotCoveredReason, TextLabel> = {
  'not-in-talk': 'notCovered',
  'only-names': 'notCoveredOnlyNames',
  'no-time': 'notCoveredNoTime',
  'no-quantity': 'notCoveredNoQuantity',
  'no-price': 'notCoveredNoPrice',
  'no-instructions': 'notCoveredNoInstructions',
  'other-year': 'notCoveredOtherYear',
  'not-stated': 'notCoveredNotStated',
};

/** The line a "not covered" reply opens with: the general one, or one that says what the talk lacks. */
export function notCoveredLine(reason: NotCoveredReason | undefined, lang: Lang): string {
  return LABELS[lang][reason ? NOT_COVERED_LABEL[reason] : 'notCovered'];
}

/** Chinese for any Chinese locale (zh-CN, zh-TW), English otherwise; a question in Han script reads as Chinese. */
export function langOf(localeOrText: string | undefined): Lang {
  if (!localeOrText) return 'zh';
  if (/^zh\b/i.test(localeOrText) || /\p{Script=Han}/u.test(localeOrText)) return 'zh';
  return 'en';
}
