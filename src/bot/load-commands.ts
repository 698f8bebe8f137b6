/** Loads every command module in commands/ (one file per command, exporting `data` and `execute`). */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from './context.ts';

export const COMMANDS_DIR = fileURLToPath(new URL('../../commands', import.meta.url));

export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  for (const file of readdirSync(dir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort()) {
    const mod = (await import(pathToFileURL(`${dir}/${file}`).href)) as Partial<Command>;
    if (!mod.data || typeof mod.execute !== 'function') throw new Error(`commands/${file} must export "data" and "execute"`);
    commands.set(mod.data.name, mod as Command);
  }
  return commands;
}
