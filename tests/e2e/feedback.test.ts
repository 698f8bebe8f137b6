/**
 * Feedback end to end: the real bot (startBot, the commands in commands/, the real engine) with a real
 * FeedbackStore on a SQLite file in a fresh os.tmpdir() folder, logged in to FakeDiscord. Assertions are on
 * the bodies the bot sends and on the rows in the file. Asks and votes are queued and written in batches
 * a moment later, so the rows are polled for. Every interaction comes from its own user, except where one
 * user's second click is the point. (A bot without a store sends no vote buttons: tests/e2e/bot.test.ts.)
 */
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { payloadProblems } from '../../src/discord/limits.ts';
import { AnswerEngine } from '../../src/engine/answer-engine.ts';
import { gapReport, renderGapReport } from '../../src/feedback/report.ts';
import { FeedbackStore } from '../../src/feedback/store.ts';
import { data as gapsCommand } from '../../commands/gaps.ts';
import { LABELS } from '../../src/render/labels.ts';
import { startBotWithStore, type BotWithStore } from '../../test-support/bot-with-store.ts';
import { FakeDiscord, snowflake } from '../../test-support/fake-discord.ts';

const EPHEMERAL = 64;
const NO_MENTIONS_BODY = { parse: [], replied_user: false };
const MANAGE_GUILD = String(1 << 5);
const NOT_VALID_ZH = '这个按钮无效或已过期。请重新使用 /ask 或 /observation。';

const engine = AnswerEngine.fromCorpus();

let running: BotWithStore;
let path: string;
let store: FeedbackStore;
let fake: FakeDiscord;
let logs: string[];
let checked = 0;

beforeAll(async () => {
  running = await startBotWithStore({ guilds: 2 }); // the second server is only ever asked /gaps (privacy per server)
  ({ path, store, fake, logs } = running);
});

afterAll(() => running?.close());

/** Every body the bot sent during the test is within Discord's limits; no handler error was logged. */
afterEach(() => {
  const problems: string[] = [];
  for (const request of fake.requests.slice(checked)) {
    const payload = /\/callback$/.test(request.path) ? request.body?.data : request.path.startsWith('/webhooks/') ? request.body : undefined;
    if (payload) for (const p of payloadProblems(payload)) problems.push(`${request.method} ${request.path.slice(0, 40)}: ${p}`);
  }
  checked = fake.requests.length;
  expect(problems).toEqual([]);
  expect(logs.filter((l) => l.startsWith('error handling') || l.startsWith('feedback not recorded'))).toEqual([]);
});

function newUser(name = 'user'): { id: string; username: string; global_name: string } {
  const id = snowflake(Date.now() - 700 * 86_400_000);
  return { id, username: `${name}${id.slice(-5)}`, global_name: name };
}

type Row = Record<string, unknown>;
const askRow = (id: string) => store.db.prepare('SELECT * FROM asks WHERE id = ?').get(id) as Row | undefined;
const voteRows = (askId: string) => store.db.prepare('SELECT user_hash, vote FROM votes WHERE ask_id = ? ORDER BY user_hash').all(askId) as Row[];
const clickRows = (askId: string) => store.db.prepare('SELECT user_hash, vote FROM clicks WHERE ask_id = ? ORDER BY rowid').all(askId) as Row[];

/** Every value in every table, as text (for "the raw user id is nowhere"). */
function everyStoredText(): string[] {
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.flatMap(({ name }) => (store.db.prepare(`SELECT * FROM "${name}"`).all() as Row[]).flatMap((r) => Object.values(r).map(String)));
}

async function ask(question: string, user = newUser(), locale = 'zh-CN') {
  return fake.command('ask', { question }, { locale, user });
}

