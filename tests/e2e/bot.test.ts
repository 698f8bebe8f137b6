/**
 * The real bot (src/bot/client.ts startBot, the commands in commands/, the real engine over the real
 * corpus) logged in to FakeDiscord over a real gateway and REST: every assertion is on the exact bodies
 * the bot sends. One bot and one fake are shared by the file; every interaction comes from its own user
 * id so the per-user cooldown of one test never throttles another. After each test, every message body
 * the bot sent during it is held to payloadProblems() (src/discord/limits.ts).
 */
import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startBot, type StartedBot } from '../../src/bot/client.ts';
import { loadConfig, type BotConfig } from '../../src/bot/config.ts';
import { deployCommands } from '../../src/bot/deploy.ts';
import { payloadProblems } from '../../src/discord/limits.ts';
import { AnswerEngine } from '../../src/engine/answer-engine.ts';
import { checkQuestion } from '../../src/engine/user-input.ts';
import { observationPages } from '../../src/discord/payloads.ts';
import { LABELS } from '../../src/render/labels.ts';
import { escapeMarkdown } from '../../src/discord/markdown.ts';
import { translationParts } from '../../src/render/quote.ts';
import { CORPUS_DIR } from '../../src/paths.ts';
import { toTraditional } from '../../src/text/normalize.ts';
import { markdownProblems, payloadTexts } from '../../test-support/markdown.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Section } from '../../src/talk/types.ts';
import { FakeDiscord, snowflake, type RecordedRequest } from '../../test-support/fake-discord.ts';

/* ───────────────────────────── harness ───────────────────────────── */

const TODAY = new Date('2026-11-29T00:00:00Z');
const EPHEMERAL = 64;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** discord.js sends the client's NO_MENTIONS ({ parse: [], repliedUser: false }) as this. */
const NO_MENTIONS_BODY = { parse: [], replied_user: false };

/** The same engine the bot runs, for expectations that follow the corpus rather than hard-code it. */
const engine = AnswerEngine.fromCorpus();

/** A BotConfig with the defaults of an empty environment, pointed at a fake. */
function configFor(fake: FakeDiscord, extra: Partial<BotConfig> = {}): BotConfig {
  return { ...loadConfig({}, false), token: fake.token, apiUrl: fake.apiBase, ...extra };
}

interface RunningBot {
  fake: FakeDiscord;
  bot: StartedBot;
  logs: string[];
  /** How far fake.requests has been held to payloadProblems(). */
  checked: number;
}

async function launch(engineForBot: AnswerEngine, options: { workDelayMs?: number; deferAfterMs?: number } = {}): Promise<RunningBot> {
  const fake = await FakeDiscord.start();
  const logs: string[] = [];
  const bot = await startBot({ config: configFor(fake), engine: engineForBot, now: () => TODAY, log: (line) => logs.push(line), ...options });
  // login() resolves at READY; ClientReady follows once the guilds have arrived.
  if (!bot.client.isReady()) await once(bot.client, Events.ClientReady);
  return { fake, bot, logs, checked: 0 };
}

async function shutdown(running: RunningBot | undefined): Promise<void> {
  if (!running) return;
  await running.bot.stop().catch(() => undefined);
  await running.fake.close();
}

/** Every message-like body the bot sent (callbacks, edits, follow-ups, channel messages), from request `from` on. */
function sentPayloads(fake: FakeDiscord, from = 0): Array<{ request: RecordedRequest; payload: any }> {
  const out: Array<{ request: RecordedRequest; payload: any }> = [];
  for (const request of fake.requests.slice(from)) {
    const { method, path } = request;
    if (method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(path)) {
      if (request.body?.data) out.push({ request, payload: request.body.data });
    } else if ((method === 'PATCH' || method === 'POST') && path.startsWith('/webhooks/')) {
      out.push({ request, payload: request.body ?? {} });
    } else if (method === 'POST' && /^\/channels\/[^/]+\/messages$/.test(path)) {
      out.push({ request, payload: request.body ?? {} });
    }
  }
  return out;
}

let payloadsChecked = 0;

/** Holds everything sent since the last check to Discord's limits; returns the problems found. */
function limitProblems(running: RunningBot): string[] {
  const problems: string[] = [];
  for (const { request, payload } of sentPayloads(running.fake, running.checked)) {
    payloadsChecked++;
    const where = `${request.method} ${request.path.replace(/\/[\w-]{60,}/, '/…')}`;
    for (const problem of payloadProblems(payload)) problems.push(`${where}: ${problem}`);
    // No stray, touching or nested bold in anything the bot sent (parsed as Discord's renderer parses it).
    for (const text of payloadTexts(payload)) for (const problem of markdownProblems(text)) problems.push(`${where}: ${problem}`);
  }
  running.checked = running.fake.requests.length;
  return problems;
}

/** A fresh user for each interaction group: the cooldown is per user id. */
function newUser(name = 'user'): { id: string; username: string; global_name: string } {
  const id = snowflake(Date.now() - 700 * 86_400_000);
  return { id, username: `${name}${id.slice(-5)}`, global_name: name };
}

let main: RunningBot;

beforeAll(async () => {
  main = await launch(AnswerEngine.fromCorpus());
});

afterEach(() => {
  if (main) expect(limitProblems(main)).toEqual([]);
});

afterAll(async () => {
  if (main) {
    const problems = limitProblems(main);
    await shutdown(main);
    expect(problems).toEqual([]);
    // Sanity: the limit check really looked at the traffic of the file.
    expect(payloadsChecked).toBeGreaterThan(40);
  }
});

/** /ask as `user` in `locale`, answered with a callback. */
function ask(question: string, locale = 'zh-CN', user = newUser()) {
  return main.fake.command('ask', { question }, { locale, user });
}

/** The paragraph ids the engine answers a question with, best first (as the bot sees the question). */
function idsOfAnswer(question: string): string[] {
  const checked = checkQuestion(question);
  return engine.ask(checked.ok ? checked.question : question).results.map((r) => r.id);
}

/* ───────────────────────────── /ask ───────────────────────────── */

