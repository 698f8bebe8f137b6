/**
 * Proves the real discord.js client works against FakeDiscord: login, every kind of interaction
 * response the bot uses, multipart uploads, auth failures, gateway resume, rate limits, sharding,
 * command deployment and Discord's message limits.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  REST,
  Routes,
  type ClientOptions,
  type Interaction,
} from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeDiscord, shardIdForGuild, type FakeDiscordOptions } from '../../test-support/fake-discord.ts';

/* ───────────── harness: every test registers its cleanups; they run newest first ───────────── */

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  while (cleanups.length) {
    const cleanup = cleanups.pop();
    try {
      await cleanup?.();
    } catch {
      // keep cleaning up
    }
  }
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  cleanups.push(() => fake.close());
  return fake;
}

interface Bot {
  client: Client;
  /** Errors from handlers and the client's `error` event. */
  errors: Error[];
}

/** A real discord.js client pointed at the fake, with `handler` for every interaction. Not logged in yet. */
function createBot(fake: FakeDiscord, handler: (i: Interaction) => Promise<unknown> = async () => {}, options: Partial<ClientOptions> = {}): Bot {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase }, ...options });
  cleanups.push(() => client.destroy());
  const errors: Error[] = [];
  client.on(Events.Error, (error) => errors.push(error));
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: Error) => errors.push(error));
  });
  return { client, errors };
}

/** createBot + login + wait for `clientReady` (login itself resolves at READY, before the guilds arrive). */
async function startBot(fake: FakeDiscord, handler?: (i: Interaction) => Promise<unknown>, options?: Partial<ClientOptions>): Promise<Bot> {
  const bot = createBot(fake, handler, options);
  const ready = once(bot.client, Events.ClientReady);
  await bot.client.login(fake.token);
  await ready;
  return bot;
}

/* ─────────────────────────────────────────── tests ─────────────────────────────────────────── */

