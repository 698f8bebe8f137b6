/**
 * The console at a terminal (src/cli/console.ts through node:readline in terminal mode, fed keystrokes as a
 * terminal sends them): Ctrl-C clears the line, a second Ctrl-C in a row leaves with 130, Ctrl-D with 0,
 * each leaving the cursor on a new line. In-process: a child would need a pseudo-terminal.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../src/cli/console.ts';
import { AnswerEngine } from '../src/engine/answer-engine.ts';
import { LABELS } from '../src/render/labels.ts';

const engine = AnswerEngine.fromCorpus();
const CTRL_C = '\x03';
const CTRL_D = '\x04';
const ENTER = '\r';

/** A console on a fake terminal; `type` sends keystrokes one write at a time, as a terminal does. */
function terminal() {
  const stdin = new PassThrough();
  const out = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let shown = '';
  out.setEncoding('utf8').on('data', (d: string) => (shown += d));
  const exit = runConsole(engine, { out, stdin, terminal: true }, 'en');
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      stdin.write(k);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { exit, type, shown: () => shown.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') };
}

describe('the console at a terminal', () => {
  it('Ctrl-C clears what was typed; a second Ctrl-C leaves with 130 on a new line', async () => {
    const t = terminal();
    await t.type('什么是', CTRL_C);
    expect(t.shown()).toContain(LABELS.en.ctrlCAgain);
    // The cleared "什么是" is not part of the next question.
    await t.type('Who is the speaker?', ENTER);
    expect(t.shown()).toContain(`${LABELS.en.cardSpeaker}: ${engine.talk.meta.speaker.nameEn}`);
    expect(t.shown()).not.toContain('什么是Who');
    await t.type(CTRL_C, CTRL_C);
    expect(await t.exit).toBe(130);
    expect(t.shown().endsWith('\n')).toBe(true);
  });

  it('a line typed after Ctrl-C disarms it; Ctrl-D leaves with 0 on a new line', async () => {
    const t = terminal();
    await t.type(CTRL_C, '/about', ENTER, CTRL_C);
    await t.type(CTRL_D);
    expect(await t.exit).toBe(0);
    expect(t.shown()).toContain(`${LABELS.en.cardObservations}:`);
    expect(t.shown().endsWith('\n')).toBe(true);
  });
});
