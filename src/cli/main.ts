/**
 * talk-qa on the command line. Usage: `npm run cli -- <command>`, or the `talk-qa` bin.
 *   ask [--json] [--stdin] [question…]   timeline [--json]   observation N [--json]   about [--json]
 *   console                              segment "text"      help
 * Options a command does not take, and arguments it does not take, are refused with the usage.
 * Exit codes: 0 answered, 1 nothing to answer with (not covered), 2 bad input or usage.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AnswerEngine } from '../engine/answer-engine.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { checkObservationNumber, checkQuestion, observationRange } from '../engine/user-input.ts';
import { byLang, langOf, type Lang } from '../render/labels.ts';
import { ANSI, PLAIN, renderAnswer, renderObservation, renderTimeline } from '../render/terminal.ts';
import { runConsole } from './console.ts';
import { talkCard } from '../engine/talk-facts.ts';
import { renderCard } from '../render/talk-card.ts';

export const USAGE = `Usage: talk-qa <command>
  ask "问题"               answer a question, quoting and citing the talk
  ask --json "问题"        the answer as one JSON object
  ask --stdin [--json]    one question a line on stdin; each answer in turn (one JSON object a line with --json)
  timeline [--json]       the predictions the talk quotes (predictions.json), by year
  observation N [--json]  observation N whole (the last number is the conclusion; 3, ３, 三, 第三)
  about [--json]          the talk card: title, speaker, event, date, place, the observations
  console                 type the bot's slash commands (/ask, /observation, /timeline, /about, /help) or a question
  segment "text"          show how the engine segments a text, and the concepts it asks for
  gaps [--since 7d] [--guild ID] [--json]  what users asked in servers (or in one) that the talk could not answer, and answers marked 👎
Options: --lang zh|zh-tw|en (the reader's language: Simplified, Traditional, or English with the project's
  translation of the quote; default: the question's language, else zh)`;

export const EXIT = { ok: 0, notAnswered: 1, badInput: 2 } as const;

/** Each command: the options it takes, and how many plain arguments (at least, at most). */
const COMMANDS: Record<string, { options: readonly Option[]; args: readonly [number, number] }> = {
  ask: { options: ['--json', '--stdin', '--lang'], args: [0, Infinity] },
  timeline: { options: ['--json', '--lang'], args: [0, 0] },
  observation: { options: ['--json', '--lang'], args: [1, 1] },
  about: { options: ['--json', '--lang'], args: [0, 0] },
  console: { options: ['--lang'], args: [0, 0] },
  segment: { options: [], args: [1, Infinity] },
  gaps: { options: ['--since', '--guild', '--json'], args: [0, 0] },
};
type Option = '--json' | '--stdin' | '--lang' | '--since' | '--guild';
/** Options followed by a value. */
const TAKES_VALUE: readonly Option[] = ['--lang', '--since', '--guild'];

interface Parsed {
  command: string;
  args: string[];
  json: boolean;
  stdin: boolean;
  since?: string;
  guild?: string;
  lang?: Lang;
}

