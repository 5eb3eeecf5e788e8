import { describe, expect, it } from 'vitest';
import type { Definitions } from '../../../src/definitions/types.js';
import type { EdgeEngine } from '../../../src/pipeline/create-engine.js';
import { compareWithReference } from '../../reference/differential.js';
import { createNaiveEngine } from '../../reference/naive-engine.js';
import { checkSpecCase, isClose, type SpecCase } from '../../reference/spec-table.js';

/** The naive engine with one deliberate bug: counters off by one once above 3. */
function createBrokenEngine(defs: Definitions): EdgeEngine {
  const inner = createNaiveEngine(defs);
  return {
    process: (e) => inner.process(e),
    ids: () => inner.ids(),
    read(key, id, now) {
      const values = inner.read(key, id, now);
      if (values === null) return null;
      return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k.endsWith(':page_views') && typeof v === 'number' && v > 3 ? v + 1 : v]));
    },
  };
}

describe('compareWithReference', () => {
  it('finds no difference between the reference and itself', () => {
    expect(compareWithReference(21, createNaiveEngine, { events: 120 })).toEqual([]);
  });

  it('reports a wrong value with where and what', () => {
    const problems = compareWithReference(21, createBrokenEngine, { events: 120, maxProblems: 3 });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/user_activity_v2:page_views .* expected \d+, got \d+/);
  });
});

describe('checkSpecCase', () => {
  const specCase: SpecCase = {
    name: 'x', spec: 'test',
    definitions: null,
    events: [{ t: '2024-01-01T00:00:00.000Z', duid: 'u1' }, { t: '2024-01-01T00:00:01.000Z', duid: 'u1' }],
    reads: [{ now: '2024-01-01T00:00:05.000Z', key: 'domain_userid', id: 'u1', expected: { 'g_v1:n': 3 } }],
    fired: [{ name: 'two', version: 1, target: { name: 'domain_userid', id: 'u1' }, event_index: 0 }],
  };
  const defs: Definitions = {
    groups: [{
      name: 'g', version: 1, kind: 'stream', online: true, published: true, ttlMs: null, fields: [],
      key: { name: 'domain_userid', description: null, property: { kind: 'atomic', name: 'domain_userid', datePart: null }, ttlMs: null },
      attributes: [{
        name: 'n', description: null, type: 'int32', aggregation: 'counter', events: [], property: null, criteria: { all: [], any: [] },
        periodMs: null, ttlMs: null, defaultValue: 0, timeUnit: null,
      }],
    }],
    services: [], keys: [],
    interventions: [{ name: 'two', version: 1, description: null, published: true, targets: null, criteria: { op: 'leaf', group: 'g', attribute: 'n', operator: '=', value: 2 } }],
  };

  it('lists every wrong read and crossing', () => {
    expect(checkSpecCase(specCase, createNaiveEngine, () => defs)).toEqual([
      'read domain_userid=u1 at 2024-01-01T00:00:05.000Z after event 1: g_v1:n expected 3, got 2',
      'missing crossing two v1 → domain_userid=u1 @event 0',
      'unexpected crossing two v1 → domain_userid=u1 @event 1',
    ]);
  });

  it('compares numbers with a relative tolerance and objects exactly', () => {
    expect(isClose(100.001, 100)).toBe(false);
    expect(isClose(0.1 + 0.2, 0.3)).toBe(true);
    expect(isClose(101, 100, 0.02)).toBe(true);
    expect(isClose({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(isClose({ a: [1, 2], b: 1 }, { a: [1, 2] })).toBe(false);
    expect(isClose([1], { 0: 1 })).toBe(false);
    expect(isClose(null, 0)).toBe(false);
  });
});
