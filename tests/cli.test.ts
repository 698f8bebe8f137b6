/**
 * The real CLI as a child process (`node --import tsx src/cli/main.ts …`). All runs start together in
 * beforeAll (a few at a time) and the tests read their results, so the file costs a few seconds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleHelp } from '../src/cli/console.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { DEFAULT_CORPUS_DIR } from '../src/engine/answer-engine.ts';
import { LABELS } from '../src/render/labels.ts';
import { checkObservationNumber, observationRange } from '../src/engine/user-input.ts';
import { loadCorpus } from '../src/talk/load-corpus.ts';
import { toTraditional } from '../src/text/normalize.ts';

const ROOT = join(DEFAULT_CORPUS_DIR, '..');
const engine = AnswerEngine.fromCorpus();
const talk = loadCorpus(DEFAULT_CORPUS_DIR);
const paragraph = (id: string) => talk.sections.flatMap((s) => s.paragraphs).find((p) => p.id === id)!;
const section = (id: string) => talk.sections.find((s) => s.id === id)!;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      // The console's language follows the locale: fixed here, whatever the machine running the tests has.
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** 5,000 characters of seeded noise: ASCII, CJK, kana, CJK punctuation, Cyrillic, emoji, spaces. */
function noise(length: number, seed: number): string {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ranges: [number, number][] = [[0x21, 0x7e], [0x4e00, 0x9fff], [0x3041, 0x3096], [0x3001, 0x303f], [0x0410, 0x044f], [0x1f300, 0x1f5ff], [0x20, 0x20]];
  let out = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = ranges[Math.floor(random() * ranges.length)]!;
    out += String.fromCodePoint(lo + Math.floor(random() * (hi - lo + 1)));
  }
  return out;
}

const NOISE = noise(5000, 20241207);
const STDIN_QUESTIONS = ['什么是自主智能', 'Scaling Law还有效吗', '红烧肉怎么做', 'What is EMU3?', '什麼是多模態大模型'];
const CONSOLE_INPUT = '/help\n/ask 什么是自主智能\n/observation 9\n/timeline\n';
/** What a person types: a bare question, a typo, full-width and Chinese numbers, a full-width slash, /about. */
const CONSOLE_HUMAN = '演讲者是谁\n/aks 什么是自主智能\n/observation ３\n/observation 三\n／observation 第五\n/about\n/xyzzy\n/obs 2\n';

const BAD_QUESTIONS: Record<string, string> = {
  empty: '',
  blank: '   ',
  'random noise (5,000 characters)': NOISE,
  'emoji only': '🤖🎉',
  '@everyone': '@everyone',
  'zero-width only': '\u200b\u200b',
};
const BAD_OBSERVATIONS = ['0', '8', '-1', 'abc'];

const jobs: Record<string, [string[], string?, NodeJS.ProcessEnv?]> = {
  ask: [['ask', '什么是自主智能']],
  askJson: [['ask', '--json', '什么是自主智能']],
  askStdin: [['ask', '--json', '--stdin'], STDIN_QUESTIONS.join('\n') + '\n'],
  askJsonBad: [['ask', '--json', '']],
  askOffTopic: [['ask', '红烧肉怎么做']],
  timeline: [['timeline', '--json']],
  observation3: [['observation', '3']],
  observation3Json: [['observation', '3', '--json']],
  observation7: [['observation', '7']],
  console: [['console'], CONSOLE_INPUT],
  consoleHuman: [['console'], CONSOLE_HUMAN],
  consoleEnglish: [['console', '--lang', 'en'], '/help\n/observation 9\n/aks x\n什么是自主智能\n'],
  consoleEnglishLocale: [['console'], '/observation 0\n', { LANG: 'en_US.UTF-8' }],
  unknownFlag: [['ask', '--verbose', '什么是自主智能']],
  unknownShortFlag: [['timeline', '-x']],
  observationTwoNumbers: [['observation', '3', '4']],
  observationFullWidth: [['observation', '３']],
  askDashDash: [['ask', '--', '--verbose']],
  askStdinReadable: [['ask', '--stdin'], STDIN_QUESTIONS.join('\n') + '\n'],
  about: [['about']],
  aboutJson: [['about', '--json']],
  askTraditional: [['ask', '--lang', 'zh-tw', '什么是自主智能']],
  askEnglish: [['ask', '--lang', 'en', 'What is autonomous intelligence?']],
  observationEnglish: [['observation', '6', '--lang', 'EN']],
  badLang: [['ask', '--lang', 'fr', '什么是自主智能']],
  unknownCommand: [['frobnicate']],
  ...Object.fromEntries(Object.entries(BAD_QUESTIONS).map(([name, q]) => [`bad ask: ${name}`, [['ask', q]]])),
  ...Object.fromEntries(BAD_OBSERVATIONS.map((n) => [`bad observation: ${n}`, [['observation', n]]])),
};

