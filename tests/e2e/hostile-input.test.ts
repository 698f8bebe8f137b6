/**
 * Every command, fed its worst case through the real discord.js client against FakeDiscord: each option
 * 10 KB long and full of what must never be echoed (NUL, ESC, bidi overrides and isolates, noncharacters,
 * lone surrogates, mentions, markdown), a short form of the same that passes the length check (so it is
 * echoed, e.g. as the answer's title), options of the wrong type (a number for a string, a string for an
 * integer, an object), an unknown 10 KB command name, autocomplete on the same text, and button ids the bot
 * never made. For each, what the bot sent back is checked: it answered, within Discord's limits (FakeDiscord
 * refuses anything over them with 400, and payloadProblems() says which), with no such code point in any
 * string, and — for a wrong type — with the same clear message as for bad input, never "something went wrong".
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadCommands } from '../../src/bot/load-commands.ts';
import { payloadProblems } from '../../src/discord/limits.ts';
import { AnswerEngine } from '../../src/engine/answer-engine.ts';
import { checkObservationNumber, checkQuestion, observationRange } from '../../src/engine/user-input.ts';
import { LABELS } from '../../src/render/labels.ts';
import { hasUnsafeCodePoints } from '../../src/text/strings.ts';
import { startBotWithStore, type BotWithStore } from '../../test-support/bot-with-store.ts';
import { FakeDiscord, snowflake, type CommandOption } from '../../test-support/fake-discord.ts';

const MANAGE_GUILD = String(1 << 5);

/** One of everything that must not come back: controls, ANSI escape, bidi, noncharacters, lone surrogates, pings, markdown. */
const ODD = '\u0000\u0007\u001b[31m\u007f\u0085\u202e\u2066\u061c\u200f\ufdd0\ufffe\uffff\u{10ffff}\ud800\udfff😀@everyone <@123456789012345678> `**x**` 自主智能 AGI ';
const repeatTo = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);
/** 10 KB of it. */
const HUGE = repeatTo(ODD, 10_240);
/** Short enough to pass the question check (it is then echoed as the answer's title). */
const SHORT = repeatTo(ODD, 150);

const engine = AnswerEngine.fromCorpus();
let running: BotWithStore;
let fake: FakeDiscord;
let logs: string[];

beforeAll(async () => {
  running = await startBotWithStore({ engine });
  ({ fake, logs } = running);
});

afterAll(() => running?.close());

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const fresh = () => ({ user: { id: snowflake(Date.now() - 900 * 86_400_000), username: 'hostile' } });

/**
 * Sends a payload, waits for its callback, and checks everything the bot sent for it (the callback, and any
 * edit or follow-up on its token): within limits, no unsafe code point, no error logged. Returns the callback data.
 */
async function exchange(payload: any): Promise<{ type: number; data: any }> {
  const logsBefore = logs.length;
  const from = fake.requests.length;
  await fake.dispatchInteraction(payload);
  const callback = await fake.waitForCallback(payload.id, 10_000);
  await new Promise((r) => setTimeout(r, 30)); // an edit or follow-up right after the callback
  const sent = fake.requests.slice(from).filter((r) => r.path.includes(payload.token));
  expect(sent.map((r) => r.status)).toEqual(sent.map(() => expect.any(Number)));
  for (const request of sent) {
    expect(request.status, `${request.method} ${request.path.slice(0, 50)} → ${JSON.stringify(request.response)}`).toBeLessThan(300);
    const body = /\/callback$/.test(request.path) ? request.body?.data : request.body;
    if (!body) continue;
    expect(payloadProblems(body)).toEqual([]);
    const unsafe = strings(body).filter(hasUnsafeCodePoints);
    expect(unsafe.map((s) => JSON.stringify(s.slice(0, 80)))).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/@everyone|<@\d+>/);
  }
  const newLogs = logs.slice(logsBefore);
  expect(newLogs.filter((l) => l.startsWith('error handling') || l.startsWith('interaction dropped'))).toEqual([]);
  expect(JSON.stringify(callback.data ?? {})).not.toContain(LABELS.en.error);
  return { type: callback.type, data: callback.data };
}