/** The command line, or what is wrong with it. A word starting with "-" and a letter is an option; "-1" is an argument; after "--" everything is. */
function parse(argv: string[]): Parsed | string {
  const out: Parsed = { command: argv[0] ?? 'help', args: [], json: false, stdin: false };
  const spec = COMMANDS[out.command];
  if (!spec) return `Unknown command ${JSON.stringify(out.command.slice(0, 40))}.`;
  let plain = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' && !plain) {
      plain = true;
      continue;
    }
    if (plain || !/^--?[A-Za-z]/.test(a)) {
      out.args.push(a);
      continue;
    }
    if (!spec.options.includes(a as Option)) return `${out.command} takes no option ${JSON.stringify(a.slice(0, 40))}${spec.options.length ? ` (it takes ${spec.options.join(', ')})` : ''}.`;
    const value = TAKES_VALUE.includes(a as Option) ? argv[++i] : undefined;
    if (a === '--json') out.json = true;
    else if (a === '--stdin') out.stdin = true;
    else if (a === '--since') out.since = value ?? '';
    else if (a === '--guild') out.guild = value ?? '';
    else if (a === '--lang') {
      const lang = value?.toLowerCase();
      if (lang !== 'zh' && lang !== 'zh-tw' && lang !== 'en') return '--lang takes zh, zh-tw or en';
      out.lang = lang;
    }
  }
  const [least, most] = out.stdin ? [0, 0] : spec.args;
  if (out.args.length < least || out.args.length > most) {
    const shown = out.args.map((x) => JSON.stringify(x.slice(0, 20))).join(' ');
    return most === 0
      ? `${out.command}${out.stdin ? ' --stdin' : ''} takes no arguments, got ${shown}.`
      : `${out.command} takes ${least === most ? `${least}` : `at least ${least}`} argument${most === 1 ? '' : 's'}, got ${out.args.length}${shown ? `: ${shown}` : ''}.`;
  }
  return out;
}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr, stdin: process.stdin }): Promise<number> {
  const say = (text: string) => io.out.write(text + '\n');
  const complain = (text: string) => io.err.write(text + '\n');
  if (argv.length === 0 || ['help', '--help', '-h'].includes(argv[0]!)) return say(USAGE), EXIT.ok;
  const parsed = parse(argv);
  if (typeof parsed === 'string') return complain(`${parsed}\n${USAGE}`), EXIT.badInput;
  const { command, args, json } = parsed;
  if (command === 'gaps') return gaps(parsed, say, complain);
  const engine = AnswerEngine.fromCorpus();
  const style = 'isTTY' in io.out && io.out.isTTY ? ANSI : PLAIN;

  switch (command) {
    case 'ask': {
      if (parsed.stdin) {
        const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
        let first = true;
        for await (const line of lines) {
          if (json) {
            say(JSON.stringify(answerJson(engine, line)));
            continue;
          }
          // Readable: each question, then its answer (or what is wrong with it), a blank line between.
          if (!first) say('');
          first = false;
          const checked = checkQuestion(line);
          const lang = parsed.lang ?? langOf(checked.ok ? checked.question : line);
          say(`> ${line}`);
          say(checked.ok ? renderAnswer(engine.ask(checked.question), engine.talk, lang, style) : byLang(lang, checked.message, checked.messageEn));
        }
        return EXIT.ok;
      }
      const raw = args.join(' ');
      const checked = checkQuestion(raw);
      if (!checked.ok) {
        if (json) say(JSON.stringify(answerJson(engine, raw)));
        else complain(byLang(parsed.lang ?? langOf(raw), checked.message, checked.messageEn));
        return EXIT.badInput;
      }
      const answer = engine.ask(checked.question);
      say(json ? JSON.stringify(answer) : renderAnswer(answer, engine.talk, parsed.lang ?? langOf(checked.question), style));
      return answer.answered ? EXIT.ok : EXIT.notAnswered;
    }
    case 'timeline': {
      const timeline = buildTimeline(engine.talk, new Date());
      say(json ? JSON.stringify(timeline) : renderTimeline(timeline, parsed.lang ?? 'zh'));
      return EXIT.ok;
    }
    case 'observation': {
      const checked = checkObservationNumber(args[0] ?? '', observationRange(engine.talk));
      if (!checked.ok) return complain(byLang(parsed.lang ?? 'zh', checked.message, checked.messageEn)), EXIT.badInput;
      const section = engine.observation(checked.number)!;
      say(json ? JSON.stringify(section) : renderObservation(section, engine.talk, parsed.lang ?? 'zh'));
      return EXIT.ok;
    }
    case 'about':
      say(json ? JSON.stringify(talkCard(engine.talk)) : renderCard(engine.talk, parsed.lang ?? 'zh'));
      return EXIT.ok;
    case 'segment':
      say(JSON.stringify({ ...engine.segment(args.join(' ')), concepts: engine.concepts(args.join(' ')) }, null, 1));
      return EXIT.ok;
    default:
      return runConsole(engine, io, parsed.lang);
  }
}

/** The JSON contract of `ask --json`: the answer, or for bad input an unanswered one with `error`. */
function answerJson(engine: AnswerEngine, raw: string): object {
  const checked = checkQuestion(raw);
  if (!checked.ok) return { query: raw, answered: false, results: [], error: checked.messageEn };
  return engine.ask(checked.question);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`talk-qa: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

async function gaps(parsed: Parsed, say: (t: string) => void, complain: (t: string) => void): Promise<number> {
  const { loadConfig } = await import('../bot/config.ts');
  const { FeedbackStore } = await import('../feedback/store.ts');
  const { gapReport, parseSince, renderGapReport } = await import('../feedback/report.ts');
  const now = new Date();
  const since = parseSince(parsed.since ?? '7d', now);
  if (!since) return complain(`--since takes a span like 7d or 24h, not ${JSON.stringify(parsed.since)}`), EXIT.badInput;
  if (parsed.guild !== undefined && !/^\d{17,20}$/.test(parsed.guild)) return complain(`--guild takes a server id (17–20 digits), not ${JSON.stringify(parsed.guild.slice(0, 40))}`), EXIT.badInput;
  const config = loadConfig();
  // A report only reads: a mistyped DATA_DIR must say so, not leave an empty database behind.
  if (config.feedbackDatabase !== ':memory:' && !existsSync(config.feedbackDatabase)) {
    return complain(`No feedback database at ${config.feedbackDatabase} yet: the bot creates it when it answers its first /ask (set DATA_DIR to where it runs).`), EXIT.notAnswered;
  }
  let store;
  try {
    store = FeedbackStore.open(config.feedbackDatabase, { retentionDays: config.retentionDays, salt: config.feedbackSalt });
  } catch (error) {
    return complain((error as Error).message), EXIT.notAnswered;
  }
  try {
    const report = gapReport(store, since, parsed.guild ? { guildId: parsed.guild } : 'all-servers');
    say(parsed.json ? JSON.stringify(report) : renderGapReport(report));
    return EXIT.ok;
  } finally {
    store.close();
  }
}
