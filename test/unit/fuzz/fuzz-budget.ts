// The fuzzers' seed and size: fixed by default (CI), larger on demand:
//   FUZZ_SEED=7 FUZZ_SCALE=20 npx vitest run --project unit test/unit/fuzz
// Each fuzzer runs a fixed number of cases (deterministic for a seed) and also stops at its time
// budget, so a slow machine never pushes the suite past the 60 s.

/** The base seed (default 20260101). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20260101) >>> 0;

/** Multiplies every fuzzer's case count (default 1). */
const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? 1) || 1);

/** The number of cases for a fuzzer whose default is `base`. */
export function fuzzCases(base: number): number {
  return Math.max(1, Math.round(base * SCALE));
}

/** A stopwatch: `spent()` is true once `budgetMs` (scaled) has passed. */
export function startBudget(budgetMs: number): { spent(): boolean; elapsed(): number } {
  const start = performance.now();
  const limit = budgetMs * Math.max(1, SCALE);
  return { spent: () => performance.now() - start > limit, elapsed: () => performance.now() - start };
}
