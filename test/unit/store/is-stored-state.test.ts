// What a stored attribute state may look like: every state the engine makes (each aggregation, lifetime
// and windowed, with folded buckets) is read back; states of the wrong shape, numbers stored as strings
// and states another aggregation or period left are not.
import { describe, expect, it } from 'vitest';
import { AGGREGATIONS, type Aggregation, type AttributeDef } from '../../../src/definitions/types.js';
import { addContribution } from '../../../src/engine/attribute-state.js';
import { createAggregator } from '../../../src/engine/create-aggregator.js';
import { fitsAttribute, isStoredState } from '../../../src/store/is-stored-state.js';
import type { AttributeState } from '../../../src/state/state-types.js';

const HOUR = 3_600_000;
const NUMERIC = new Set<Aggregation>(['sum', 'mean', 'min', 'max']);

/** A state the engine builds from `n` contributions, as it would store it (a JSON round trip). */
function engineState(aggregation: Aggregation, periodMs: number | null, n: number, cap?: number): AttributeState {
  const agg = createAggregator({ aggregation, timeUnit: 's' } as AttributeDef);
  const spec = { agg, periodMs, ttlMs: null };
  let state: AttributeState | undefined;
  for (let i = 0; i < n; i++) {
    const value = NUMERIC.has(aggregation) ? i * 1.5 : `v${i % 7}`;
    state = addContribution(spec, state, value, 1_000_000 + i * 1000, i + 1, cap);
  }
  return JSON.parse(JSON.stringify(state)) as AttributeState;
}

describe('fitsAttribute and isStoredState', () => {
  for (const aggregation of AGGREGATIONS) {
    it(`read back every state the engine makes for ${aggregation}, and only for its own aggregation and period`, () => {
      const lifetime = engineState(aggregation, null, aggregation === 'approx_count_distinct' ? 1100 : 5);
      const windowed = engineState(aggregation, HOUR, 12, 4);
      expect((windowed as { b: unknown[] }).b.length).toBeGreaterThan(0);
      for (const state of [lifetime, windowed]) expect(isStoredState(state)).toBe(true);
      expect(fitsAttribute(aggregation, false, lifetime)).toBe(true);
      expect(fitsAttribute(aggregation, true, windowed)).toBe(true);
      // A lifetime state where a window is expected, and the other way round.
      expect(fitsAttribute(aggregation, true, lifetime)).toBe(false);
      expect(fitsAttribute(aggregation, false, windowed)).toBe(false);
    });
  }

  it('keep a state with extra fields (a newer version may add some)', () => {
    expect(isStoredState({ a: 3, u: 1000, z: 'future' })).toBe(true);
    expect(fitsAttribute('counter', false, { a: 3, u: 1000, z: 'future' })).toBe(true);
    expect(fitsAttribute('last', false, { a: { v: 'x', t: 1, q: 2, w: 0 }, u: 1 })).toBe(true);
  });

  it('refuse numbers stored as strings, wherever they are', () => {
    for (const state of [
      { a: '3', u: 1000 },
      { a: 3, u: '1000' },
      { a: { s: '30', n: 1 }, u: 1000 },
      { a: { v: 'x', t: '1000', q: 1 }, u: 1000 },
      { a: [['x', '1000', 1]], u: 1000 },
      { t: ['1000'], q: [1], v: [1], b: [] },
      { t: [1000], q: [1], v: [1], b: [{ lo: 1, hi: '2', a: 1 }] },
    ]) expect(isStoredState(state), JSON.stringify(state)).toBe(false);
    expect(fitsAttribute('sum', true, { t: [1000], q: [1], v: ['9'], b: [] })).toBe(false);
  });

  it('refuse a window whose times are out of order (a read takes the entries in range as one run)', () => {
    expect(isStoredState({ t: [1000, 1000, 2000], q: [1, 2, 3], v: [1, 1, 1], b: [] })).toBe(true);
    expect(isStoredState({ t: [1000, 3000, 2000], q: [1, 2, 3], v: [1, 1, 1], b: [] })).toBe(false);
    expect(isStoredState({ t: [1000, Number.NaN], q: [1, 2], v: [1, 1], b: [] })).toBe(false);
  });

  it('refuse the state another aggregation left for an attribute of the same name', () => {
    expect(fitsAttribute('sum', false, { a: 7, u: 1000 })).toBe(false);
    expect(fitsAttribute('counter', false, { a: { s: 7, n: 1 }, u: 1000 })).toBe(false);
    expect(fitsAttribute('last', false, { a: { s: 1, n: 1 }, u: 1000 })).toBe(false);
    expect(fitsAttribute('unique_list', false, { a: [['x', 3, 1, 1]], u: 1000 })).toBe(false);
    expect(fitsAttribute('category_count', false, { a: [['x', 1, 1]], u: 1000 })).toBe(false);
    expect(fitsAttribute('approx_count_distinct', false, { a: 4, u: 1000 })).toBe(false);
    // A state of some aggregation still loads before the definitions are known.
    expect(isStoredState({ a: 7, u: 1000 })).toBe(true);
  });

  it('refuse what is not a state at all', () => {
    for (const state of [null, 7, 'x', [], { a: 1 }, { t: [1, 2], q: [1], v: [], b: [] }, { t: [1], q: [1], v: [1] }]) {
      expect(isStoredState(state), JSON.stringify(state)).toBe(false);
    }
  });
});
