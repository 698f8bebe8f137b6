/**
 * The per-user token bucket (src/bot/cooldown.ts), on a clock the test moves.
 */
import { describe, expect, it } from 'vitest';
import { Cooldown } from '../src/bot/cooldown.ts';

function clockAt(start = 0) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('Cooldown', () => {
  it('allows a burst, then says how long to wait, then refills', () => {
    const clock = clockAt();
    const cooldown = new Cooldown({ burst: 3, perSecond: 0.5 }, clock.read);
    expect([cooldown.take('u'), cooldown.take('u'), cooldown.take('u')]).toEqual([0, 0, 0]);
    expect(cooldown.take('u')).toBe(2); // one token takes 2 s at 0.5/s
    expect(cooldown.take('other user')).toBe(0);
    clock.now += 2_000;
    expect(cooldown.take('u')).toBe(0);
  });

  it('forgets users whose bucket has refilled once many are tracked, sweeping at most once a second', () => {
    const clock = clockAt();
    const cooldown = new Cooldown({ burst: 5, perSecond: 0.5 }, clock.read);
    for (let i = 0; i < 10_500; i++) cooldown.take(`user-${i}`);
    // Nobody has refilled yet: the sweep at 10,001 found nothing to drop.
    expect(cooldown.trackedUsers).toBe(10_500);
    clock.now += 2_500; // every bucket is full again
    cooldown.take('late-1');
    expect(cooldown.trackedUsers).toBe(1);
    // A flood of new users within the same second does not sweep again on every take…
    for (let i = 0; i < 10_500; i++) cooldown.take(`flood-${i}`);
    expect(cooldown.trackedUsers).toBe(10_501);
    // …but the next second does.
    clock.now += 3_000;
    cooldown.take('late-2');
    expect(cooldown.trackedUsers).toBe(1);
  });
});
