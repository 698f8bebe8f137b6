/**
 * The floor for scripts/load.ts: a bare discord.js bot (the same client options as the real one: Guilds
 * intent, bounded user and member caches, no mentions) that answers every interaction with one fixed embed
 * of an answer's size — no engine, no rendering, no database. What discord.js itself costs per interaction.
 *
 *   DISCORD_TOKEN=… DISCORD_API_URL=… node --import tsx scripts/floor-bot.ts
 */
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';

const EMBED = {
  title: '什么是自主智能',
  description: `${'自主智能是大模型发展的下一个阶段,智能体能够感知环境、规划并执行任务。'.repeat(8)}\n— 第六点观察 · \`obs6-p3\``,
  color: 0x2b6cb0,
  fields: [
    { name: '相关段落', value: '`obs6-p4` 多模态大模型让机器人理解世界。' },
    { name: '相关段落', value: '`obs2-p1` 大模型的能力还在快速增长。' },
  ],
  footer: { text: '张宏江 · 2024 T-EDGE' },
};

const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  allowedMentions: { parse: [] },
  makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, UserManager: 1_000, GuildMemberManager: 200 }),
  ...(process.env.DISCORD_API_URL ? { rest: { api: process.env.DISCORD_API_URL } } : {}),
});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isRepliable()) interaction.reply({ embeds: [EMBED] }).catch(() => undefined);
});
client.once(Events.ClientReady, (c) => console.log(`ready as ${c.user.tag} in ${c.guilds.cache.size} guild(s)`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void client.destroy().finally(() => process.exit(0)));
}
await client.login(process.env.DISCORD_TOKEN);
