/**
 * talk-qa on the command line. Usage: `npm run cli -- <command>`, or the `talk-qa` bin.
 *   ask [--json] [--stdin] [question…]   timeline [--json]   observation N [--json]
 *   console                              segment "text"      help
 * Exit codes: 0 answered, 1 nothing to answer with (not covered), 2 bad input or usage.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AnswerEngine } from '../engine/answer-engine.ts';
import { buildTimeline } from '../engine/timeline.ts';
import { checkObservationNumber, checkQuestion, observationRange } from '../engine/user-input.ts';
import { langOf, type Lang } from '../render/labels.ts';
import { ANSI, PLAIN, renderAnswer, renderObservation, renderTimeline } from '../render/terminal.ts';
import { runConsole } from './console.ts';

export const USAGE = `Usage: talk-qa <command>
  ask "问题"               answer a question, quoting and citing the talk
  ask --json "问题"        the answer as one JSON object
  ask --json --stdin      one question a line on stdin, one JSON object a line on stdout
  timeline [--json]       the AGI predictions quoted in the talk
  observation N [--json]  observation N whole (the last number is the conclusion)
  console                 type the bot's slash commands (/ask, /timeline, /observation, /help)
  segment "text"          show how the engine segments a text, and the concepts it asks for
  gaps [--since 7d] [--guild ID] [--json]  what users asked in servers (or in one) that the talk could not answer, and answers marked 👎
Options: --lang zh|en (labels; default: the question's language, else zh)`;

export const EXIT = { ok: 0, notAnswered: 1, badInput: 2 } as const;

interface Parsed {
  command: string;
  args: string[];
  json: boolean;
  stdin: boolean;
  since?: string;
  guild?: string;
  lang?: Lang;
}

function parse(argv: string[]): Parsed | string {
  const out: Parsed = { command: argv[0] ?? 'help', args: [], json: false, stdin: false };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') out.json = true;
    else if (a === '--stdin') out.stdin = true;
    else if (a === '--since') out.since = argv[++i] ?? '';
    else if (a === '--guild') out.guild = argv[++i] ?? '';
    else if (a === '--lang') {
      const v = argv[++i];
      if (v !== 'zh' && v !== 'en') return '--lang takes zh or en';
      out.lang = v;
    } else if (a === '--') continue;
    else out.args.push(a);
  }
  return out;
}

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr, stdin: process.stdin }): Promise<number> {
  const parsed = parse(argv);
  const say = (text: string) => io.out.write(text + '\n');
  const complain = (text: string) => io.err.write(text + '\n');
  if (typeof parsed === 'string') return complain(`${parsed}\n${USAGE}`), EXIT.badInput;
  const { command, args, json } = parsed;
  if (command === 'help' || command === '--help' || command === '-h') return say(USAGE), EXIT.ok;
  if (!['ask', 'timeline', 'observation', 'console', 'segment', 'gaps'].includes(command)) {
    return complain(`Unknown command "${command.slice(0, 40)}".\n${USAGE}`), EXIT.badInput;
  }
  if (command === 'gaps') return gaps(parsed, say, complain);
  const engine = AnswerEngine.fromCorpus();
  const style = 'isTTY' in io.out && io.out.isTTY ? ANSI : PLAIN;

  switch (command) {
    case 'ask': {
      if (parsed.stdin) {
        const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
        for await (const line of lines) say(JSON.stringify(answerJson(engine, line)));
        return EXIT.ok;
      }
      const raw = args.join(' ');
      const checked = checkQuestion(raw);
      if (!checked.ok) {
        if (json) say(JSON.stringify(answerJson(engine, raw)));
        else complain(langOf(parsed.lang ?? raw) === 'zh' ? checked.message : checked.messageEn);
        return EXIT.badInput;
      }
      const answer = engine.ask(checked.question);
      say(json ? JSON.stringify(answer) : renderAnswer(answer, engine, parsed.lang ?? langOf(checked.question), style));
      return answer.answered ? EXIT.ok : EXIT.notAnswered;
    }
    case 'timeline': {
      const timeline = buildTimeline(engine.talk, new Date());
      say(json ? JSON.stringify(timeline) : renderTimeline(timeline, parsed.lang ?? 'zh'));
      return EXIT.ok;
    }
    case 'observation': {
      const checked = checkObservationNumber(args[0] ?? '', observationRange(engine.talk));
      if (!checked.ok) return complain(parsed.lang === 'en' ? checked.messageEn : checked.message), EXIT.badInput;
      const section = engine.observation(checked.number)!;
      say(json ? JSON.stringify(section) : renderObservation(section, engine.talk, parsed.lang ?? 'zh'));
      return EXIT.ok;
    }
    case 'segment':
      say(JSON.stringify({ ...engine.segment(args.join(' ')), concepts: engine.concepts(args.join(' ')) }, null, 1));
      return EXIT.ok;
    default:
      return runConsole(engine, io);
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
