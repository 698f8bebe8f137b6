/**
 * Log lines about a failure that may repeat many times a second (a locked or full database): the first
 * occurrence of each kind is logged at once, the rest of that minute only counted, and the count is
 * logged with the next occurrence after the minute — or by `recovered()`, when the trouble is over.
 */

export interface FailureLogOptions {
  log: (line: string) => void;
  /** Put before every line (e.g. "feedback: "). */
  prefix?: string;
  /** How often a kind of failure may be logged. Default one minute. */
  intervalMs?: number;
  now?: () => number;
}

interface Kind {
  /** When this kind was last logged. */
  loggedAt: number;
  /** Occurrences since then (not yet in a line). */
  unlogged: number;
  /** Occurrences since the last `recovered()`. */
  total: number;
}

export class FailureLog {
  private readonly kinds = new Map<string, Kind>();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FailureLogOptions) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** One more failure of `kind` (e.g. "database locked"); `detail` is added to the line when one is logged. */
  report(kind: string, detail: string): void {
    const now = this.now();
    const seen = this.kinds.get(kind);
    if (!seen) {
      this.kinds.set(kind, { loggedAt: now, unlogged: 0, total: 1 });
      this.options.log(`${this.options.prefix ?? ''}${kind}: ${detail}`);
      return;
    }
    seen.unlogged++;
    seen.total++;
    if (now - seen.loggedAt < this.intervalMs) return;
    this.options.log(`${this.options.prefix ?? ''}${kind} ×${seen.unlogged} in the last ${Math.round((now - seen.loggedAt) / 1000)} s: ${detail}`);
    seen.loggedAt = now;
    seen.unlogged = 0;
  }

  /** Whether any failure was reported since the last `recovered()`. */
  get failing(): boolean {
    return this.kinds.size > 0;
  }

  /** The trouble is over: returns "kind ×total, …" for everything reported since the last recovery, and forgets it. */
  recovered(): string {
    const summary = [...this.kinds].map(([kind, k]) => `${kind} ×${k.total}`).join(', ');
    this.kinds.clear();
    return summary;
  }
}
