/**
 * The statistics the benchmark and the load drivers report: medians, nearest-rank percentiles and the
 * latency summary, in one place so that a "p99" means the same in every script.
 */

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile, `p` from 0 to 1 (0.99 for p99): the smallest value with at least p of them at or below it. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** `x` rounded to `digits` decimals. */
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** p50 / p90 / p99 / max of latencies (ms), rounded to 0.1 ms. */
export function latencySummary(latencies: readonly number[]): { p50: number; p90: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50: round(percentileOfSorted(sorted, 0.5)),
    p90: round(percentileOfSorted(sorted, 0.9)),
    p99: round(percentileOfSorted(sorted, 0.99)),
    max: round(sorted.at(-1) ?? NaN),
  };
}
