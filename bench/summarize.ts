// Small statistics helpers shared by the Node side and the page scripts.

/** Nearest-rank percentile of an ascending array (p in [0, 1]); NaN when empty. */
export function readPercentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** `{p50, p99}` of the samples (ms), rounded to 4 decimals (0.1 µs). */
export function summarize(samples: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: round(readPercentile(sorted, 0.5), 4), p99: round(readPercentile(sorted, 0.99), 4) };
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The smallest positive step `performance.now()` shows here (ms): the timer's effective resolution. */
export function measureTimerResolution(now: () => number = () => performance.now()): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2000; i++) {
    const a = now();
    let b = now();
    while (b === a) b = now();
    smallest = Math.min(smallest, b - a);
  }
  return smallest;
}
