/**
 * One log line per kind of event per window (default a minute), with a count: the first occurrence is logged
 * at once, the rest of the window only counted, and the count logged when the window ends. A flood of
 * malformed packets or late interactions costs a few lines a minute, not one each.
 */
export class RateLimitedLog {
  private readonly windows = new Map<string, { suppressed: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly windowMs = 60_000,
  ) {}

  /** Logs `line` unless a line of this `kind` was logged within the window (then counts it). */
  note(kind: string, line: string): void {
    const open = this.windows.get(kind);
    if (open) {
      open.suppressed++;
      return;
    }
    this.log(line);
    const timer = setTimeout(() => {
      const { suppressed } = this.windows.get(kind)!;
      this.windows.delete(kind);
      if (suppressed > 0) this.log(`${kind}: ${suppressed} more in the last ${Math.round(this.windowMs / 1000)} s`);
    }, this.windowMs);
    timer.unref();
    this.windows.set(kind, { suppressed: 0, timer });
  }
}
