/**
 * A local stand-in for Discord: a prompt where a person types the bot's slash commands and sees what the
 * bot answers, rendered for the terminal. Used by `npm run cli -- console` and by `npm start` without a token.
 */
import { createInterface } from 'node:readline';
import type { AnswerEngine } from '../engine/answer-engine.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { checkObservationNumber, checkQuestion, observationRange } from '../engine/user-input.ts';
import { langOf } from '../render/labels.ts';
import { ANSI, PLAIN, renderAnswer, renderObservation, renderTimeline } from '../render/terminal.ts';

export const CONSOLE_HELP = `/ask 问题          ask about the talk (中文、繁體、English)
/timeline         the AGI predictions quoted in the talk
/observation N    observation N whole (N+1 = 结语)
/help             this list
/quit             leave`;

interface ConsoleIO {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
}

export async function runConsole(engine: AnswerEngine, io: ConsoleIO): Promise<number> {
  const interactive = Boolean(io.out.isTTY);
  const style = interactive ? ANSI : PLAIN;
  const rl = createInterface({ input: io.stdin, output: interactive ? io.out : undefined, crlfDelay: Infinity });
  const say = (text: string) => io.out.write(text + '\n');
  say(`talk-qa console — ${engine.talk.meta.speaker.name}, ${engine.talk.meta.date}. /help lists the commands.`);
  if (interactive) rl.setPrompt('> '), rl.prompt();
  for await (const line of rl) {
    const reply = consoleReply(engine, line, style);
    if (reply === null) break;
    if (reply) say(reply);
    if (interactive) rl.prompt();
  }
  rl.close();
  return 0;
}

/** The bot's reply to one console line; null to leave, '' for nothing. */
export function consoleReply(engine: AnswerEngine, line: string, style = PLAIN): string | null {
  const text = line.trim();
  if (text === '') return '';
  const [command = '', ...rest] = text.split(/\s+/);
  const argument = text.slice(command.length).trim();
  switch (command.toLowerCase()) {
    case '/quit':
    case '/exit':
      return null;
    case '/help':
      return CONSOLE_HELP;
    case '/timeline':
      return renderTimeline(buildTimeline(engine.talk, new Date()), langOf(rest[0] === 'en' ? 'en' : 'zh'));
    case '/observation': {
      const checked = checkObservationNumber(argument, observationRange(engine.talk));
      return checked.ok ? renderObservation(engine.observation(checked.number)!, engine.talk, 'zh') : checked.message;
    }
    case '/ask': {
      const checked = checkQuestion(argument);
      if (!checked.ok) return langOf(argument) === 'en' && argument ? checked.messageEn : checked.message;
      return renderAnswer(engine.ask(checked.question), engine, langOf(checked.question), style);
    }
    default:
      return `Unknown command ${JSON.stringify(command.slice(0, 30))}. Try /help.`;
  }
}