describe('/ask with a feedback store', () => {
  test('answered: 👍/👎 buttons after Context and More results, and the ask recorded with the user hash', async () => {
    const user = newUser();
    const { interaction, callback } = await ask('什么是自主智能', user);
    const answer = engine.ask('什么是自主智能');
    const ids = answer.results.map((r) => r.id);
    expect(ids[0]).toBe('obs6-p3');

    expect(callback.type).toBe(4);
    expect((callback.data.flags ?? 0) & EPHEMERAL).toBe(0);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    expect(callback.data.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 2, label: '上下文', custom_id: 'ctx:zh:obs6-p3' },
          { type: 2, style: 2, label: '更多结果', custom_id: `more:zh:${ids.join(',')}` },
          { type: 2, style: 2, label: '👍', custom_id: `fb:zh:up:${interaction.id}` },
          { type: 2, style: 2, label: '👎', custom_id: `fb:zh:down:${interaction.id}` },
        ],
      },
    ]);
    expect(callback.data.embeds[0].description).toContain('`obs6-p3`');

    // Written after the reply went out: wait for it.
    await expect.poll(() => askRow(interaction.id), { timeout: 2000, interval: 10 }).toBeDefined();
    const row = askRow(interaction.id)!;
    expect(row).toEqual({
      id: interaction.id,
      at: Number((BigInt(interaction.id) >> 22n) + 1420070400000n), // the interaction's own timestamp
      guild_id: fake.guilds[0]!.id,
      user_hash: store.hashUser(user.id),
      question: '什么是自主智能',
      normalized: engine.segment('什么是自主智能').words.join(' '),
      answered: 1,
      top_paragraph_id: 'obs6-p3',
      top_score: answer.results[0]!.score,
    });
    expect(row.user_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(everyStoredText().filter((t) => t.includes(user.id))).toEqual([]);
  });

  test('in English: fb:en:… ids', async () => {
    const { interaction, callback } = await ask('What is autonomous intelligence?', newUser(), 'en-US');
    const buttons = callback.data.components[0].components.map((b: any) => b.custom_id);
    expect(buttons.slice(-2)).toEqual([`fb:en:up:${interaction.id}`, `fb:en:down:${interaction.id}`]);
    await expect.poll(() => askRow(interaction.id)?.question, { timeout: 2000, interval: 10 }).toBe('What is autonomous intelligence?');
  });

  test('👎 then 👍 by the same user: an ephemeral thank-you each time, one vote that changes, two clicks', async () => {
    const asker = newUser('asker');
    const voter = newUser('voter');
    const { interaction } = await ask('什么是具身智能', asker);
    const down = `fb:zh:down:${interaction.id}`;
    const up = `fb:zh:up:${interaction.id}`;

    const first = await fake.button(down, { locale: 'zh-CN', user: voter });
    expect(first.interaction.message.id).toBe(fake.originalMessage(interaction.id)!.id); // clicked on the answer
    expect(first.callback.type).toBe(4);
    expect(first.callback.data).toMatchObject({ content: LABELS.zh.thanksDown, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
    const hash = store.hashUser(voter.id);
    await expect.poll(() => voteRows(interaction.id), { timeout: 2000, interval: 10 }).toEqual([{ user_hash: hash, vote: -1 }]);

    const second = await fake.button(up, { locale: 'zh-CN', user: voter });
    expect(second.callback.data).toMatchObject({ content: LABELS.zh.thanksUp, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
    await expect.poll(() => voteRows(interaction.id), { timeout: 2000, interval: 10 }).toEqual([{ user_hash: hash, vote: 1 }]);
    expect(clickRows(interaction.id)).toEqual([
      { user_hash: hash, vote: -1 },
      { user_hash: hash, vote: 1 },
    ]);
    // The answer message itself is untouched by the votes (the thanks are separate, ephemeral).
    expect(fake.originalMessage(interaction.id)!.components[0].components).toHaveLength(4);
    for (const u of [asker, voter]) expect(everyStoredText().filter((t) => t.includes(u.id))).toEqual([]);
  });

  test('not covered (今天北京天气怎么样): no buttons, recorded with answered = 0', async () => {
    const user = newUser();
    const { interaction, callback } = await ask('今天北京天气怎么样', user);
    expect(callback.data.embeds[0].description.split('\n')[0]).toBe(`**${LABELS.zh.notCovered}**`);
    expect(callback.data.components).toEqual([]);
    await expect.poll(() => askRow(interaction.id), { timeout: 2000, interval: 10 }).toBeDefined();
    expect(askRow(interaction.id)).toMatchObject({ answered: 0, question: '今天北京天气怎么样', normalized: engine.segment('今天北京天气怎么样').words.join(' '), user_hash: store.hashUser(user.id) });
  });

  test('the report then shows the unanswered question (variants grouped) and the 👎 answer; /gaps shows it ephemerally', async () => {
    // Two more ways of asking the weather, and an answer that two people mark 👎 and one 👍.
    const weather = [await ask('今天北京天气怎么样?'), await ask('今天 北京 天气 怎么样')];
    const scaling = await ask('什么是规模定律');
    expect(scaling.callback.data.embeds[0].description).toContain('`obs1-p4`');
    for (const vote of ['down', 'down', 'up']) {
      const click = await fake.button(`fb:zh:${vote}:${scaling.interaction.id}`, { locale: 'zh-CN', user: newUser('voter') });
      expect(click.callback.data.flags).toBe(EPHEMERAL);
    }
    await expect.poll(() => voteRows(scaling.interaction.id).length, { timeout: 2000, interval: 10 }).toBe(3);
    for (const w of weather) await expect.poll(() => askRow(w.interaction.id), { timeout: 2000, interval: 10 }).toBeDefined();

    const report = gapReport(store, new Date(Date.now() - 7 * 86_400_000), { guildId: fake.guilds[0]!.id });
    // The report covers everything asked in this file so far: the weather three times, worded three ways.
    const weatherGroup = report.unanswered.find((u) => u.normalized === engine.segment('今天北京天气怎么样').words.join(' '));
    expect(weatherGroup).toEqual({ count: 3, example: '今天 北京 天气 怎么样', normalized: '今天 北京 天气' });
    expect(report.unanswered[0]).toEqual(weatherGroup);
    expect(report.downvoted).toContainEqual({ paragraphId: 'obs1-p4', down: 2, up: 1, example: '什么是规模定律' });
    expect(report.downvoted[0]!.paragraphId).toBe('obs1-p4'); // the most 👎 (obs5-p3's 👎 was changed to 👍)
    const asked = store.db.prepare('SELECT COUNT(*) AS n, SUM(answered) AS a FROM asks').get() as { n: number; a: number };
    expect(report).toMatchObject({ asks: asked.n, answered: asked.a, answerRate: Math.round((asked.a / asked.n) * 1000) / 1000 });

    // /gaps, by a manager: the same report in an ephemeral embed, in a code block.
    const { callback } = await fake.command('gaps', [], { locale: 'zh-CN', user: newUser('manager'), memberPermissions: MANAGE_GUILD });
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(callback.data.allowed_mentions).toEqual(NO_MENTIONS_BODY);
    expect(callback.data.embeds).toHaveLength(1);
    const [embed] = callback.data.embeds;
    expect(embed.title).toBe(`${LABELS.zh.gapsTitle} · 7d`);
    expect(embed.description).toBe('```\n' + renderGapReport(gapReport(store, new Date(Date.now() - 7 * 86_400_000), { guildId: fake.guilds[0]!.id })) + '\n```');
    expect(embed.description).toContain('     3×  今天 北京 天气 怎么样');
    expect(embed.description).toContain('  obs1-p4        👎 2  👍 1  e.g. 什么是规模定律');

    // The 24h span in English.
    const en = await fake.command('gaps', { since: '24h' }, { locale: 'en-US', user: newUser('manager'), memberPermissions: MANAGE_GUILD });
    expect(en.callback.data.flags).toBe(EPHEMERAL);
    expect(en.callback.data.embeds[0].title).toBe(`${LABELS.en.gapsTitle} · 24h`);
    expect(en.callback.data.embeds[0].description).toContain('3×  今天 北京 天气 怎么样');
  });

  test('/gaps is private per server: refused in a direct message and to members without Manage Server; another server sees only its own', async () => {
    const weather = '今天北京天气怎么样'; // asked in the first server above
    const dm = await fake.command('gaps', [], { locale: 'en-US', user: newUser('manager'), guildId: null, memberPermissions: MANAGE_GUILD });
    expect(dm.callback.data).toMatchObject({ content: LABELS.en.gapsGuildOnly, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
    expect(dm.callback.data.embeds ?? []).toEqual([]);

    const member = await fake.command('gaps', [], { locale: 'zh-CN', user: newUser('member') }); // ordinary member permissions
    expect(member.callback.data).toMatchObject({ content: LABELS.zh.gapsManagersOnly, flags: EPHEMERAL });
    expect(JSON.stringify(member.callback.data)).not.toContain(weather);

    // A manager of the second server: a report, empty — nothing of the first server's questions.
    const other = await fake.command('gaps', [], { locale: 'zh-CN', user: newUser('manager'), guildId: fake.guilds[1]!.id, memberPermissions: MANAGE_GUILD });
    const description: string = other.callback.data.embeds[0].description;
    expect(description).toContain(`Server ${fake.guilds[1]!.id}, since `);
    expect(description).toContain(': 0 questions, 0 answered');
    expect(description).not.toContain(weather);
    expect(description).not.toContain('obs1-p4');

    // And Discord offers the command in servers only (contexts: [0], guild), to Manage Server by default.
    expect(gapsCommand.toJSON()).toMatchObject({ contexts: [0], default_member_permissions: MANAGE_GUILD });
  });

  test('a vote on an answer that was never recorded: a clear message, nothing stored', async () => {
    const clicksBefore = store.db.prepare('SELECT COUNT(*) AS n FROM clicks').get();
    const neverAsked = snowflake(Date.now() - 60_000);
    const { callback } = await fake.button(`fb:zh:down:${neverAsked}`, { locale: 'zh-CN', user: newUser() });
    expect(callback.data).toMatchObject({ content: LABELS.zh.voteUnknown, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
    store.flush();
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM clicks').get()).toEqual(clicksBefore);
    expect(voteRows(neverAsked)).toEqual([]);
  });

  test('a tampered fb:zh:up:abc gets the "not valid" notice and records nothing', async () => {
    const clicksBefore = store.db.prepare('SELECT COUNT(*) AS n FROM clicks').get();
    const logsBefore = logs.length;
    const { callback } = await fake.button('fb:zh:up:abc', { locale: 'zh-CN', user: newUser() });
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: NOT_VALID_ZH, flags: EPHEMERAL, allowed_mentions: NO_MENTIONS_BODY });
    expect(logs.slice(logsBefore)).toEqual(['button rejected: "fb:zh:up:abc"']);
    await new Promise((r) => setTimeout(r, 50)); // give a (wrong) deferred write the chance to land
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM clicks').get()).toEqual(clicksBefore);

    // And the bot goes on answering.
    const next = await ask('什么是自主智能');
    expect(next.callback.data.components[0].components).toHaveLength(4);
    await expect.poll(() => askRow(next.interaction.id), { timeout: 2000, interval: 10 }).toBeDefined();
  });

  test('the file on disk holds what the bot wrote (a second, read-only connection), quick_check ok', async () => {
    const other = new Database(path, { readonly: true });
    try {
      expect(other.pragma('quick_check', { simple: true })).toBe('ok');
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
      const n = (other.prepare('SELECT COUNT(*) AS n FROM asks').get() as { n: number }).n;
      expect(n).toBe((store.db.prepare('SELECT COUNT(*) AS n FROM asks').get() as { n: number }).n);
      expect(n).toBe(8); // every /ask of this file
    } finally {
      other.close();
    }
  });
});
