import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { AttributeDef } from '../../../src/definitions/types.js';
import { approxCountDistinct } from '../../../src/engine/aggregations/approx-count-distinct.js';
import { createAggregator } from '../../../src/engine/create-aggregator.js';
import { createRandom } from '../../reference/random-stream.js';
import { addContribution, mergeStates, readState, type StateSpec } from '../../../src/engine/attribute-state.js';
import type { AttributeState } from '../../../src/state/state-types.js';

function def(aggregation: AttributeDef['aggregation'], extra: Partial<AttributeDef> = {}): AttributeDef {
  return {
    name: 'a', description: null, type: 'double', aggregation, events: [], property: null,
    criteria: { all: [], any: [] }, periodMs: null, ttlMs: null, defaultValue: null, timeUnit: 's', ...extra,
  };
}

function spec(d: AttributeDef): StateSpec {
  return { agg: createAggregator(d), periodMs: d.periodMs, ttlMs: d.ttlMs };
}

const ALL = [
  'counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent',
  'least_frequent', 'approx_count_distinct', 'category_count', 'time_since_last', 'time_since_first',
] as const;

describe('merge of disjoint event sets equals adding them all', () => {
  for (const aggregation of ALL) {
    for (const periodMs of [null, 50_000]) {
      it(`${aggregation}${periodMs ? ' windowed' : ''}`, () => {
        const s = spec(def(aggregation, { periodMs }));
        for (let seed = 1; seed <= 20; seed++) {
          const { next: random } = createRandom(seed);
          let all: AttributeState | undefined;
          let left: AttributeState | undefined;
          let right: AttributeState | undefined;
          for (let q = 1; q <= 60; q++) {
            const t = 1_000_000 + Math.floor(random() * 100) * 1000;
            const v = Math.floor(random() * 12);
            all = addContribution(s, all, v, t, q);
            if (random() < 0.5) left = addContribution(s, left, v, t, q);
            else right = addContribution(s, right, v, t, q);
          }
          for (const now of [1_050_000, 1_100_000, 1_200_000]) {
            expect(readState(s, mergeStates(s, left, right), now)).toEqual(readState(s, all, now));
          }
        }
      });
    }
  }
});

describe('a window read by runs (addRun) gives what adding its entries one by one gives', () => {
  for (const aggregation of ALL) {
    const s = spec(def(aggregation, { periodMs: 50_000 }));
    const { addRun: _shortcut, ...alone } = s.agg;
    const oneByOne: StateSpec = { ...s, agg: alone };
    it(`${aggregation}${s.agg.addRun === undefined ? ' (no shortcut: the same path)' : ''}`, () => {
      for (let seed = 1; seed <= 30; seed++) {
        const { next: random } = createRandom(seed);
        let state: AttributeState | undefined;
        // Coarse times and repeated (t, q) pairs, so runs start, end and tie anywhere.
        for (let n = 1; n <= 80; n++) {
          const t = 1_000_000 + Math.floor(random() * 40) * 2500;
          const q = random() < 0.2 ? n - 1 : n;
          const v = aggregation === 'sum' || aggregation === 'mean' || aggregation === 'min' || aggregation === 'max'
            ? Math.round(random() * 1000) / 10 : `v${Math.floor(random() * 9)}`;
          state = addContribution(s, state, v, t, q, 60);
        }
        for (let now = 1_000_000; now <= 1_160_000; now += 7_500) {
          expect(readState(s, state, now), `seed ${seed}, now ${now}`).toEqual(readState(oneByOne, state, now));
        }
      }
    });
  }
});

describe('rolling window state stays bounded', () => {
  it('is exact under the cap and folds old entries into buckets past it', () => {
    const s = spec(def('counter', { periodMs: 1_000_000 }));
    let state: AttributeState | undefined;
    // 5 events per second for 1000 s: 5000 events, 1000 fit the cap.
    for (let q = 1; q <= 5000; q++) state = addContribution(s, state, 1, 200 * q, q, 1000);
    const w = state as { t: unknown[]; b: unknown[] };
    expect(w.t.length).toBeLessThanOrEqual(1000);
    expect(w.b.length).toBeLessThanOrEqual(32);
    // Everything inside the last 1000 s: all 5000 events (exactly, with buckets fully inside).
    expect(readState(s, state, 1_000_000)).toBe(5000);
    // At the end, the window (0, 1_000_000] holds all; 500 s later half of them remain, give or take one bucket.
    const later = readState(s, state, 1_500_000) as number;
    expect(Math.abs(later - 2500)).toBeLessThanOrEqual(500);
  });

  it('drops entries that cannot count any more once over the cap', () => {
    const s = spec(def('sum', { periodMs: 10_000 }));
    let state: AttributeState | undefined;
    for (let q = 1; q <= 3000; q++) state = addContribution(s, state, 2, q * 1000, q, 1000);
    expect((state as { t: unknown[] }).t.length).toBeLessThanOrEqual(1000);
    // Window (2_990_000, 3_000_000]: 10 events of 2.
    expect(readState(s, state, 3_000_000)).toBe(20);
  });
});

