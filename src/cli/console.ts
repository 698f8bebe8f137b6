/**
 * A local stand-in for Discord: a prompt where a person types the bot's slash commands — or just a
 * question — and sees what the bot answers, rendered for the terminal. Used by `npm run cli -- console` and
 * by `npm start` without a token.
 *
 * One language per session: --lang, else the terminal's locale (LC_ALL, LC_MESSAGES, LANG), else English.
 * Interactive (a terminal): Ctrl-C clears the line; a second Ctrl-C in a row leaves with exit code 130,
 * Ctrl-D on an empty line with 0, each on a new line.
 */
import { createInterface } from 'node:readline';
import type { AnswerEngine } from '../engine/answer-engine.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { checkObservationNumber, checkQuestion, observationRange } from '../engine/user-input.ts';
import { talkLabel } from '../render/citation.ts';
import { commandHelp } from '../render/help.ts';
import { byLang, LABELS, type Lang } from '../render/labels.ts';
import { renderCard } from '../render/talk-card.ts';
import { ANSI, PLAIN, renderAnswer, renderObservation, renderTimeline, type TerminalStyle } from '../render/terminal.ts';

/** The console's commands and what each does with what follows it. */
const COMMANDS = {
  ask: (engine, argument, { lang, style }) => {
    const checked = checkQuestion(argument);
    return checked.ok ? renderAnswer(engine.ask(checked.question), engine.talk, lang, style) : byLang(lang, checked.message, checked.messageEn);
  },
  observation: (engine, argument, { lang }) => {
    // parseObservationNumber takes "3", "３", "三", "第三".
    const checked = checkObservationNumber(argument, observationRange(engine.talk));
    if (!checked.ok) return byLang(lang, checked.message, checked.messageEn);
    return renderObservation(engine.observation(checked.number)!, engine.talk, lang);
  },
  timeline: (engine, _argument, { lang }) => renderTimeline(buildTimeline(engine.talk, new Date()), lang),
  about: (engine, _argument, { lang }) => renderCard(engine.talk, lang),
  help: (engine, _argument, { lang }) => consoleHelp(engine, lang),
  quit: () => null,
  exit: () => null,
} satisfies Record<string, (engine: AnswerEngine, argument: string, session: Session) => string | null>;

type CommandName = keyof typeof COMMANDS;

export interface Session {
  /** The language of every message and answer label in this session. */
  lang: Lang;
  style: TerminalStyle;
}

interface ConsoleIO {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  /** Read the input as a terminal (keypresses: Ctrl-C, Ctrl-D); default: when `out` is a TTY. */
  terminal?: boolean;
}

/** The session's language: the one asked for, else the terminal's locale (zh_TW and zh_HK read Traditional), else English. */
export function sessionLang(asked: Lang | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (asked) return asked;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[-_](tw|hk|mo)/i.test(locale) ? 'zh-tw' : /^zh/i.test(locale) ? 'zh' : 'en';
}

/** Runs the console until /quit, the end of the input, Ctrl-D (exit code 0) or two Ctrl-C in a row (130). */
export async function runConsole(engine: AnswerEngine, io: ConsoleIO, lang?: Lang): Promise<number> {
  const interactive = io.terminal ?? Boolean(io.out.isTTY);
  const session: Session = { lang: sessionLang(lang), style: interactive ? ANSI : PLAIN };
  const l = LABELS[session.lang];
  const rl = createInterface({ input: io.stdin, output: interactive ? io.out : undefined, terminal: interactive, crlfDelay: Infinity });
  const say = (text: string) => io.out.write(text + '\n');
  let exitCode = 0;
  let interrupted = false;
  let left = false;
  rl.on('SIGINT', () => {
    if (interrupted) {
      exitCode = 130;
      rl.close();
      return;
    }
    // Clear what was typed: to the end of the line, then everything before the cursor.
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    interrupted = true;
    io.out.write(`\n${l.ctrlCAgain}\n`);
    rl.prompt();
  });
  say(l.consoleWelcome(talkLabel(engine.talk.meta, session.lang)));
  if (interactive) rl.setPrompt('> '), rl.prompt();
  for await (const line of rl) {
    interrupted = false;
    const reply = consoleReply(engine, line, session);
    if (reply === null) {
      left = true;
      break;
    }
    if (reply) say(reply);
    if (interactive) rl.prompt();
  }
  rl.close();
  // Ctrl-D or a second Ctrl-C leaves the cursor after the prompt: the shell's prompt starts on a line of its own.
  if (interactive && !left) io.out.write('\n');
  return exitCode;
}

/** The bot's reply to one console line; null to leave, '' for nothing. A line without a command is a question. */
export function consoleReply(engine: AnswerEngine, line: string, session: Session = { lang: 'zh', style: PLAIN }): string | null {
  const text = line.trim();
  if (text === '') return '';
  // "／ask" (full width) and "、ask" (a Chinese input method's "/") are /ask too.
  const slash = /^[/／、]\s*([A-Za-zＡ-Ｚａ-ｚ]+)/.exec(text);
  if (!slash) return COMMANDS.ask(engine, text, session);
  const typed = slash[1]!.normalize('NFKC').toLowerCase();
  const argument = text.slice(slash[0].length).trim();
  if (typed in COMMANDS) return COMMANDS[typed as CommandName](engine, argument, session);
  const l = LABELS[session.lang];
  const near = closestCommand(typed);
  return near ? l.didYouMean(typed.slice(0, 30), near) : l.unknownConsoleCommand(typed.slice(0, 30));
}

/** The commands, each with what it does and an example (from the talk), in the session's language. */
export function consoleHelp(engine: AnswerEngine, lang: Lang): string {
  const l = LABELS[lang];
  const lines = [`${l.helpTitle}:`];
  for (const c of commandHelp(engine, lang)) {
    if (!(c.command in COMMANDS)) continue;
    lines.push(`  /${c.command}  ${c.description}`);
    const values = Object.values(c.example);
    if (values.length > 0) lines.push(`      ${l.helpExample}${lang === 'en' ? ': ' : ':'}/${c.command} ${values.join(' ')}`);
  }
  lines.push(`  /quit  ${l.helpQuit}`, l.consoleBareQuestion);
  return lines.join('\n');
}

/** The command a mistyped or shortened one most likely meant (/aks, /obs): the one it starts, else the nearest at most two edits away. */
export function closestCommand(typed: string): CommandName | undefined {
  const names = Object.keys(COMMANDS) as CommandName[];
  // The start of a command (/obs, /time) means that command.
  if (typed.length >= 2) {
    const started = names.filter((name) => name.startsWith(typed));
    if (started.length === 1) return started[0];
  }
  let best: { name: CommandName; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(typed, name);
    if (distance <= Math.min(2, Math.floor(name.length / 2)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn one word into the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
