// Oversized strings and arrays (issue 7, design decisions 3 and 4): the state an id keeps stays
// bounded whatever the events carry: distinct-value aggregations keep at most 100 values, windows at
// most WINDOW_CAP entries plus 32 buckets, HyperLogLog a fixed register array; and one attribute's
// state does not grow with the size of the values events carry.
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { createEngineState } from '../../../src/engine/engine-state.js';
import { WINDOW_CAP } from '../../../src/engine/attribute-state.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import type { EngineState, WindowState } from '../../../src/state/state-types.js';

const T0 = Date.UTC(2026, 0, 1);
const THING = { type: 'entity', vendor: 'com.acme', name: 'thing', major_version: 1, path: 'v' };

function engineWith(attributes: Record<string, unknown>[]): { engine: ReturnType<typeof createEngine>; state: EngineState } {
  const definitions = loadDefinitions({
    attribute_groups: [{ name: 'g', version: 1, is_published: true, attribute_key: { name: 'domain_userid' }, attributes }],
  });
  const state = createEngineState();
  return { engine: createEngine(definitions, { state }), state };
}

/** An event of user `u` carrying `value` as page_url and as `com.acme/thing` field `v`. */
function event(i: number, value: unknown, t = T0 + i): AtomicEvent {
  return {
    atomic: { event: 'unstruct', event_id: `e${i}`, domain_userid: 'u', page_url: typeof value === 'string' ? value : null },
    derivedTstamp: t,
    unstruct: null,
    contexts: [{ schema: 'iglu:com.acme/thing/jsonschema/1-0-0', vendor: 'com.acme', name: 'thing', format: 'jsonschema', version: '1-0-0', major: 1, data: { v: value } }],
  };
}

/** The stored state of attribute `name` for user `u`, as JSON. */
function stateOf(state: EngineState, name: string): string {
  return JSON.stringify(state.ids.get('domain_userid\u0000u')?.attributes[`g_v1:${name}`]);
}

describe('bounded state', () => {
  it('unique_list of 100,000 distinct 1 KB strings keeps the latest 100 (≈ 100 KB)', () => {
    const { engine, state } = engineWith([{ name: 'urls', type: 'string_list', aggregation: 'unique_list', property: { type: 'atomic', name: 'page_url' } }]);
    const pad = 'x'.repeat(1000);
    for (let i = 0; i < 100_000; i++) engine.process(event(i, `${pad}${i}`));
    const value = engine.read('domain_userid', 'u', T0 + 100_000)!['g_v1:urls'] as string[];
    expect(value).toHaveLength(100);
    expect(value[0]).toBe(`${pad}99900`);
    expect(value[99]).toBe(`${pad}99999`);
    expect(stateOf(state, 'urls').length).toBeLessThan(110_000);
  });

  it('category_count, most_frequent and least_frequent keep 100 values; approx_count_distinct a fixed-size sketch', () => {
    const { engine, state } = engineWith([
      { name: 'cats', type: 'dict', aggregation: 'category_count', property: THING },
      { name: 'top', type: 'string', aggregation: 'most_frequent', property: THING },
      { name: 'rare', type: 'string', aggregation: 'least_frequent', property: THING },
      { name: 'distinct', type: 'int64', aggregation: 'approx_count_distinct', property: THING },
    ]);
    for (let i = 0; i < 20_000; i++) engine.process(event(i, `value-${i}`));
    const read = engine.read('domain_userid', 'u', T0 + 20_000)!;
    expect(Object.keys(read['g_v1:cats'] as object)).toHaveLength(100);
    expect(read['g_v1:distinct']).toBeGreaterThan(19_000);
    expect(read['g_v1:distinct']).toBeLessThan(21_000);
    for (const name of ['cats', 'top', 'rare']) expect(stateOf(state, name).length, name).toBeLessThan(5_000);
    // 2^14 registers of at most two digits, however many values.
    expect(stateOf(state, 'distinct').length).toBeLessThan(40_000);
  });

  it(`a windowed attribute keeps at most ${WINDOW_CAP} entries plus its folded buckets, and reads the same count`, () => {
    const { engine, state } = engineWith([
      { name: 'views_1d', type: 'int64', aggregation: 'counter', period: 'P1D' },
      { name: 'urls_1d', type: 'string_list', aggregation: 'unique_list', property: { type: 'atomic', name: 'page_url' }, period: 'P1D' },
    ]);
    for (let i = 0; i < 20_000; i++) engine.process(event(i, `/page/${i}`, T0 + i * 1000));
    const now = T0 + 20_000 * 1000;
    expect(engine.read('domain_userid', 'u', now)!['g_v1:views_1d']).toBe(20_000);
    for (const name of ['views_1d', 'urls_1d']) {
      const s = JSON.parse(stateOf(state, name)) as WindowState;
      expect(s.t.length, name).toBeLessThanOrEqual(WINDOW_CAP);
      expect(s.b.length, name).toBeLessThanOrEqual(32);
    }
  });

  it('a 100,000-item array or a 1 MB string is one value: processing and reading stay fast', () => {
    const { engine } = engineWith([
      { name: 'count', type: 'int64', aggregation: 'counter', criteria: { all: [{ property: THING, operator: 'in', value: ['a', 'b'] }] } },
      { name: 'sum', type: 'double', aggregation: 'sum', property: THING },
      { name: 'last', type: 'string', aggregation: 'last', property: THING },
    ]);
    const big = Array.from({ length: 100_000 }, (_, j) => `item-${j}`);
    const started = performance.now();
    for (let i = 0; i < 20; i++) engine.process(event(i, i % 2 === 0 ? big : 'y'.repeat(1_000_000)));
    engine.read('domain_userid', 'u', T0 + 20);
    expect(performance.now() - started).toBeLessThan(1000);
    // Not a number, not in the list: no contribution to the sum or the filtered counter.
    expect(engine.read('domain_userid', 'u', T0 + 20)).toMatchObject({ 'g_v1:count': 0, 'g_v1:sum': null });
  });

  it('distinct-value aggregations do not keep megabytes per attribute when events carry huge values', () => {
    // Twelve events each carrying a distinct ~1.2 MB value (a 100,000-item array, or a 1 MB string):
    // the count caps hold, but each kept value is kept whole, so one attribute of one id grows by the
    // size of every value (≈ 15 MB here, ≈ 120 MB at the cap of 100), and every flush writes it all to
    // IndexedDB. Bounded memory means one attribute's state stays under a fixed size.
    const { engine, state } = engineWith([
      { name: 'lists', type: 'string_list', aggregation: 'unique_list', property: THING },
      { name: 'cats', type: 'dict', aggregation: 'category_count', property: THING },
      { name: 'top', type: 'string', aggregation: 'most_frequent', property: THING },
    ]);
    for (let i = 0; i < 12; i++) {
      engine.process(event(i, i % 2 === 0 ? Array.from({ length: 100_000 }, (_, j) => `v${i}-${j}`) : `${i}`.repeat(1_200_000)));
    }
    const sizes = Object.fromEntries(['lists', 'cats', 'top'].map((name) => [name, stateOf(state, name).length]));
    const over = Object.entries(sizes).filter(([, bytes]) => bytes > 2_000_000).map(([name, bytes]) => `${name}: ${(bytes / 1e6).toFixed(1)} MB`);
    expect(over).toEqual([]);
  });
});
