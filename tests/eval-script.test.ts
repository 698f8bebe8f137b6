/**
 * `npm run eval` as a child process on the fixture talk: engine options given with --options change what
 * it scores, and a wrong one is refused with the usage.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TALK = join(import.meta.dirname, 'fixtures/small-talk');
const dir = mkdtempSync(join(tmpdir(), 'talk-qa-eval-'));
const questions = join(dir, 'questions.jsonl');
writeFileSync(
  questions,
  [
    { q: '咖啡豆涨价了多少', expect: ['采购价格上涨了三成'], lang: 'zh' },
    { q: '为什么咖啡馆越来越多', expect: ['咖啡馆数量翻了一倍'], lang: 'zh' },
    { q: '明天会下雨吗', expect: [], lang: 'negative' },
  ]
    .map((q) => JSON.stringify(q))
    .join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evaluate(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', '--talk', TALK, '--questions', questions, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run eval --options', () => {
  it('scores with the engine options given, the defaults otherwise', () => {
    const plain = JSON.parse(evaluate('--json').stdout);
    expect(plain.overall.falseRejection).toBeLessThan(1);
    const strict = evaluate('--json', '--options', '{"answerThreshold":1.01}');
    expect(strict.code).toBe(0);
    expect(JSON.parse(strict.stdout).overall.falseRejection).toBe(1);
  }, 30_000);

  it('refuses an unknown option name or text that is not a JSON object, with the usage and exit 2', () => {
    for (const [options, says] of [
      ['{"answerTreshold":0.3}', 'unknown engine option "answerTreshold"'],
      ['{answerThreshold:0.3}', 'not JSON'],
      ['[1]', 'expected a JSON object'],
    ] as const) {
      const r = evaluate('--options', options);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain('usage: npm run eval');
      expect(r.stdout).toBe('');
    }
  }, 30_000);
});