describe('FakeDiscord with the real discord.js client', () => {
  test('login identifies once and the client becomes ready with every guild', async () => {
    const fake = await startFake({ guilds: [{ name: 'Alpha' }, { name: 'Beta' }] });
    const { client, errors } = await startBot(fake);

    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.size).toBe(2);
    expect(client.guilds.cache.map((g) => g.name).sort()).toEqual(['Alpha', 'Beta']);
    expect(client.guilds.cache.get(fake.guilds[0]!.id)?.channels.cache.has(fake.guilds[0]!.channelId)).toBe(true);

    // Login's only REST call is GET /gateway/bot, with the bot token.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
    expect(fake.requests[0]!.apiVersion).toBe(10);
    expect(fake.requests[0]!.authToken).toBe(fake.token);

    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ shard: [0, 1], intents: GatewayIntentBits.Guilds, tokenValid: true });
    expect(fake.connections[0]).toMatchObject({ path: '/gateway', query: { v: '10', encoding: 'json' } });
    expect(errors).toEqual([]);
  });

  test('a slash command answered with interaction.reply', async () => {
    const fake = await startFake();
    let seen: { locale?: string; guildId?: string | null; channelId?: string | null } = {};
    const { errors } = await startBot(fake, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen = { locale: i.locale, guildId: i.guildId, channelId: i.channelId };
      await i.reply(`${i.locale}: ${i.options.getString('question', true)}`);
    });

    const { interaction, callback } = await fake.command('ask', [{ name: 'question', type: 3, value: '什么是 AGI？' }], { locale: 'zh-CN' });

    expect(callback.body).toEqual({
      type: 4,
      data: { content: 'zh-CN: 什么是 AGI？', tts: false, enforce_nonce: false },
    });
    expect(callback.request.query).toEqual({ with_response: 'false' });
    expect(callback.request.authToken).toBeNull(); // interaction callbacks are sent without auth
    expect(seen).toEqual({ locale: 'zh-CN', guildId: fake.guilds[0]!.id, channelId: fake.guilds[0]!.channelId });
    expect(fake.originalMessage(interaction.id)).toMatchObject({ content: 'zh-CN: 什么是 AGI？', type: 20 });
    expect(errors).toEqual([]);
  });

  test('a deferred reply, then editReply and an ephemeral followUp', async () => {
    const fake = await startFake();
    const { errors } = await startBot(fake, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await sleep(30); // "thinking"
      await i.editReply({ content: 'The answer', embeds: [{ title: 'Sources', description: '¶3, ¶7' }] });
      await i.followUp({ content: 'More details', flags: MessageFlags.Ephemeral });
    });

    const { interaction, callback } = await fake.command('ask', { question: 'Why?' });
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });

    const edit = await fake.waitForEdit(interaction.id);
    expect(edit.method).toBe('PATCH');
    expect(edit.url).toContain('/messages/%40original'); // discord.js percent-encodes the @
    expect(edit.path).toBe(`/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`);
    expect(edit.body).toMatchObject({ content: 'The answer', embeds: [{ title: 'Sources', description: '¶3, ¶7' }] });
    expect(edit.status).toBe(200);

    const followUp = await fake.waitForFollowUp(interaction.id);
    expect(followUp.query.wait).toBe('true');
    expect(followUp.body).toMatchObject({ content: 'More details', flags: MessageFlags.Ephemeral });

    const original = fake.originalMessage(interaction.id);
    expect(original.content).toBe('The answer');
    expect(original.flags & MessageFlags.Loading).toBe(0);
    expect(fake.followUps(interaction.id)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  test('autocomplete answered with respond', async () => {
    const fake = await startFake();
    let focused: unknown;
    const { errors } = await startBot(fake, async (i) => {
      if (!i.isAutocomplete()) return;
      focused = i.options.getFocused(true);
      await i.respond([{ name: 'AGI timeline', value: 'agi-timeline' }]);
    });

    const { callback } = await fake.autocomplete('ask', { question: 'AG' });

    expect(callback.body).toEqual({ type: 8, data: { choices: [{ name: 'AGI timeline', value: 'agi-timeline' }] } });
    expect(focused).toMatchObject({ name: 'question', value: 'AG', focused: true });
    expect(errors).toEqual([]);
  });

  test('a button on the bot’s own reply answered with update', async () => {
    const fake = await startFake();
    let clickedMessageId: string | undefined;
    const { errors } = await startBot(fake, async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary),
        );
        await i.reply({ content: 'page 1', components: [row] });
      } else if (i.isButton()) {
        clickedMessageId = i.message.id;
        await i.update({ content: `page ${i.customId.split(':')[1]}`, components: [] });
      }
    });

    const first = await fake.command('ask', { question: 'long answer' });
    const { interaction, callback } = await fake.button('page:2'); // finds the reply carrying this button

    expect(callback.body).toEqual({
      type: 7,
      data: { content: 'page 2', tts: false, enforce_nonce: false, components: [] },
    });
    const replyMessage = fake.originalMessage(first.interaction.id);
    expect(interaction.message.id).toBe(replyMessage.id);
    expect(clickedMessageId).toBe(replyMessage.id);
    expect(replyMessage).toMatchObject({ content: 'page 2', components: [] }); // updated in place
    expect(errors).toEqual([]);
  });

  test('a reply with an attachment arrives as multipart with the file bytes', async () => {
    const fake = await startFake();
    const bytes = Buffer.from([0x00, 0x01, 0xfe, 0xff, ...Buffer.from('引用 ¶3\n')]);
    const { errors } = await startBot(fake, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'see file', files: [new AttachmentBuilder(bytes, { name: '引用-sources.txt' })] });
    });

    const { interaction, callback } = await fake.command('ask', { question: 'sources?' });

    expect(callback.request.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: 'see file', attachments: [{ id: '0' }] });
    expect(callback.files).toHaveLength(1);
    expect(callback.files[0]).toMatchObject({ field: 'files[0]', filename: '引用-sources.txt' });
    expect(callback.files[0]!.data.equals(bytes)).toBe(true);

    const attachment = fake.originalMessage(interaction.id).attachments[0];
    expect(attachment).toMatchObject({ filename: '引用-sources.txt', size: bytes.length });
    expect(errors).toEqual([]);
  });

  test('a rejected token makes client.login reject (REST 401, and gateway 4004)', async () => {
    const fake = await startFake();
    const { client } = createBot(fake);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401, response: { message: '401: Unauthorized', code: 0 } });
    expect(fake.identifies).toHaveLength(0);

    // If REST let the token through, IDENTIFY is refused with close code 4004.
    const gatewayOnly = await startFake({ checkToken: { rest: false } });
    const other = createBot(gatewayOnly);
    await expect(other.client.login('not-the-token')).rejects.toThrow('Authentication failed');
    expect(gatewayOnly.identifies).toEqual([expect.objectContaining({ tokenValid: false, rejectedWith: 4004 })]);
    expect(gatewayOnly.connections[0]).toMatchObject({ closeCode: 4004, closedBy: 'server' });
  });

  test('after a gateway close with 4000 the client resumes and answers the missed interaction', async () => {
    const fake = await startFake();
    const { errors } = await startBot(fake, async (i) => {
      if (i.isChatInputCommand()) await i.reply('pong');
    });

    await fake.closeGateway(4000);
    // Dispatched while disconnected: kept in the session and replayed on RESUME.
    const { dispatch, callback } = await fake.command('ping');

    expect(dispatch.delivered).toBe(false);
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'pong' } });
    expect(fake.identifies).toHaveLength(1);
    expect(fake.resumes).toEqual([expect.objectContaining({ accepted: true, sessionId: fake.identifies[0]!.sessionId, replayed: 1 })]);
    expect(fake.connections.map((c) => c.path)).toEqual(['/gateway', '/gateway/resume']);
    expect(fake.connections[0]).toMatchObject({ closeCode: 4000, closedBy: 'server' });

    // And the resumed connection carries new interactions too.
    const again = await fake.command('ping');
    expect(again.dispatch.delivered).toBe(true);
    expect(again.callback.type).toBe(4);
    expect(errors).toEqual([]);
  });

  test('a callback answered 429 (retry_after 0.2) is retried and delivered', async () => {
    const fake = await startFake();
    const { errors } = await startBot(fake, async (i) => {
      if (i.isChatInputCommand()) await i.reply('after the rate limit');
    });
    const fault = fake.failNext('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.2 });

    const { callback } = await fake.command('ask', { question: 'quick' });

    expect(callback.body).toMatchObject({ type: 4, data: { content: 'after the rate limit' } });
    const attempts = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(attempts[0]!.response).toEqual({ message: 'You are being rate limited.', retry_after: 0.2, global: false });
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(200);
    expect(fault.hits).toEqual([attempts[0]]);
    expect(errors).toEqual([]);
  });

  test('two shards both identify and each guild’s interaction reaches its shard', async () => {
    const fake = await startFake({ shards: 2, maxConcurrency: 2, guilds: 2 });
    const shardOfInteraction: number[] = [];
    const { client, errors } = await startBot(
      fake,
      async (i) => {
        if (!i.isChatInputCommand()) return;
        shardOfInteraction.push(i.guild!.shardId);
        await i.reply('ok');
      },
      { shards: 'auto' },
    );

    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(client.guilds.cache.size).toBe(2);
    const byShard = fake.guilds.map((g) => shardIdForGuild(g.id, 2));
    expect(byShard.sort()).toEqual([0, 1]);

    for (const guild of fake.guilds) {
      const { dispatch } = await fake.command('ask', { question: 'q' }, { guildId: guild.id });
      expect(dispatch.shardId).toBe(shardIdForGuild(guild.id, 2));
    }
    expect(shardOfInteraction).toEqual(fake.guilds.map((g) => shardIdForGuild(g.id, 2)));
    expect(errors).toEqual([]);
  });

  test('over-long content is refused with Discord’s 50035 error', async () => {
    const fake = await startFake();
    let rejection: unknown;
    await startBot(fake, async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        await i.reply('答'.repeat(2001));
      } catch (error) {
        rejection = error;
        await i.reply('答'.repeat(2000)); // the interaction is still unanswered
      }
    });

    const { callback } = await fake.command('ask', { question: 'long' });

    expect(rejection).toBeInstanceOf(DiscordAPIError);
    expect(rejection).toMatchObject({ status: 400, code: 50035, rawError: { errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect([...callback.data.content]).toHaveLength(2000);
  });

  test('@discordjs/rest deploys guild commands, and interactions use the registered ids', async () => {
    const fake = await startFake();
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    cleanups.push(() => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    });
    const guildId = fake.guilds[0]!.id;
    const ask = {
      name: 'ask',
      description: 'Ask about the talk',
      description_localizations: { 'zh-CN': '提问' },
      options: [{ name: 'question', description: 'Your question', type: 3, required: true, autocomplete: true }],
    };

    const deployed = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, guildId), { body: [ask] })) as Array<{ id: string; name: string; guild_id: string }>;
    expect(deployed).toEqual([expect.objectContaining({ name: 'ask', guild_id: guildId, application_id: fake.applicationId })]);
    expect(fake.guildCommands.get(guildId)).toEqual(deployed);
    expect(fake.buildCommand('ask').data.id).toBe(deployed[0]!.id);

    // Re-deploying keeps ids; an invalid locale key ('zh') is refused like Discord does.
    const again = (await rest.put(Routes.applicationGuildCommands(fake.applicationId, guildId), { body: [ask] })) as Array<{ id: string }>;
    expect(again[0]!.id).toBe(deployed[0]!.id);
    await expect(
      rest.put(Routes.applicationCommands(fake.applicationId), { body: [{ ...ask, description_localizations: { zh: '提问' } }] }),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
  });
});
