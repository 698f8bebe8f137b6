/**
 * The slash commands as registered for the talk served: their descriptions and choices come from the
 * corpus (TALK_DIR), not from constants about one talk. Loaded in child processes, as `npm run deploy`
 * and the bot load them, once for the fixture talk and once for corpus/.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/discord/limits.ts';

const ROOT = join(import.meta.dirname, '..');
const FIXTURE = join(import.meta.dirname, 'fixtures/small-talk');

interface CommandJson {
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  options?: { name: string; description: string; description_localizations?: Record<string, string>; choices?: { name: string; name_localizations?: Record<string, string> }[] }[];
}

function commandsFor(talkDir: string | undefined): Map<string, CommandJson> {
  const script = "const { loadCommands } = await import('./src/bot/load-commands.ts'); const c = await loadCommands(); process.stdout.write(JSON.stringify([...c.values()].map((m) => m.data.toJSON())));";
  const env = { ...process.env };
  if (talkDir) env.TALK_DIR = talkDir;
  else delete env.TALK_DIR;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return new Map((JSON.parse(run.stdout) as CommandJson[]).map((c) => [c.name, c]));
}

/** Every description and choice name within Discord's limits. */
function expectWithinLimits(commands: Map<string, CommandJson>): void {
  for (const c of commands.values()) {
    for (const text of [c.description, ...Object.values(c.description_localizations ?? {})]) expect(text.length, c.name).toBeLessThanOrEqual(LIMITS.commandDescription);
    for (const o of c.options ?? []) {
      for (const text of [o.description, ...Object.values(o.description_localizations ?? {})]) expect(text.length, `${c.name} ${o.name}`).toBeLessThanOrEqual(LIMITS.commandDescription);
      for (const choice of o.choices ?? []) for (const text of [choice.name, ...Object.values(choice.name_localizations ?? {})]) expect(text.length).toBeLessThanOrEqual(LIMITS.choiceName);
    }
  }
}

describe('slash commands for the talk served', () => {
  it('describe a talk folder from its front matter and outline, with nothing of corpus/', () => {
    const commands = commandsFor(FIXTURE);
    const ask = commands.get('ask')!;
    expect(ask.description).toBe('Ask about the talk “测试演讲:城市里的咖啡馆”');
    expect(ask.description_localizations).toEqual({ 'zh-CN': '就李明的演讲《测试演讲:城市里的咖啡馆》提问', 'zh-TW': '就李明的演講《測試演講:城市裡的咖啡館》提問' });
    const observation = commands.get('observation')!;
    expect(observation.description).toContain('3 observations');
    const choices = observation.options![0]!.choices!;
    expect(choices.map((c) => c.name)).toEqual(['1. Why there are more and more cafés', '2. The price of coffee beans', '3. The café of the future']);
    // zh-TW readers get the titles in Traditional characters.
    expect(choices[0]!.name_localizations).toEqual({ 'zh-CN': '1、咖啡馆为什么越开越多', 'zh-TW': '1、咖啡館為什麼越開越多' });
    const everything = JSON.stringify([...commands.values()]);
    for (const other of ['张宏江', 'Zhang Hongjiang', 'T-EDGE', 'ChatGPT']) expect(everything).not.toContain(other);
    expectWithinLimits(commands);
  });

  it('describe corpus/ when TALK_DIR is unset', () => {
    const commands = commandsFor(undefined);
    expect(commands.get('ask')!.description_localizations!['zh-CN']).toBe('就张宏江的演讲《ChatGPT发布24个月后的6点观察》提问');
    expect(commands.get('ask')!.description).toContain('6 observations 24 months after ChatGPT');
    expectWithinLimits(commands);
  });
});