const commandPayload = (name: string, options: CommandOption[], locale = 'en-US', extra: object = {}) =>
  fake.buildCommand(name, options, { locale, ...fresh(), memberPermissions: MANAGE_GUILD, ...extra });

describe('each command, its worst case', async () => {
  const commands = await loadCommands();
  const names = [...commands.keys()];

  test('every command in commands/ is covered below (a new one is too, with its declared options)', () => {
    expect(names).toEqual(expect.arrayContaining(['ask', 'gaps', 'observation', 'timeline']));
  });

  for (const name of names) {
    const declared = (commands.get(name)!.data.toJSON().options ?? []) as Array<{ name: string; type: number }>;
    test(`/${name}: every option 10 KB of odd code points, then 150 characters of them — answered, clean, within limits`, async () => {
      for (const text of [HUGE, SHORT]) {
        // An option the command does not have, too: the bot must ignore it, not echo it.
        const options: CommandOption[] = [...declared.map((o) => ({ name: o.name, type: 3, value: text })), { name: 'extra', type: 3, value: text }];
        for (const locale of ['en-US', 'zh-CN']) {
          const { type } = await exchange(commandPayload(name, options, locale));
          expect([4, 5]).toContain(type);
        }
      }
    });
  }

  test('/ask: the short odd question is answered with its title cleaned — the words kept, nothing invisible', async () => {
    const { data } = await exchange(commandPayload('ask', [{ name: 'question', type: 3, value: '\u202e什么是\u0000自主\u2066智能\ufffe?' }]));
    expect(data.embeds[0].title).toBe('什么是自主智能?');
  });

  test('wrong option types get the message bad input gets, not "something went wrong"', async () => {
    const empty = checkQuestion('');
    if (empty.ok) throw new Error('an empty question passed the check');
    for (const value of [{ a: 1 }, [1, 2], null, true]) {
      const { data } = await exchange(commandPayload('ask', [{ name: 'question', type: 3, value: value as never }]));
      const expected = value === true ? undefined : empty.messageEn;
      if (expected) expect(data.embeds?.[0]?.description ?? data.content).toContain(expected);
      else expect(data.embeds?.length ?? 0).toBeGreaterThan(0); // "true" is a question like any other
    }
    // A number where a string is expected is read as the number's text; a string where an integer is.
    const number = await exchange(commandPayload('ask', [{ name: 'question', type: 10, value: 42 }]));
    expect(number.type).toBe(4);
    const badObservation = checkObservationNumber('abc', observationRange(engine.talk));
    if (badObservation.ok) throw new Error('"abc" passed the observation check');
    const observation = await exchange(commandPayload('observation', [{ name: 'number', type: 3, value: 'abc' }]));
    expect(observation.data.embeds?.[0]?.description ?? observation.data.content).toContain(badObservation.messageEn);
    const since = await exchange(commandPayload('gaps', [{ name: 'since', type: 4, value: 30 }]));
    expect(since.data.embeds[0].title).toBe(`${LABELS.en.gapsTitle} · 7d`);
  });

  test('an unknown command with a 10 KB odd name: one short, clean line', async () => {
    const { data } = await exchange(fake.buildCommand(HUGE, [], { locale: 'en-US', ...fresh() }));
    expect(data.content.length).toBeLessThan(120);
    expect(data.content.startsWith('Unknown command /')).toBe(true);
  });

  test('autocomplete on 10 KB of odd code points, and on the short form: clean choices within limits', async () => {
    for (const text of [HUGE, SHORT, '\ud800', '']) {
      const { type, data } = await exchange(fake.buildAutocomplete('ask', [{ name: 'question', type: 3, value: text }], { locale: 'en-US', ...fresh() }));
      expect(type).toBe(8);
      expect(Array.isArray(data.choices)).toBe(true);
    }
  });

  test('button ids the bot never made (10 KB, odd code points, huge numbers): the "not valid" notice, clean', async () => {
    for (const id of [HUGE, SHORT, `fb:zh:up:${'9'.repeat(10_000)}`, 'obs:zh:99:99', 'ctx:en:\u202eobs1-p1', 'more:en:obs1-p1,\u0000']) {
      const { data } = await exchange(fake.buildButton(id, { locale: 'en-US', ...fresh() }));
      expect(data.content).toBe(LABELS.en.buttonExpired);
    }
  });
});
