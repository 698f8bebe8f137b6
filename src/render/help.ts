/**
 * What each command is for, with an example, in the reader's language: /help in Discord and the console's
 * /help. The examples come from the talk (a question it answers, its first observation), never fixed text
 * about one talk; Discord shows each command under the name the reader's client shows.
 */
import type { AnswerEngine } from '../engine/answer-engine.ts';
import { suggest } from '../engine/suggestions.ts';
import { inScript, LABELS, type Lang } from './labels.ts';

export interface CommandHelp {
  /** The command's name as registered ("ask"). */
  command: string;
  /** What it does, for the reader. */
  description: string;
  /** Example option values by option name ({ question: "演讲者是谁" }); empty for a command without options. */
  example: Record<string, string>;
  /** Only for the server's managers (Discord's /gaps). */
  managersOnly?: boolean;
}

/** The commands, in the order /help lists them; /timeline only when the talk quotes predictions. */
export function commandHelp(engine: AnswerEngine, lang: Lang): CommandHelp[] {
  const { talk } = engine;
  const question = exampleQuestion(engine, lang);
  const l = LABELS[lang];
  const observations = talk.sections.filter((s) => s.kind === 'observation').length;
  const conclusion = talk.sections.find((s) => s.kind === 'conclusion')?.number ?? null;
  return [
    { command: 'ask', description: l.helpAsk, example: { question } },
    { command: 'observation', description: l.helpObservation(observations, conclusion), example: { number: '1' } },
    ...(talk.predictions.length > 0 ? [{ command: 'timeline', description: l.helpTimeline, example: {} }] : []),
    { command: 'about', description: l.helpAbout, example: {} },
    { command: 'help', description: l.helpHelp, example: {} },
    { command: 'gaps', description: l.helpGaps, example: { since: '7d' }, managersOnly: true },
  ];
}

/** A short question the talk answers from a paragraph, in the reader's language (and script): the example of /ask. */
export function exampleQuestion(engine: AnswerEngine, lang: Lang): string {
  const offered = suggest(engine, '', lang === 'en' ? 'en' : 'zh').filter((s) => 'paragraphId' in s.from).slice(0, 10);
  return inScript(offered.reduce((a, b) => (b.text.length < a.length ? b.text : a), offered[0]?.text ?? ''), lang);
}