const runs: Record<string, Run> = {};

beforeAll(async () => {
  const queue = Object.entries(jobs);
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const [name, [args, stdin, env]] = job;
      runs[name] = await cli(args, stdin, env);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}, 60_000);

const run = (name: string): Run => {
  const r = runs[name];
  if (!r) throw new Error(`no run ${name}`);
  return r;
};
/** The quote as printed: matched terms are marked 【…】 on a plain terminal. */
const unmark = (text: string) => text.replace(/[【】]/g, '');

describe("talk-qa --lang: the reader's language", () => {
  it('zh-tw: the quote, its section and the labels in Traditional characters, the key sentence marked', () => {
    const r = run('askTraditional');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(toTraditional(paragraph('obs6-p3').text).slice(0, 20));
    expect(r.stdout).toContain(`觀察 6「${toTraditional(section('obs6').title)}」`);
    expect(r.stdout).toMatch(/「【[^【】]*自主智慧[^【】]*。】/);
  });

  it('en: the project’s translation, labelled, then the original', () => {
    const r = run('askEnglish');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe(`${LABELS.en.translatedBy} ${LABELS.en.originalBelow}`);
    expect(r.stdout.replace(/[【】]/g, '')).toContain(paragraph('obs6-p3').enrichment!.en!);
    expect(r.stdout.indexOf(`${LABELS.en.original}:`)).toBeGreaterThan(r.stdout.indexOf(paragraph('obs6-p3').enrichment!.en!.slice(30, 60)));
    expect(r.stdout.replace(/[【】]/g, '')).toContain(paragraph('obs6-p3').text);
  });

  it('observation in English (--lang EN): every paragraph in the project’s translation', () => {
    const r = run('observationEnglish');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(LABELS.en.translatedBy);
    for (const p of section('obs6').paragraphs) expect(r.stdout).toContain(`[${p.id}] ${p.enrichment!.en}`);
  });

  it('an unknown language is refused with the usage and exit 2', () => {
    const r = run('badLang');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang takes zh, zh-tw or en');
  });
});

describe('talk-qa ask', () => {
  it('quotes obs6-p3 with its citation and exits 0', () => {
    const r = run('ask');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = unmark(r.stdout);
    expect(out).toContain('obs6-p3');
    expect(out).toContain(paragraph('obs6-p3').text);
    expect(out).toContain(section('obs6').title);
    expect(out).toContain(talk.meta.speaker.name);
    expect(out).toContain(talk.meta.date);
    // The best paragraph comes first.
    expect(out.indexOf('obs6-p3')).toBeLessThan(out.indexOf(paragraph('obs6-p3').text));
    // The key sentence, the one that says what autonomous intelligence is, is marked whole.
    expect(r.stdout).toMatch(/「【[^【】]*自主智能[^【】]*。】/);
  });

  it('prints one JSON object with the contract keys for --json', () => {
    const r = run('askJson');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(answer).toMatchObject({ query: '什么是自主智能', answered: true });
    const results = answer.results as Record<string, unknown>[];
    expect(Array.isArray(results)).toBe(true);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(5);
    for (const result of results) {
      expect(typeof result.id).toBe('string');
      expect(typeof result.section).toBe('string');
      expect(typeof result.text).toBe('string');
      expect(typeof result.score).toBe('number');
      expect(paragraph(result.id as string).text).toBe(result.text);
    }
    expect(results[0]).toMatchObject({ id: 'obs6-p3', section: section('obs6').title, text: paragraph('obs6-p3').text });
  });

  it('answers one question a line with --json --stdin, in order', () => {
    const r = run('askStdin');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(STDIN_QUESTIONS.length);
    const answers = lines.map((l) => JSON.parse(l) as { query: string; answered: boolean; results: { id: string }[] });
    expect(answers.map((a) => a.query)).toEqual(STDIN_QUESTIONS);
    expect(answers.map((a) => a.answered)).toEqual([true, true, false, true, true]);
    expect(answers[0]!.results[0]!.id).toBe('obs6-p3');
    expect(answers[3]!.results[0]!.id).toBe('obs4-p6');
  });

  it('prints an unanswered JSON object with an error for bad input under --json, exit 2', () => {
    const r = run('askJsonBad');
    expect(r.code).toBe(2);
    const answer = JSON.parse(r.stdout.trim()) as { query: string; answered: boolean; results: unknown[]; error: string };
    expect(answer).toMatchObject({ query: '', answered: false, results: [] });
    expect(answer.error).toMatch(/\S/);
  });

  it('says "not covered" for an off-topic question and exits 1', () => {
    const r = run('askOffTopic');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('这场演讲没有谈到这个问题');
    expect(r.stderr).toBe('');
  });
});