describe('/ask', () => {
  test('什么是自主智能 (zh-CN): quote of obs6-p3 with its key sentence in bold, citation, two more matches, footer, buttons', async () => {
    const { interaction, callback } = await ask('什么是自主智能', 'zh-CN');
    const ids = idsOfAnswer('什么是自主智能');
    expect(ids[0]).toBe('obs6-p3');
    const { before, key, after } = keyParts('什么是自主智能');
    expect(key).toContain('自主智能');

    expect(callback.type).toBe(4);
    const data = callback.data;
    expect(data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    expect((data.flags ?? 0) & EPHEMERAL).toBe(0); // an answer is public
    expect(data.content ?? '').toBe('');
    expect(data.embeds).toHaveLength(1);
    const [embed] = data.embeds;

    expect(embed.title).toBe('什么是自主智能');
    const [quote, citation] = embed.description.split('\n\n');
    // The whole paragraph, quoted, and the sentence that answers in bold (not scattered words).
    expect(quote).toBe(`> ${before}**${key}**${after}`);
    expect(citation).toBe('— 观察 6「大模型的未来:自主智能的世界」 · `obs6-p3`');

    expect(embed.fields).toHaveLength(2);
    expect(embed.fields.map((f: any) => f.name)).toEqual(ids.slice(1, 3).map((id) => `${citedSection(id, 'zh')} · ${id}`));
    for (const [i, field] of embed.fields.entries()) {
      expect(field.value).not.toContain('**');
      expect(engine.paragraph(ids[i + 1]!)!.paragraph.text).toContain(field.value.replace(/…$/, ''));
    }

    const meta = engine.talk.meta;
    expect(embed.footer.text).toBe(`${meta.speaker.name} · 2024 T-EDGE创新大会暨钛媒体财经年会 · ${meta.date}`);
    expect(embed.footer.text).toContain('张宏江');
    expect(embed.footer.text).toContain('2024-12-07');

    expect(data.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, label: '上下文', custom_id: 'ctx:zh:obs6-p3' },
          { type: 2, style: 2, label: '更多结果', custom_id: `more:zh:${ids.join(',')}` },
        ],
      },
    ]);
    // What the channel shows is what was sent.
    expect(main.fake.originalMessage(interaction.id)).toMatchObject({ type: 20, embeds: [{ type: 'rich', title: '什么是自主智能' }] });
  });

  test('什麼是具身智能 (zh-TW): the quote and labels in Traditional characters, the Simplified original a button away', async () => {
    const user = newUser();
    const { callback } = await ask('什麼是具身智能', 'zh-TW', user);
    const ids = idsOfAnswer('什麼是具身智能');
    const { paragraph, section } = engine.paragraph(ids[0]!)!;
    expect(section.number).toBe(5);
    const { before, key, after } = keyParts('什麼是具身智能');

    expect(callback.type).toBe(4);
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe('什麼是具身智能');
    const [quote, citation] = embed.description.split('\n\n');
    expect(quote).toBe(`> ${toTraditional(before)}**${toTraditional(key)}**${toTraditional(after)}`);
    expect(quote).toContain('具身智慧'); // Taiwan phrasing, not the Simplified 具身智能
    expect(citation).toBe(`— 觀察 5「${toTraditional(section.title)}」 · \`${ids[0]}\``);
    expect(embed.footer.text).toContain('張宏江');
    expect(callback.data.components[0].components.map((b: any) => [b.label, b.custom_id])).toEqual([
      ['上下文', `ctx:zh-tw:${ids[0]}`],
      ['簡體原文', `orig:zh-tw:${ids[0]}`],
      ['更多結果', `more:zh-tw:${ids.join(',')}`],
    ]);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);

    const original = await main.fake.button(`orig:zh-tw:${ids[0]}`, { locale: 'zh-TW', user });
    expect(original.callback.type).toBe(4);
    expect(original.callback.data.flags).toBe(EPHEMERAL);
    expect(original.callback.data.embeds[0].title).toBe(`簡體原文 · 观察 5「${section.title}」`);
    expect(original.callback.data.embeds[0].description).toBe(`${paragraph.text}\n\n\`${ids[0]}\``);
  });

  test('English locale (en-US): the project’s translation of the quote, labelled, the original below it and a button away', async () => {
    const user = newUser();
    const { callback } = await ask('What is autonomous intelligence?', 'en-US', user);
    const ids = idsOfAnswer('What is autonomous intelligence?');
    expect(ids[0]).toBe('obs6-p3');
    const { paragraph } = engine.paragraph('obs6-p3')!;
    const translation = paragraph.enrichment!.en!;
    const { before, key, after } = keyParts('What is autonomous intelligence?');

    const [embed] = callback.data.embeds;
    expect(embed.title).toBe('What is autonomous intelligence?');
    const [translated, original, citation] = embed.description.split('\n\n');
    // The translation's sentences line up with the original's: the same sentence is bold in both.
    const english = translationParts(engine.ask('What is autonomous intelligence?').results[0]!);
    expect(english.before + english.key + english.after).toBe(translation);
    expect(english.key).toMatch(/^In the future.*"autonomous intelligence"\.$/);
    expect(translated).toBe(`${LABELS.en.translatedBy} ${LABELS.en.originalBelow}\n> ${escapeMarkdown(english.before)}**${escapeMarkdown(english.key)}**${escapeMarkdown(english.after)}`);
    expect(original).toBe(`**${LABELS.en.original}**\n> ${before}**${key}**${after}`);
    expect(citation).toMatch(/^— Observation 6: [^·]+ · `obs6-p3`$/);
    expect(embed.fields.map((f: any) => f.name)).toEqual(ids.slice(1, 3).map((id) => `${citedSection(id, 'en')} · ${id}`));
    for (const f of embed.fields) expect(f.value).not.toMatch(/\p{Script=Han}/u); // the others in English too
    expect(embed.footer.text).toBe('Zhang Hongjiang · 2024 T-EDGE · 2024-12-07');
    expect(callback.data.components[0].components.map((b: any) => [b.label, b.custom_id])).toEqual([
      ['Context', 'ctx:en:obs6-p3'],
      ['原文 / Original', 'orig:en:obs6-p3'],
      ['More results', `more:en:${ids.join(',')}`],
    ]);

    const button = await main.fake.button('orig:en:obs6-p3', { locale: 'en-US', user });
    expect(button.callback.data.flags).toBe(EPHEMERAL);
    expect(button.callback.data.embeds[0].title).toBe(`${LABELS.en.original} · 观察 6「${engine.observation(6)!.title}」`);
    expect(button.callback.data.embeds[0].description).toBe(`${paragraph.text}\n\n\`obs6-p3\``);
  });

  test('en-US: every answered development question carries the English translation of its quote, labelled', async () => {
    const questions = devQuestions();
    let answered = 0;
    for (const q of questions) {
      const checked = checkQuestion(q);
      const answer = engine.ask(checked.ok ? checked.question : q);
      const { callback } = await ask(q, 'en-US');
      // (An answer about the talk itself is the talk card's facts, in English, not a quote.)
      if (!answer.answered || answer.fact) continue;
      answered++;
      const translation = engine.paragraph(answer.results[0]!.id)!.paragraph.enrichment!.en!;
      const description: string = callback.data.embeds[0].description;
      expect(description.startsWith(`${LABELS.en.translatedBy}`), q).toBe(true);
      expect(description.replaceAll('**', ''), q).toContain(`> ${escapeMarkdown(translation).slice(0, 100)}`);
    }
    expect(answered).toBeGreaterThan(questions.length / 2);
  });

  test('a question whose answer introduces a list carries the list (zh-CN and en-US)', async () => {
    const zh = await ask('大模型应用分为哪几个阶段', 'zh-CN');
    expect(zh.callback.data.embeds[0].description).toContain('`obs3-p3`');
    const list = zh.callback.data.embeds[0].fields.find((f: any) => f.name === LABELS.zh.listItems);
    expect(list.value.split('\n')).toHaveLength(4);
    expect(list.value.split('\n')[0]).toBe(`1) ${engine.paragraph('obs3-p4')!.paragraph.text.replace(/^1\)/, '')}`);
    expect(idsOfAnswer('What are the stages of large model applications?')[0]).toBe('obs3-p3');
    const en = await ask('What are the stages of large model applications?', 'en-US');
    const items = en.callback.data.embeds[0].fields.find((f: any) => f.name === LABELS.en.listItems);
    expect(items.value.split('\n')).toHaveLength(4);
    expect(items.value).not.toMatch(/\p{Script=Han}/u);
  });

  test('a question in a DM (no guild) is answered the same way', async () => {
    const { callback } = await main.fake.command('ask', { question: '什么是自主智能' }, { guildId: null, locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(4);
    expect(callback.data.embeds[0].description).toContain('`obs6-p3`');
  });

  test('not covered (今天北京天气怎么样): says so, lists the observations, no buttons', async () => {
    expect(engine.ask('今天北京天气怎么样').answered).toBe(false);
    const { callback } = await ask('今天北京天气怎么样', 'zh-CN');

    expect(callback.type).toBe(4);
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe('今天北京天气怎么样');
    const lines = embed.description.split('\n');
    expect(lines[0]).toBe(`**${LABELS.zh.notCovered}**`);
    expect(lines).toContain(LABELS.zh.talkCovers);
    const bullets = lines.filter((l: string) => l.startsWith('• '));
    expect(bullets).toHaveLength(7);
    for (let n = 1; n <= 6; n++) expect(bullets[n - 1]).toContain(`观察 ${n}「${engine.observation(n)!.title}」`);
    expect(bullets[6]).toBe('• 结语');
    expect(embed.fields ?? []).toEqual([]);
    expect(callback.data.components).toEqual([]);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
  });

  test('not covered in English', async () => {
    const { callback } = await ask('What is the weather in Beijing today?', 'en-US');
    const [embed] = callback.data.embeds;
    expect(embed.description.split('\n')[0]).toBe(`**${LABELS.en.notCovered}**`);
    expect(embed.description).toContain('• Observation 1: ');
    expect(callback.data.components).toEqual([]);
  });

  test('not covered because the talk lacks the kind of answer asked for: the reply says what it lacks', async () => {
    const zh = await ask('T-EDGE大会的门票多少钱', 'zh-CN');
    expect(zh.callback.data.embeds[0].description.split('\n')[0]).toBe(`**${LABELS.zh.notCoveredNoPrice}**`);
    const en = await ask('What does Hinton like?', 'en-US');
    expect(en.callback.data.embeds[0].description.split('\n')[0]).toBe(`**${LABELS.en.notCoveredOnlyNames}**`);
    expect(en.callback.data.components).toEqual([]);
  });

  test('hostile input: mentions never ping, markdown is escaped, a long title is cut to fit', async () => {
    const question = `@everyone <@&123> <@!456> <#789> @here **bold** @everyone_team 什么是自主智能 ` + '\\*'.repeat(60);
    expect([...question].length).toBeLessThanOrEqual(200);
    const { callback, interaction } = await ask(question, 'zh-CN');

    expect(callback.type).toBe(4);
    const data = callback.data;
    expect(data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    const title: string = data.embeds[0].title;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('…')).toBe(true); // escaping made it longer than an embed title
    expect(title.startsWith('\\*\\*bold\\*\\* ')).toBe(true);
    expect(title).toContain('@\u200deveryone\\_team'); // the one mention-like word kept is broken
    expect(title).toContain('什么是自主智能 \\\\\\*\\\\\\*'); // a typed backslash is escaped too
    // Nowhere in what was sent is there a live mention.
    const sent = JSON.stringify(data);
    expect(sent).not.toMatch(/@(everyone|here)/);
    expect(sent).not.toMatch(/<(@[!&]?|#)\d+>/);
    expect(main.fake.originalMessage(interaction.id)!.mention_everyone).toBe(false);
  });

  test.each([
    ['empty', ''],
    ['blank', ' \t  '],
    ['emoji only', '😀🎉🔥'],
    ['mentions only', '@everyone <@&123>'],
    ['too long', '为'.repeat(201)],
  ])('%s question: an ephemeral, clear notice (zh and en)', async (_kind, raw) => {
    const checked = checkQuestion(raw);
    if (checked.ok) throw new Error('expected a rejected question');
    for (const [locale, text] of [['zh-CN', checked.message], ['en-US', checked.messageEn]] as const) {
      const { callback } = await ask(raw, locale);
      expect(callback.type).toBe(4);
      expect(callback.data).toMatchObject({ content: text, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
      expect(callback.data.embeds ?? []).toEqual([]);
      expect(callback.data.components ?? []).toEqual([]);
    }
  });

  test('autocomplete for a partial question: at most 25 choices, each ≤ 100, with a 自主智能 suggestion, each answered', async () => {
    const { callback } = await main.fake.autocomplete('ask', { question: '自主' }, { locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(8);
    const choices: Array<{ name: string; value: string }> = callback.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(String(c.value).length).toBeLessThanOrEqual(100);
      expect(c.value).toBe(c.name);
    }
    expect(choices.some((c) => c.name.includes('自主智能'))).toBe(true);
    // Each suggestion, sent as /ask, is answered (through the bot, as a user would send it).
    for (const c of choices.slice(0, 5)) {
      const { callback: reply } = await ask(c.value, 'zh-CN');
      expect(reply.data.embeds[0].description.split('\n')[0], c.value).not.toBe(`**${LABELS.zh.notCovered}**`);
      expect(engine.ask(c.value).answered, c.value).toBe(true);
    }
  });

  test('autocomplete in Traditional (zh-TW): the questions in Traditional characters, each answered', async () => {
    for (const typed of ['', '機器']) {
      const { callback } = await main.fake.autocomplete('ask', { question: typed }, { locale: 'zh-TW', user: newUser() });
      const choices: Array<{ name: string; value: string }> = callback.data.choices;
      expect(choices.length, typed).toBeGreaterThan(0);
      for (const c of choices) {
        expect(toTraditional(c.name), c.name).toBe(c.name);
        expect(engine.ask(c.value).answered, c.value).toBe(true);
      }
      expect(choices.some((c) => c.name !== c.name.replace(/[機器講說這個麼為們點觀]/g, '')), typed).toBe(true);
    }
  });

  test('autocomplete in English (en-US): English questions, for nothing typed and for a prefix, each answered', async () => {
    for (const typed of ['', 'What', 'Scal']) {
      const { callback } = await main.fake.autocomplete('ask', { question: typed }, { locale: 'en-US', user: newUser() });
      const choices: Array<{ name: string; value: string }> = callback.data.choices;
      expect(choices.length, typed).toBeGreaterThan(0);
      for (const c of choices) {
        expect(c.name, typed).not.toMatch(/\p{Script=Han}/u);
        expect(c.name, typed).toMatch(/\?$/);
        expect(engine.ask(c.value).answered, c.value).toBe(true);
      }
    }
  });

  test('autocomplete with nothing typed, and with over-long text, stays within the limits', async () => {
    const empty = await main.fake.autocomplete('ask', { question: '' }, { user: newUser() });
    expect(empty.callback.data.choices.length).toBeGreaterThan(0);
    expect(empty.callback.data.choices.length).toBeLessThanOrEqual(25);

    const long = await main.fake.autocomplete('ask', { question: '自主智能'.repeat(60) }, { user: newUser() });
    expect(long.callback.data.choices.length).toBeGreaterThan(0);
    for (const c of long.callback.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  test('autocomplete never cuts typed text inside a surrogate pair (emoji) nor sends a lone surrogate', async () => {
    // Regression: suggestQuestions() used to slice what was typed to 100 UTF-16 units, so with an emoji
    // astride the cut the first choice ended in half a character, which is not valid text for Discord.
    const typed = 'a' + '😀'.repeat(60);
    const { callback } = await main.fake.autocomplete('ask', { question: typed }, { user: newUser() });
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const c of callback.data.choices) {
      expect(loneSurrogate.test(c.name), `choice ${JSON.stringify(c.name.slice(-3))}`).toBe(false);
      expect(c.name.length).toBeLessThanOrEqual(100);
    }
  });
});

/* ───────────────────────────── questions about the talk, /about, /help ───────────────────────────── */

describe('the talk itself', () => {
  const { meta } = engine.talk;
  const observationTitles = (lang: 'zh' | 'en') => engine.talk.sections.filter((s) => s.kind === 'observation').map((s) => (lang === 'zh' ? s.title : s.titleEn));

  test('/ask 演讲者是谁 and "Who is the speaker?": the speaker and role from the front matter, cited, with where the text says so', async () => {
    const zh = (await ask('演讲者是谁', 'zh-CN')).callback.data.embeds[0];
    expect(zh.title).toBe('演讲者是谁');
    expect(zh.description).toContain(`${LABELS.zh.cardSpeaker}:${meta.speaker.name}`);
    expect(zh.description).toContain(meta.speaker.role!);
    expect(zh.description).toContain(LABELS.zh.fromFrontMatter);
    expect(zh.fields[0].name).toMatch(new RegExp(`^${LABELS.zh.statedIn} · news-p\\d+$`));
    const en = (await ask('Who is the speaker?', 'en-US')).callback.data.embeds[0];
    expect(en.description).toContain(`${LABELS.en.cardSpeaker}: ${meta.speaker.nameEn}`);
    expect(en.description).toContain(meta.speaker.roleEn!);
    expect(en.description).toContain(LABELS.en.fromFrontMatter);
  });

  test('/ask 演講者是誰 (zh-TW): the facts, labels and the text that states them in Traditional characters', async () => {
    const [embed] = (await ask('演講者是誰', 'zh-TW')).callback.data.embeds;
    expect(embed.description).toContain(`演講者:${toTraditional(meta.speaker.name)}`);
    expect(embed.description).toContain(toTraditional(meta.speaker.role!));
    expect(embed.fields[0].value).toBe(toTraditional(embed.fields[0].value));
    expect(embed.fields[0].value).toMatch(/\p{Script=Han}/u);
  });

  test('/ask for the date, the place, the author and the observations, in both languages', async () => {
    const cases: [string, string, string[]][] = [
      ['这场演讲是什么时候', 'zh-CN', [`${LABELS.zh.cardDate}:`]],
      ['When was the talk given?', 'en-US', [`${LABELS.en.cardDate}: `]],
      ['演讲在哪里举行', 'zh-CN', [meta.place!]],
      ['Where was the talk given?', 'en-US', [meta.placeEn!]],
      ['这篇文章是谁写的', 'zh-CN', [meta.author!]],
      ['六点观察分别是什么', 'zh-CN', observationTitles('zh')],
      ['What are the six observations?', 'en-US', observationTitles('en')],
    ];
    for (const [question, locale, holds] of cases) {
      const [embed] = (await ask(question, locale)).callback.data.embeds;
      for (const h of holds) expect(embed.description, question).toContain(h.replace(/[*_~`|>]/g, (c) => `\\${c}`));
    }
  });

  test('/about in zh-CN, zh-TW and en-US: the talk card — title, speaker and role, event, date, place, the observations as a list', async () => {
    const card = async (locale: string) => (await main.fake.command('about', {}, { locale, user: newUser() })).callback;
    const zh = await card('zh-CN');
    expect(zh.type).toBe(4);
    expect(zh.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    const [embed] = zh.data.embeds;
    expect(embed.title).toBe(meta.talkTitle);
    const lines: string[] = embed.description.split('\n');
    expect(lines).toContain(`${LABELS.zh.cardSpeaker}:${meta.speaker.name}`);
    expect(lines).toContain(`${LABELS.zh.cardRole}:${meta.speaker.role}`);
    expect(lines).toContain(`${LABELS.zh.cardEvent}:${meta.event}`);
    expect(lines).toContain(`${LABELS.zh.cardPlace}:${meta.place}`);
    expect(lines.some((l) => l.startsWith(`${LABELS.zh.cardDate}:${meta.date!.slice(0, 4)}年`))).toBe(true);
    observationTitles('zh').forEach((t, i) => expect(lines).toContain(`${i + 1}. ${t}`));
    expect(embed.footer.text).toContain(LABELS.zh.fromFrontMatter);

    const tw = (await card('zh-TW')).data.embeds[0];
    expect(tw.title).toBe(toTraditional(meta.talkTitle));
    expect(tw.description).toContain('演講者');
    expect(tw.description).not.toContain('演讲者');
    expect(tw.description).toContain(toTraditional(meta.speaker.role!));

    const en = (await card('en-US')).data.embeds[0];
    expect(en.title).toBe(meta.titleEn);
    expect(en.description).toContain(`${LABELS.en.cardSpeaker}: ${meta.speaker.nameEn}`);
    expect(en.description).toContain(`${LABELS.en.cardEvent}: ${meta.eventEn}`);
    observationTitles('en').forEach((t, i) => expect(en.description).toContain(`${i + 1}. ${t}`));
    // Names the front matter gives only in Chinese (publisher, author, editor) stay as written; the rest is English.
    const names = [meta.publisher, meta.author, meta.editor];
    for (const line of en.description.split('\n')) if (!names.some((n) => n && line.endsWith(n))) expect(line).not.toMatch(/\p{Script=Han}/u);
  });

  test('/help: ephemeral, every command with an example, under the names the reader sees, in their language', async () => {
    const zh = (await main.fake.command('help', {}, { locale: 'zh-CN', user: newUser() })).callback;
    expect((zh.data.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const fields: { name: string; value: string }[] = zh.data.embeds[0].fields;
    expect(fields.map((f) => f.name)).toEqual(['/提问', '/观察', '/时间线', '/关于', '/帮助', '/缺口']);
    for (const f of fields) expect(f.value).toMatch(/例:`\/\S+/);
    const askExample = /`\/提问 问题:(.+)`/.exec(fields[0]!.value)![1]!;
    expect(engine.ask(askExample).answered).toBe(true);
    expect(fields[1]!.value).toContain('`/观察 编号:1`');

    const en = (await main.fake.command('help', {}, { locale: 'en-US', user: newUser() })).callback.data.embeds[0];
    expect(en.fields.map((f: any) => f.name)).toEqual(['/ask', '/observation', '/timeline', '/about', '/help', '/gaps']);
    const enExample = /`\/ask question:(.+)`/.exec(en.fields[0].value)![1]!;
    expect(enExample).not.toMatch(/\p{Script=Han}/u);
    expect(engine.ask(enExample).answered).toBe(true);
    for (const f of en.fields) expect(f.value).not.toMatch(/\p{Script=Han}/u);

    const tw = (await main.fake.command('help', {}, { locale: 'zh-TW', user: newUser() })).callback.data.embeds[0];
    expect(tw.fields[0].name).toBe('/提問');
    expect(tw.fields[0].value).toContain('`/提問 問題:');
    const twExample = /`\/提問 問題:(.+)`/.exec(tw.fields[0].value)![1]!;
    expect(toTraditional(twExample)).toBe(twExample);
    expect(engine.ask(twExample).answered).toBe(true);
  });
});

/* ───────────────────────────── /timeline ───────────────────────────── */

describe('/timeline', () => {
  test('deferred, then the embed with the four predictions against 2026-11-29 and the chart PNG', async () => {
    const { interaction, callback } = await main.fake.command('timeline', [], { locale: 'zh-CN', user: newUser() });
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });

    const edit = await main.fake.waitForEdit(interaction.id, { timeoutMs: 15_000 });
    expect(edit.method).toBe('PATCH');
    expect(edit.contentType).toMatch(/^multipart\/form-data/);
    expect(edit.body.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    expect(edit.body.embeds).toHaveLength(1);
    const [embed] = edit.body.embeds;

    // The title is what the corpus says the predictions are about (predictions.json "topic").
    expect(embed.title).toBe(engine.talk.predictionTopic!.zh);
    expect(embed.description).toBe('演讲日期 2024-12-07 · 截至 2026-11-29');
    const names: string[] = embed.fields.map((f: any) => f.name);
    expect(names).toEqual([
      '2024 · 马斯克 (Elon Musk) · ✅ 已到',
      '2026 · 达里奥·阿莫迪 (Dario Amodei) · ⏳ 进行中',
      '2029–2044 · 辛顿 (Geoffrey Hinton) · 🔭 未到',
      '2034 · 戴密斯·哈萨比斯 (Demis Hassabis) · 🔭 未到',
    ]);
    for (const field of embed.fields) expect(field.value).toMatch(/^「[^」]+」 — .+\n.+ · `conclusion-p\d+`$/);
    expect(embed.fields[0].value).toContain('「他说已经到了」');
    expect(embed.footer.text).toContain('张宏江');
    expect(embed.image).toEqual({ url: 'attachment://timeline.png' });

    // The chart: one PNG file part, referenced by the embed.
    expect(edit.files).toHaveLength(1);
    const [file] = edit.files;
    expect(file!.filename).toBe('timeline.png');
    expect(file!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(file!.data.length).toBeGreaterThan(1000);
    expect(edit.body.attachments).toEqual([expect.objectContaining({ id: '0', description: engine.talk.predictionTopic!.en })]);

    const original = main.fake.originalMessage(interaction.id)!;
    expect(original.attachments).toEqual([expect.objectContaining({ filename: 'timeline.png', size: file!.data.length })]);
    expect(original.flags & 128).toBe(0); // no longer "thinking"
  });

  test('in English', async () => {
    const { interaction } = await main.fake.command('timeline', [], { locale: 'en-US', user: newUser() });
    const edit = await main.fake.waitForEdit(interaction.id, { timeoutMs: 15_000 });
    const [embed] = edit.body.embeds;
    expect(embed.title).toBe(engine.talk.predictionTopic!.en);
    expect(embed.description).toBe('talk date 2024-12-07 · as of 2026-11-29');
    expect(embed.fields.map((f: any) => f.name)).toEqual([
      '2024 · Elon Musk · ✅ arrived',
      '2026 · Dario Amodei · ⏳ in window',
      '2029–2044 · Geoffrey Hinton · 🔭 ahead',
      '2034 · Demis Hassabis · 🔭 ahead',
    ]);
    expect(edit.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});

/* ───────────────────────────── /observation ───────────────────────────── */

describe('/observation', () => {
  test('/observation 3: the whole observation with its four stages, on one page, without buttons', async () => {
    const { callback } = await main.fake.command('observation', { number: 3 }, { locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(4);
    const [embed] = callback.data.embeds;
    const section = engine.observation(3)!;
    expect(observationPages(section)).toHaveLength(1);
    expect(embed.title).toBe(`观察 3「${section.title}」`);
    for (const p of section.paragraphs) expect(embed.description).toContain(`\`${p.id}\` ${p.text}`);
    for (const stage of ['1)', '2)', '3)', '4)']) expect(embed.description).toContain(stage);
    expect(embed.footer.text.endsWith(' · 页 1/1')).toBe(true);
    expect(callback.data.components).toEqual([]);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
  });

  test('/observation 1–7 in English: each whole in the project’s translation, labelled; page buttons only when it needs more than one page, the original a button away', async () => {
    for (let n = 1; n <= 7; n++) {
      const section = engine.observation(n)!;
      const pages = observationPages(section, 4096, 'en');
      const { callback } = await main.fake.command('observation', { number: n }, { locale: 'en-US', user: newUser() });
      const [embed] = callback.data.embeds;
      expect(embed.title).toBe(citedSection(section.paragraphs[0]!.id, 'en'));
      expect(embed.description).toBe(pages[0]);
      expect(embed.description.split('\n')[0]).toBe(`${LABELS.en.translatedBy}`);
      expect(embed.description).toContain(escapeMarkdown(section.paragraphs[0]!.enrichment!.en!));
      expect(embed.footer.text.endsWith(` · page 1/${pages.length}`)).toBe(true);
      const ids = callback.data.components[0].components.map((b: any) => b.custom_id);
      expect(ids.filter((id: string) => id.startsWith('obs:'))).toHaveLength(pages.length > 1 ? 2 : 0);
      expect(ids).toContain(`origobs:en:${n}:0`);
    }
  });

  test('/observation in zh-TW: in Traditional characters, the Simplified page a button away', async () => {
    const user = newUser();
    const section = engine.observation(6)!;
    const { callback } = await main.fake.command('observation', { number: 6 }, { locale: 'zh-TW', user });
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe(`觀察 6「${toTraditional(section.title)}」`);
    expect(embed.description).toContain(toTraditional(section.paragraphs[0]!.text));
    const original = await main.fake.button('origobs:zh-tw:6:0', { locale: 'zh-TW', user });
    expect(original.callback.data.flags).toBe(EPHEMERAL);
    expect(original.callback.data.embeds[0].description).toContain(section.paragraphs[0]!.text);
  });

  test('observationPages of a long section: pages within the limit, no paragraph split, all text kept', () => {
    const section: Section = {
      id: 'obs9',
      kind: 'observation',
      number: 1,
      title: '长',
      titleEn: 'Long',
      paragraphs: Array.from({ length: 40 }, (_, i) => ({ id: `obs9-p${i + 1}`, sectionId: 'obs9', index: i + 1, text: `第${i + 1}段*`.padEnd(300, '长') })),
    };
    const pages = observationPages(section);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(4096);
    const blocks = pages.flatMap((p) => p.split('\n\n'));
    expect(blocks).toHaveLength(40);
    expect(blocks.map((b) => b.split(' ')[0])).toEqual(section.paragraphs.map((p) => `\`${p.id}\``));
    expect(blocks[0]).toContain('\\*'); // escaped
    // One paragraph longer than a page is cut, not lost.
    const huge = observationPages({ ...section, paragraphs: [{ id: 'obs9-p1', sectionId: 'obs9', index: 1, text: '长'.repeat(5000) }] });
    expect(huge).toHaveLength(1);
    expect(huge[0]!.length).toBe(4096);
    expect(huge[0]!.endsWith('…')).toBe(true);
  });

  test('an out-of-range number gets an ephemeral notice', async () => {
    const { callback } = await main.fake.command('observation', { number: 99 }, { locale: 'en-US', user: newUser() });
    expect(callback.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('no observation "99"') });
  });

  test('a page button on a one-page observation updates in place with the only page', async () => {
    const { callback } = await main.fake.button('obs:zh:3:5', { locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(7);
    expect(callback.data.embeds[0].footer.text.endsWith('页 1/1')).toBe(true);
    expect(callback.data.components).toEqual([]);
  });
});

/* ───────────────────────────── buttons ───────────────────────────── */

describe('buttons', () => {
  test('Context: ephemeral, the quoted paragraph with its neighbours obs6-p2 and obs6-p4', async () => {
    const user = newUser();
    await ask('什么是自主智能', 'zh-CN', user);
    const { interaction, callback } = await main.fake.button('ctx:zh:obs6-p3', { locale: 'zh-CN', user });
    expect(interaction.message.components[0].components[0].custom_id).toBe('ctx:zh:obs6-p3'); // clicked on the answer

    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe('上下文 · 观察 6「大模型的未来:自主智能的世界」');
    const blocks: string[] = embed.description.split('\n\n');
    expect(blocks.map((b) => b.split(' ')[0])).toEqual(['`obs6-p2`', '**`obs6-p3`**', '`obs6-p4`']);
    expect(blocks[1]).toBe(`**\`obs6-p3\`** ${engine.paragraph('obs6-p3')!.paragraph.text}`);
    expect(callback.data.components ?? []).toEqual([]);
  });

  test('More results: ephemeral, every result paragraph in full (in English: the project’s translation, labelled)', async () => {
    const user = newUser();
    const { callback: answer } = await ask('什么是自主智能', 'en-US', user);
    const more = answer.data.components[0].components.find((b: any) => b.custom_id.startsWith('more:')).custom_id as string;
    const ids = more.split(':')[2]!.split(',');
    expect(ids).toEqual(idsOfAnswer('什么是自主智能'));

    const { callback } = await main.fake.button(more, { locale: 'en-US', user });
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe('More results');
    expect(embed.description).toBe(`${LABELS.en.translatedBy}`);
    expect(embed.fields.map((f: any) => f.name.split(' · ').at(-1))).toEqual(ids);
    for (const [i, f] of embed.fields.entries()) expect(f.value).toBe(escapeMarkdown(engine.paragraph(ids[i]!)!.paragraph.enrichment!.en!));
  });

  test.each([
    ['a paragraph that does not exist', 'ctx:zh:obs9-p99'],
    ['an unknown language', 'more:xx:obs6-p3,obs6-p1'],
    ['one bad id among good ones', 'more:zh:obs6-p3,obs6-p1,../../etc'],
    ['too many ids', `more:zh:${Array(6).fill('obs6-p3').join(',')}`],
    ['an observation out of range', 'obs:zh:9:0'],
    ['a negative page', 'obs:zh:3:-1'],
    ['an extra part', 'ctx:zh:obs6-p3:x'],
    ['random junk', '💥\u0000<@&1>{"a":1}'],
    ['a 100-character string', 'ctx:zh:' + 'a'.repeat(93)],
    ['a 101-character id', 'ctx:zh:obs6-p3'.padEnd(101, '0')],
  ])('a tampered id (%s) gets an ephemeral "not valid" and the bot serves the next interaction', async (_kind, customId) => {
    const logsBefore = main.logs.length;
    const { callback } = await main.fake.button(customId, { locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ flags: EPHEMERAL, content: '这个按钮无效或已过期。请重新使用 /ask 或 /observation。', allowed_mentions: NO_MENTIONS_BODY });
    expect(main.logs.slice(logsBefore)).toEqual([`button rejected: ${JSON.stringify(customId.slice(0, 100))}`]);

    const next = await ask('什么是自主智能', 'zh-CN');
    expect(next.callback.type).toBe(4);
    expect(next.callback.data.embeds[0].description).toContain('`obs6-p3`');
  });

  test('a tampered id in English', async () => {
    const { callback } = await main.fake.button('ctx:en:obs0-p0', { locale: 'en-US', user: newUser() });
    expect(callback.data).toMatchObject({ flags: EPHEMERAL, content: 'This button is not valid or has expired. Use /ask or /observation again.' });
  });
});

/* ───────────────────────────── cooldown and errors ───────────────────────────── */

describe('guards', () => {
  test('cooldown: a burst of 8 /ask from one user gets "slow down" after 5; another user is unaffected', async () => {
    const flooder = newUser('flooder');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const payload = main.fake.buildCommand('ask', { question: `什么是自主智能 ${i}` }, { locale: 'zh-CN', user: flooder });
      ids.push(payload.id);
      await main.fake.dispatchInteraction(payload);
    }
    const callbacks = await Promise.all(ids.map((id) => main.fake.waitForCallback(id)));
    const answered = callbacks.filter((c) => c.data.embeds?.length);
    const slowed = callbacks.filter((c) => !c.data.embeds?.length);
    expect(answered).toHaveLength(5);
    expect(slowed).toHaveLength(3);
    for (const c of slowed) {
      expect(c.type).toBe(4);
      expect(c.data.flags).toBe(EPHEMERAL);
      expect(c.data.content).toMatch(/^请慢一点:\d+ 秒后再试。$/);
    }
    // The first five are the answered ones: the bucket is taken in arrival order.
    expect(callbacks.slice(0, 5).every((c) => c.data.embeds?.length)).toBe(true);

    const other = await ask('什么是自主智能', 'zh-CN', newUser('bystander'));
    expect(other.callback.data.embeds[0].description).toContain('`obs6-p3`');
    // And a button click by the flooder is throttled too.
    const click = await main.fake.button('ctx:en:obs6-p3', { locale: 'en-US', user: flooder });
    expect(click.callback.data.content).toMatch(/^Slow down: try again in \d+ s\.$/);
  });

  test('a reply that fails (callback 500 ×4) is logged once, answered with an ephemeral error, and the bot goes on', async () => {
    const logsBefore = main.logs.length;
    const fault = main.fake.failNext('POST /interactions/:id/:token/callback', { status: 500, times: 4 });
    const { interaction, callback } = await ask('什么是自主智能', 'zh-CN');

    expect(fault.hits).toHaveLength(4); // @discordjs/rest retried the 500 three times, then gave up
    expect(fault.hits.every((r) => r.path.startsWith(`/interactions/${interaction.id}/`))).toBe(true);
    expect(callback.data).toMatchObject({ content: LABELS.zh.error, flags: EPHEMERAL });
    const newLogs = main.logs.slice(logsBefore);
    expect(newLogs).toHaveLength(1);
    expect(newLogs[0]).toBe('error handling /ask: Internal Server Error');
    expect(newLogs[0]).not.toContain(main.fake.token);

    const next = await ask('什么是自主智能', 'zh-CN');
    expect(next.callback.data.embeds[0].description).toContain('`obs6-p3`');
  });

  test('an edit that fails after a deferral (/timeline, PATCH 500 ×4) becomes the error message in place', async () => {
    const logsBefore = main.logs.length;
    main.fake.failNext((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'), { status: 500, times: 4 });
    const { interaction, callback } = await main.fake.command('timeline', [], { locale: 'en-US', user: newUser() });
    expect(callback.type).toBe(5);
    const edit = await main.fake.waitForEdit(interaction.id, { timeoutMs: 15_000 });
    expect(edit.body).toMatchObject({ content: LABELS.en.error });
    expect(main.fake.originalMessage(interaction.id)).toMatchObject({ content: LABELS.en.error, embeds: [] });
    await expect.poll(() => main.logs.length).toBe(logsBefore + 1);
    expect(main.logs[logsBefore]).toMatch(/^error handling \/timeline: /);

    const next = await main.fake.command('observation', { number: 6 }, { user: newUser() });
    expect(next.callback.data.embeds[0].title).toMatch(/^Observation 6: /);
  });

  test('an unknown command gets an ephemeral notice', async () => {
    const { callback } = await main.fake.command('frobnicate', [], { user: newUser() });
    expect(callback.data).toMatchObject({ content: 'Unknown command /frobnicate.', flags: EPHEMERAL });
  });
});

/* ───────────────────────────── deploy ───────────────────────────── */

describe('deployCommands', () => {
  test('registers about, ask, gaps, help, observation and timeline in a guild and globally, with zh-CN localisations', async () => {
    const fake = main.fake;
    const guildId = fake.guilds[0]!.id;
    const logs: string[] = [];
    const base = configFor(fake, { clientId: fake.applicationId });

    expect(await deployCommands({ ...base, guildId }, (l) => logs.push(l))).toBe(0);
    const guild = fake.guildCommands.get(guildId)!;
    expect(guild.map((c) => c.name).sort()).toEqual(['about', 'ask', 'gaps', 'help', 'observation', 'timeline']);
    expect(logs).toEqual([`Registered 6 command(s) in guild ${guildId}: ${guild.map((c) => `/${c.name}`).join(', ')}`]);

    expect(await deployCommands(base, (l) => logs.push(l))).toBe(0);
    expect(fake.globalCommands.map((c) => c.name).sort()).toEqual(['about', 'ask', 'gaps', 'help', 'observation', 'timeline']);
    expect(logs[1]).toMatch(/^Registered 6 command\(s\) globally: /);

    for (const list of [guild, fake.globalCommands]) {
      const byName = Object.fromEntries(list.map((c) => [c.name, c]));
      expect(byName.ask.name_localizations).toMatchObject({ 'zh-CN': '提问' });
      expect(byName.timeline.name_localizations).toMatchObject({ 'zh-CN': '时间线' });
      expect(byName.observation.name_localizations).toMatchObject({ 'zh-CN': '观察' });
      expect(byName.about.name_localizations).toMatchObject({ 'zh-CN': '关于', 'zh-TW': '關於' });
      expect(byName.help.name_localizations).toMatchObject({ 'zh-CN': '帮助', 'zh-TW': '幫助' });
      for (const c of list) expect(c.description_localizations['zh-CN']).toMatch(/\p{Script=Han}/u);

      expect(byName.ask.options).toEqual([
        expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 200, autocomplete: true, name_localizations: expect.objectContaining({ 'zh-CN': '问题' }) }),
      ]);
      expect(byName.timeline.options ?? []).toEqual([]);
      const [number] = byName.observation.options;
      expect(number).toMatchObject({ name: 'number', type: 4, required: true });
      expect(number.choices).toHaveLength(7);
      expect(number.choices.map((c: any) => c.value)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // /gaps is for managers only: Manage Server (1 << 5) by default.
      expect(byName.gaps.default_member_permissions).toBe(String(1 << 5));
      for (const c of number.choices) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(c.name_localizations['zh-CN']).toMatch(/^\d、/);
      }
    }

    // The bodies as sent: one PUT per scope, authorised with the bot token.
    const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(puts.map((r) => r.path)).toEqual([`/applications/${fake.applicationId}/guilds/${guildId}/commands`, `/applications/${fake.applicationId}/commands`]);
    expect(puts.every((r) => r.authToken === fake.token && r.status === 200)).toBe(true);

    // Interactions now carry the registered command ids, and the bot still answers them.
    const { interaction, callback } = await main.fake.command('ask', { question: '什么是自主智能' }, { user: newUser() });
    expect(interaction.data.id).toBe(guild.find((c) => c.name === 'ask')!.id);
    expect(callback.type).toBe(4);
  });

  test('a wrong token: exit code 1, a log line without the token', async () => {
    const logs: string[] = [];
    const code = await deployCommands(configFor(main.fake, { token: 'wrong.token.value', clientId: main.fake.applicationId }), (l) => logs.push(l));
    expect(code).toBe(1);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^Could not register the commands: /);
    expect(logs[0]).not.toContain('wrong.token.value');
  });
});

/* ───────────────────────────── bots with other settings ───────────────────────────── */

describe('paging through a long observation (a bot whose observation 1 is four pages long)', () => {
  let paged: RunningBot | undefined;
  let obs1: Section;
  beforeAll(async () => {
    const long = AnswerEngine.fromCorpus();
    obs1 = long.observation(1)!;
    const original = [...obs1.paragraphs];
    // Repeat the observation's paragraphs (new ids) until it needs several embeds.
    for (let copy = 1; observationPages(obs1).length < 4; copy++) {
      for (const p of original) obs1.paragraphs.push({ ...p, id: `obs1-p${obs1.paragraphs.length + 1}`, index: obs1.paragraphs.length + 1, text: `${copy}/${p.text}` });
    }
    paged = await launch(long);
  });
  afterAll(async () => {
    const problems = paged ? limitProblems(paged) : [];
    await shutdown(paged);
    expect(problems).toEqual([]);
  });

  test('page 1 has previous (disabled) and next; next updates the message to page 2, and so on to the end', async () => {
    const fake = paged!.fake;
    const user = newUser();
    const { interaction, callback } = await fake.command('observation', { number: 1 }, { locale: 'zh-CN', user });
    expect(callback.type).toBe(4);
    const total = Number(/页 1\/(\d+)$/.exec(callback.data.embeds[0].footer.text)![1]);
    expect(total).toBe(observationPages(obs1).length);
    expect(total).toBeGreaterThanOrEqual(4);
    expect(callback.data.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, label: '上一页', custom_id: 'obs:zh:1:-1', disabled: true },
          { type: 2, style: 1, label: '下一页', custom_id: 'obs:zh:1:1', disabled: false },
        ],
      },
    ]);
    const firstPage: string = callback.data.embeds[0].description;
    expect(firstPage.startsWith('`obs1-p1` ')).toBe(true);
    expect(firstPage.length).toBeLessThanOrEqual(4096);

    let current = callback;
    for (let page = 2; page <= total; page++) {
      const next = current.data.components[0].components[1].custom_id as string;
      const click = await fake.button(next, { locale: 'zh-CN', user: newUser() });
      expect(click.callback.type).toBe(7);
      expect(click.interaction.message.id).toBe(fake.originalMessage(interaction.id)!.id); // the /observation reply
      const embed = click.callback.data.embeds[0];
      expect(embed.footer.text.endsWith(`页 ${page}/${total}`)).toBe(true);
      expect(embed.description).not.toBe(firstPage);
      expect(embed.description.length).toBeLessThanOrEqual(4096);
      const [previous, following] = click.callback.data.components[0].components;
      expect(previous).toMatchObject({ custom_id: `obs:zh:1:${page - 2}`, disabled: false });
      expect(following).toMatchObject({ custom_id: `obs:zh:1:${page}`, disabled: page === total });
      expect(fake.originalMessage(interaction.id)!.embeds[0].footer.text.endsWith(`页 ${page}/${total}`)).toBe(true); // edited in place
      current = click.callback;
    }

    // Previous from page 2 goes back to page 1.
    const back = await fake.button('obs:zh:1:0', { locale: 'zh-CN', user: newUser() });
    expect(back.callback.data.embeds[0].description).toBe(firstPage);
  });
});

describe('the deferred path (workDelayMs, BOT_TEST_DELAY_MS)', () => {
  let slow: RunningBot | undefined;
  beforeAll(async () => {
    // 30 ms of work against a 10 ms deferral threshold: the same path as 2.6 s of work against Discord's 2.5 s.
    slow = await launch(AnswerEngine.fromCorpus(), { workDelayMs: 30, deferAfterMs: 10 });
  });
  afterAll(async () => {
    const problems = slow ? limitProblems(slow) : [];
    await shutdown(slow);
    expect(problems).toEqual([]);
  });

  test('with slow work the bot defers /ask, then must still send the answer (not "something went wrong")', async () => {
    const fake = slow!.fake;
    const { interaction, callback } = await fake.command('ask', { question: '什么是自主智能' }, { locale: 'zh-CN', user: newUser() });
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await fake.waitForEdit(interaction.id);
    expect(slow!.logs.filter((l) => l.startsWith('error handling'))).toEqual([]);
    expect(edit.body.content ?? '').not.toBe(LABELS.zh.error);
    expect(edit.body.embeds?.[0]?.description).toContain('`obs6-p3`');
  });

  test('with slow work /timeline, /observation and the buttons still answer', async () => {
    const fake = slow!.fake;
    const logsBefore = slow!.logs.length;
    const timeline = await fake.command('timeline', [], { locale: 'en-US', user: newUser() });
    expect(timeline.callback.type).toBe(5);
    expect((await fake.waitForEdit(timeline.interaction.id)).body.embeds?.[0]?.title).toBe(engine.talk.predictionTopic!.en);

    const observation = await fake.command('observation', { number: 3 }, { locale: 'en-US', user: newUser() });
    expect((await fake.waitForEdit(observation.interaction.id)).body.embeds?.[0]?.title).toMatch(/^Observation 3: /);

    // Buttons are quick and answered directly, after the work: Context answers the clicker only.
    const context = await fake.button('ctx:en:obs6-p3', { locale: 'en-US', user: newUser() });
    expect((context.callback.data?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(context.callback.data?.embeds?.[0]?.title).toMatch(/^Context · /);
    const page = await fake.button('obs:en:3:0', { locale: 'en-US', user: newUser() });
    expect([6, 7]).toContain(page.callback.type);
    if (page.callback.type === 6) expect((await fake.waitForEdit(page.interaction.id)).body.embeds?.[0]?.title).toMatch(/^Observation 3: /);

    expect(slow!.logs.slice(logsBefore).filter((l) => l.startsWith('error handling'))).toEqual([]);
  });
});

/** The best paragraph of a question split at its key sentence (as the engine marks it). */
function keyParts(question: string): { before: string; key: string; after: string } {
  const checked = checkQuestion(question);
  const best = engine.ask(checked.ok ? checked.question : question).results[0]!;
  const { start, end } = best.key!;
  return { before: best.text.slice(0, start), key: best.text.slice(start, end), after: best.text.slice(end) };
}

/** The development questions of the project's evaluation file (corpus/eval/questions.jsonl, source "dev"). */
function devQuestions(): string[] {
  return readFileSync(join(CORPUS_DIR, 'eval/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { q: string; source?: string })
    .filter((q) => q.source === 'dev')
    .map((q) => q.q);
}

/** How a paragraph's section is cited: 观察 N「title」 / Observation N: title, 结语 / Conclusion, else the title. */
function citedSection(id: string, lang: 'zh' | 'en'): string {
  const { section } = engine.paragraph(id)!;
  const title = lang === 'zh' ? section.title : section.titleEn;
  if (section.kind === 'observation') return lang === 'zh' ? `观察 ${section.number}「${title}」` : `Observation ${section.number}: ${title}`;
  if (section.kind === 'conclusion') return lang === 'zh' ? '结语' : 'Conclusion';
  return title;
}