describe('approx_count_distinct', () => {
  it('is exact up to 1000 distinct values', () => {
    let state = approxCountDistinct.init();
    for (let i = 0; i < 1000; i++) state = approxCountDistinct.add(state, `user-${i % 700}`, i, i);
    expect(approxCountDistinct.read(state, 0)).toBe(700);
  });

  it('stays within 3% at 10^5 distinct values and merges like a union', () => {
    let a = approxCountDistinct.init();
    let b = approxCountDistinct.init();
    for (let i = 0; i < 100_000; i++) {
      a = approxCountDistinct.add(a, `v${i}`, i, i);
      if (i >= 50_000) b = approxCountDistinct.add(b, `v${i + 25_000}`, i, i);
    }
    const count = approxCountDistinct.read(a, 0) as number;
    expect(Math.abs(count - 100_000) / 100_000).toBeLessThan(0.03);
    const union = approxCountDistinct.read(approxCountDistinct.merge(a, b), 0) as number;
    expect(Math.abs(union - 125_000) / 125_000).toBeLessThan(0.03);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('stores its 2^14 registers in about 2 bytes each (a packed array, as IndexedDB serializes it)', () => {
    let state = approxCountDistinct.init();
    for (let i = 0; i < 5000; i++) state = approxCountDistinct.add(state, `v${i}`, i, i);
    expect(serialize(state).length).toBeLessThan(2.1 * 2 ** 14);
    expect(serialize(approxCountDistinct.merge(state, approxCountDistinct.init())).length).toBeLessThan(2.1 * 2 ** 14);
  });

  it('merges hash lists and registers alike, never changing what it merges (mergeInto changes only its own state)', () => {
    const fill = (from: number, count: number) => {
      let state = approxCountDistinct.init();
      for (let i = from; i < from + count; i++) state = approxCountDistinct.add(state, `v${i}`, i, i);
      return state;
    };
    const small = [fill(0, 400), fill(300, 500), fill(2000, 700)];
    const large = [fill(0, 3000), fill(2500, 4000)];
    for (const a of [...small, ...large]) {
      for (const b of [...small, ...large]) {
        const before = [JSON.stringify(a), JSON.stringify(b)];
        const merged = approxCountDistinct.merge(a, b);
        expect([JSON.stringify(a), JSON.stringify(b)]).toEqual(before);
        const owned = JSON.parse(before[0]!) as typeof a;
        const into = approxCountDistinct.mergeInto!(owned, b);
        expect(approxCountDistinct.read(into, 0)).toBe(approxCountDistinct.read(merged, 0));
        // What merge keeps: registers past 1,000 distinct hashes, the very registers either path makes.
        expect('r' in merged).toBe(approxCountDistinct.read(merged, 0) as number > 1000);
        if ('r' in into) expect(into).toEqual(merged);
        else if ('r' in merged) expect(approxCountDistinct.merge(into, approxCountDistinct.init())).toEqual(merged);
        expect(JSON.stringify(b)).toBe(before[1]);
      }
    }
    // The union: exact up to 1,000 distinct values, within 3% past them.
    expect(approxCountDistinct.read(approxCountDistinct.merge(small[0]!, small[1]!), 0)).toBe(800);
    const wide = approxCountDistinct.read(approxCountDistinct.merge(large[0]!, large[1]!), 0) as number;
    expect(Math.abs(wide - 6500) / 6500).toBeLessThan(0.03);
  });

  it('a window past 1,000 distinct values reads the same each time and leaves its state as it was', () => {
    const s = spec(def('approx_count_distinct', { periodMs: 10_000_000 }));
    let state: AttributeState | undefined;
    for (let q = 1; q <= 6000; q++) state = addContribution(s, state, `p${q % 2500}`, q * 1000, q);
    const stored = JSON.stringify(state);
    const first = readState(s, state, 6_000_000) as number;
    expect(readState(s, state, 6_000_000)).toBe(first);
    expect(JSON.stringify(state)).toBe(stored);
    expect(Math.abs(first - 2500) / 2500).toBeLessThan(0.03);
  });

  it('tells 1 from "1"', () => {
    let state = approxCountDistinct.init();
    for (const v of [1, '1', 1, true, 'true']) state = approxCountDistinct.add(state, v, 0, 0);
    expect(approxCountDistinct.read(state, 0)).toBe(4);
  });
});

describe('lifetime TTL', () => {
  it('expires after ttl since the latest contribution and restarts on the next event', () => {
    const s = spec(def('counter', { ttlMs: 1000 }));
    let state = addContribution(s, undefined, 0, 10_000, 1);
    state = addContribution(s, state, 0, 10_500, 2);
    expect(readState(s, state, 11_499)).toBe(2);
    expect(readState(s, state, 11_500)).toBeNull();
    state = addContribution(s, state, 0, 11_600, 3);
    expect(readState(s, state, 11_600)).toBe(1);
  });
});