describe('talk-qa timeline and observation', () => {
  it('prints the timeline as JSON, ordered by implied year', () => {
    const r = run('timeline');
    expect(r.code).toBe(0);
    const timeline = JSON.parse(r.stdout) as {
      talkDate: string;
      today: string;
      entries: { person: { en: string }; quote: string; implied: { from: number; to: number }; status: string; paragraphId: string }[];
    };
    expect(timeline.talkDate).toBe('2024-12-07');
    expect(timeline.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(timeline.entries.map((e) => e.person.en)).toEqual(['Elon Musk', 'Dario Amodei', 'Geoffrey Hinton', 'Demis Hassabis']);
    const year = Number(timeline.today.slice(0, 4));
    for (const e of timeline.entries) {
      expect(paragraph(e.paragraphId).text).toContain(e.quote);
      expect(e.status).toBe(e.implied.to < year ? 'arrived' : e.implied.from <= year ? 'in-window' : 'ahead');
    }
  });

  it('prints observation 3 whole, with the stages 1)–4)', () => {
    const r = run('observation3');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(section('obs3').title);
    for (const p of section('obs3').paragraphs) expect(r.stdout).toContain(`[${p.id}] ${p.text}`);
    const at = ['1)', '2)', '3)', '4)'].map((stage) => r.stdout.indexOf(`] ${stage}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('prints observation 3 as JSON: the section as the corpus has it', () => {
    const r = run('observation3Json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(section('obs3'));
  });

  it('prints the conclusion as observation 7 (结语)', () => {
    const r = run('observation7');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('结语');
    for (const p of section('conclusion').paragraphs) expect(r.stdout).toContain(p.text);
  });
});

describe('bad input: one line on stderr, no stack trace, non-zero exit', () => {
  const expectOneLineComplaint = (r: Run) => {
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/Error:|node:internal|\.ts:\d+/);
    expect(r.stderr.endsWith('\n')).toBe(true);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]!.trim().length).toBeGreaterThan(0);
    expect([...lines[0]!].length).toBeLessThan(200);
  };

  for (const name of Object.keys(BAD_QUESTIONS)) {
    it(`ask ${name}`, () => {
      const r = run(`bad ask: ${name}`);
      expectOneLineComplaint(r);
      expect(r.code).toBe(2);
    });
  }

  for (const n of BAD_OBSERVATIONS) {
    it(`observation ${n}`, () => {
      const r = run(`bad observation: ${n}`);
      expectOneLineComplaint(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(n);
    });
  }

  it('says why a question is too long', () => {
    expect(run('bad ask: random noise (5,000 characters)').stderr).toMatch(/5000/);
  });

  it('refuses an unknown command with exit 2 and the usage', () => {
    const r = run('unknownCommand');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('frobnicate');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('talk-qa console', () => {
  it('answers each slash command read from stdin', () => {
    const r = run('console');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    const help = out.indexOf(consoleHelp(engine, 'zh'));
    const answer = out.indexOf('obs6-p3');
    const refusal = out.indexOf((checkObservationNumber('9', observationRange(talk)) as { message: string }).message);
    const timeline = out.indexOf('他说2026年');
    expect(help, 'help').toBeGreaterThan(0);
    expect(answer, '/ask').toBeGreaterThan(help);
    expect(unmark(out)).toContain(paragraph('obs6-p3').text);
    expect(refusal, '/observation 9').toBeGreaterThan(answer);
    expect(timeline, '/timeline').toBeGreaterThan(refusal);
    for (const p of talk.predictions) expect(out).toContain(p.quote);
    expect(out).not.toMatch(/^\s+at /m);
  });
});

describe('the command line refuses what it does not understand', () => {
  const expectUsageError = (r: Run, mentions: string) => {
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(mentions);
    expect(r.stderr).toContain('Usage: talk-qa');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  };

  it('an unknown option, with the usage and exit 2 (not part of the question)', () => {
    expectUsageError(run('unknownFlag'), '--verbose');
    expectUsageError(run('unknownShortFlag'), '-x');
  });

  it('observation with two numbers', () => {
    expectUsageError(run('observationTwoNumbers'), '"3" "4"');
  });

  it('takes what follows -- as the question, and a full-width observation number', () => {
    const dashes = run('askDashDash');
    expect(dashes.stderr).not.toContain('Usage');
    expect(dashes.code).toBe(1); // asked, not covered
    const r = run('observationFullWidth');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(section('obs3').title);
  });

  it('ask --stdin without --json prints each question and its readable answer', () => {
    const r = run('askStdinReadable');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout.split('\n')[0]!)).toThrow();
    const blocks = r.stdout.trimEnd().split('\n\n> ');
    expect(blocks).toHaveLength(STDIN_QUESTIONS.length);
    STDIN_QUESTIONS.forEach((q, i) => expect(blocks[i]!.replace(/^> /, '').split('\n')[0]).toBe(q));
    expect(unmark(blocks[0]!)).toContain(paragraph('obs6-p3').text);
    expect(blocks[2]).toContain(LABELS.zh.notCovered);
  });

  it('about: the talk card, and as JSON the card rows', () => {
    const r = run('about');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${LABELS.zh.cardSpeaker}:${talk.meta.speaker.name}`);
    for (const s of talk.sections.filter((x) => x.kind === 'observation')) expect(r.stdout).toContain(`${s.number}. ${s.title}`);
    const rows = JSON.parse(run('aboutJson').stdout) as { field: string; zh: string }[];
    expect(rows.find((x) => x.field === 'speaker')!.zh).toBe(talk.meta.speaker.name);
  });
});

describe('the console as a person uses it', () => {
  it('takes a bare question as /ask, suggests /ask for /aks, reads ３, 三, ／observation 第五, shows /about', () => {
    const r = run('consoleHuman');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out).toContain(`${LABELS.zh.cardSpeaker}:${talk.meta.speaker.name}`); // 演讲者是谁, asked bare
    expect(out).toContain(LABELS.zh.didYouMean('aks', 'ask'));
    expect(out).toContain(LABELS.zh.didYouMean('obs', 'observation'));
    expect(out).toContain(LABELS.zh.unknownConsoleCommand('xyzzy'));
    // ３ and 三 both show observation 3, 第五 observation 5.
    expect(out.split(`[${section('obs3').paragraphs[0]!.id}]`)).toHaveLength(3);
    expect(out).toContain(`[${section('obs5').paragraphs[0]!.id}]`);
    expect(out).toContain(`${LABELS.zh.cardObservations}:`);
    expect(out).not.toMatch(/Unknown command|Try \/help/);
  });

  it('speaks one language a session: --lang en, or the terminal\'s locale', () => {
    const en = run('consoleEnglish').stdout;
    expect(en).toContain(consoleHelp(engine, 'en'));
    expect(en).toContain((checkObservationNumber('9', observationRange(talk)) as { messageEn: string }).messageEn);
    expect(en).toContain(LABELS.en.didYouMean('aks', 'ask'));
    expect(en).toContain('Observation 6'); // the bare Chinese question's answer, labelled in the session's English
    expect(en).not.toMatch(/没有|可用命令|观察 6/);
    const locale = run('consoleEnglishLocale').stdout;
    expect(locale).toContain((checkObservationNumber('0', observationRange(talk)) as { messageEn: string }).messageEn);
    expect(locale).toMatch(/^talk-qa console — /);
  });
});
