// The incremental engine against the naive recompute-from-the-log reference on seeded random streams:
// every aggregation, windows, TTLs, out-of-order timestamps, ties, legacy properties and interventions.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { compareWithReference } from '../../reference/differential.js';

describe('engine agrees with the naive reference', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}`, () => {
      expect(compareWithReference(seed, (defs) => createEngine(defs), { events: 300, maxProblems: 10 })).toEqual([]);
    });
  }
});
