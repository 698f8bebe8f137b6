/**
 * `npm run deploy`: registers the slash commands through Discord's REST API — to one guild when
 * DISCORD_GUILD_ID is set (instant, for development), otherwise globally (may take up to an hour).
 */
import { REST, Routes } from 'discord.js';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, redact, type BotConfig } from './config.ts';
import { loadCommands } from './load-commands.ts';

export async function deployCommands(config: Pick<BotConfig, 'token' | 'apiUrl' | 'clientId' | 'guildId'>, log: (line: string) => void = console.log): Promise<number> {
  if (!config.token || !config.clientId) {
    log('Set DISCORD_TOKEN and DISCORD_CLIENT_ID (see .env.example) to deploy the commands.');
    return 1;
  }
  const commands = [...(await loadCommands()).values()].map((c) => c.data.toJSON());
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.clientId, config.guildId) : Routes.applicationCommands(config.clientId);
  try {
    const registered = (await rest.put(route, { body: commands })) as { name: string }[];
    log(`Registered ${registered.length} command(s) ${config.guildId ? `in guild ${config.guildId}` : 'globally'}: ${registered.map((c) => `/${c.name}`).join(', ')}`);
    return 0;
  } catch (error) {
    log(`Could not register the commands: ${redact(error instanceof Error ? error.message : String(error), config.token)}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let config: BotConfig | undefined;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(problem);
    process.exitCode = 2;
  }
  if (config) deployCommands(config).then((code) => { process.exitCode = code; });
}
