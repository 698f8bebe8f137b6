/**
 * Per-user rate limit: a token bucket per user id. One person typing fast is fine; one person flooding
 * the bot gets a polite ephemeral "slow down" and costs nothing else.
 */
export interface CooldownOptions {
  /** Interactions a user may send in a burst. */
  burst: number;
  /** Tokens regained per second. */
  perSecond: number;
}

/** Above this many tracked users, refilled buckets are dropped… */
const SWEEP_ABOVE = 10_000;
/** …at most this often: a sweep walks every bucket, so it must not run on every take during a flood. */
const SWEEP_EVERY_MS = 1_000;

export class Cooldown {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = -Infinity;

  constructor(
    private readonly options: CooldownOptions = { burst: 5, perSecond: 0.5 },
    private readonly clock: () => number = Date.now,
  ) {}

  /** Users currently tracked (for tests and diagnostics). */
  get trackedUsers(): number {
    return this.buckets.size;
  }

  /** Takes a token for the user; returns 0 when allowed, else the seconds until the next one. */
  take(userId: string): number {
    const now = this.clock();
    // Swept before this user's bucket is touched, so a new user's full bucket is not swept away.
    if (this.buckets.size >= SWEEP_ABOVE && now - this.lastSweep >= SWEEP_EVERY_MS) this.forgetFull(now);
    const bucket = this.buckets.get(userId) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    this.buckets.set(userId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.options.perSecond);
  }

  /** Drops buckets that have refilled, so memory stays bounded under many users. */
  private forgetFull(now: number): void {
    this.lastSweep = now;
    for (const [id, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.options.perSecond >= this.options.burst) this.buckets.delete(id);
    }
  }
}
