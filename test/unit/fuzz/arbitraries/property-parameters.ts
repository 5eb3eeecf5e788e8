// fast-check parameters for the property tests, from the fuzzers' seed and scale (fuzz-budget.ts):
//   FUZZ_SEED=7 FUZZ_SCALE=20 npx vitest run --project unit test/unit/fuzz
// FUZZ_SCALE multiplies the runs and the time budget, as it does for the other fuzzers. A failure
// prints the seed, the path of the shrunk case and the counterexample (fast-check's report).
import fc from 'fast-check';
import { FUZZ_SEED, fuzzCases } from '../fuzz-budget.js';

/** The budget multiplier, read as fuzz-budget.ts reads it (budgets never shrink below 1×). */
const BUDGET_SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);

/**
 * Parameters for one property: the fuzzers' seed plus `offset` (each property its own stream),
 * `baseRuns` runs (scaled), and an interruption after `budgetMs` (scaled) so a slow machine stays
 * within the suite's time.
 */
export function propertyParameters<T>(offset: number, baseRuns: number, budgetMs: number): fc.Parameters<T> {
  return {
    seed: (FUZZ_SEED + offset) | 0,
    numRuns: fuzzCases(baseRuns),
    plugins: [fc.interruptAfterTimeLimit(budgetMs * BUDGET_SCALE)],
  };
}

/** The seed a property runs with, for test names. */
export function propertySeed(offset: number): number {
  return (FUZZ_SEED + offset) | 0;
}
