import { describe, expect, it } from 'vitest';
import {
  AGGREGATIONS, DATE_PARTS, INTERVENTION_OPERATORS, type InterventionNode, type PropertyRef,
} from '../../../src/definitions/types.js';
import { createNaiveEngine } from '../../reference/naive-engine.js';
import { createRandom, generateDefinitions, generateStream } from '../../reference/random-stream.js';

const CRITERION_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', 'like', 'in'];

function walk(node: InterventionNode, visit: (n: InterventionNode, parents: InterventionNode[]) => void, parents: InterventionNode[] = []): void {
  visit(node, parents);
  if (node.op !== 'leaf') node.children.forEach((c) => walk(c, visit, [...parents, node]));
}

describe('createRandom', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    const c = createRandom(1);
    const ints = Array.from({ length: 500 }, () => c.int(2, 4));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4]));
    expect(createRandom(3).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('generateStream', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(generateStream(5)).toEqual(generateStream(5));
    expect(generateStream(5)).not.toEqual(generateStream(6));
    expect(generateStream(5, { events: 10 })).toHaveLength(10);
  });

  for (const seed of [1, 2, 3, 11, 12]) {
    it(`seed ${seed}: realistic mix of users, events, values and times`, () => {
      const stream = generateStream(seed);
      const duids = new Set(stream.map((e) => e.atomic['domain_userid']).filter((x) => x !== null));
      expect(duids.size).toBeGreaterThanOrEqual(2);
      expect(duids.size).toBeLessThanOrEqual(4);
      expect(stream.some((e) => typeof e.atomic['user_id'] === 'string')).toBe(true);
      expect(stream.some((e) => e.atomic['user_id'] === null)).toBe(true);
      expect(new Set(stream.map((e) => e.atomic['event_id'])).size).toBe(stream.length);
      for (const e of stream) expect(e.atomic['derived_tstamp']).toBe(new Date(e.derivedTstamp).toISOString());
      const names = new Set(stream.map((e) => e.atomic['event_name']));
      for (const n of ['page_view', 'snowplow_ecommerce_action', 'event']) expect(names).toContain(n);
      const products = stream.flatMap((e) => e.contexts.filter((c) => c.name === 'product').map((c) => c.data as Record<string, unknown>));
      expect(products.some((p) => typeof p['price'] === 'number')).toBe(true);
      expect(products.some((p) => typeof p['price'] === 'string')).toBe(true);
      expect(products.some((p) => !('price' in p))).toBe(true);
      expect(stream.some((e) => e.contexts.filter((c) => c.name === 'product').length >= 2)).toBe(true);
      expect(new Set(stream.filter((e) => e.atomic['event_name'] === 'snowplow_ecommerce_action').map((e) => e.atomic['event_version'])))
        .toEqual(new Set(['1-0-0', '1-0-2']));
      expect(stream.some((e) => typeof e.atomic['se_value'] === 'number')).toBe(true);
      const steps = stream.slice(1).map((e, i) => e.derivedTstamp - (stream[i]?.derivedTstamp ?? 0));
      expect(steps.filter((s) => s === 0).length).toBeGreaterThan(stream.length / 5);
      expect(steps.some((s) => s < 0)).toBe(true);
      expect(steps.some((s) => s > 2 * 3_600_000)).toBe(true);
      expect(steps.filter((s) => s > 0).length).toBeGreaterThan(stream.length / 3);
    });
  }
});

describe('generateDefinitions', () => {
  it('is deterministic per seed', () => {
    expect(generateDefinitions(9)).toEqual(generateDefinitions(9));
  });

  for (const seed of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) {
    it(`seed ${seed}: spans every aggregation, operator, property kind and date part`, () => {
      const defs = generateDefinitions(seed);
      const computed = defs.groups.filter((g) => g.kind === 'stream' && g.online);
      const attrs = computed.flatMap((g) => g.attributes);
      expect(attrs.length).toBeGreaterThanOrEqual(30);
      expect(attrs.length).toBeLessThanOrEqual(60);
      expect(defs.groups.some((g) => g.kind === 'batch')).toBe(true);
      expect(defs.groups.some((g) => !g.online)).toBe(true);
      expect(new Set(computed.map((g) => g.key.name))).toEqual(new Set(['domain_userid', 'domain_sessionid', 'user_id']));
      for (const agg of AGGREGATIONS) {
        expect(attrs.some((a) => a.aggregation === agg && a.periodMs === null), `${agg} lifetime`).toBe(true);
        expect(attrs.some((a) => a.aggregation === agg && a.periodMs !== null), `${agg} windowed`).toBe(true);
      }
      expect(attrs.some((a) => a.ttlMs !== null)).toBe(true);
      expect(attrs.every((a) => a.ttlMs === null || a.periodMs === null)).toBe(true);
      const criteria = attrs.flatMap((a) => [...a.criteria.all, ...a.criteria.any]);
      expect(new Set(criteria.map((c) => c.operator))).toEqual(new Set(CRITERION_OPERATORS));
      expect(attrs.some((a) => a.criteria.any.length > 0 && a.criteria.all.length > 0)).toBe(true);
      const props: PropertyRef[] = [...attrs.flatMap((a) => (a.property === null ? [] : [a.property])), ...criteria.map((c) => c.property)];
      expect(new Set(props.map((p) => p.kind))).toEqual(new Set(['atomic', 'event', 'entity', 'column']));
      expect(props.some((p) => p.kind === 'column' && p.entity)).toBe(true);
      expect(props.some((p) => p.kind === 'column' && !p.entity)).toBe(true);
      expect(props.some((p) => p.kind === 'entity' && p.index > 0)).toBe(true);
      expect(new Set(props.flatMap((p) => (p.datePart === null ? [] : [p.datePart])))).toEqual(new Set(DATE_PARTS));
      expect(props.every((p) => p.datePart === null || (p.kind === 'atomic' && p.name === 'derived_tstamp'))).toBe(true);
      expect(attrs.some((a) => a.aggregation !== 'counter' && a.defaultValue !== null)).toBe(true);
      const refs = attrs.flatMap((a) => a.events);
      expect(attrs.some((a) => a.events.length === 0)).toBe(true);
      expect(refs.some((r) => r.version !== null)).toBe(true);
      expect(refs.some((r) => r.vendor === null && r.name !== null)).toBe(true);
      expect(refs.some((r) => r.vendor !== null && r.name === null)).toBe(true);
      expect(refs.some((r) => r.vendor !== null && r.name !== null && r.version === null)).toBe(true);

      expect(defs.interventions.length).toBeGreaterThanOrEqual(6);
      expect(defs.interventions.length).toBeLessThanOrEqual(10);
      const ops = new Set<string>();
      const nodes = new Set<string>();
      for (const iv of defs.interventions) {
        walk(iv.criteria, (n, parents) => {
          nodes.add(n.op);
          if (n.op !== 'leaf') return;
          ops.add(n.operator);
          if (n.operator === 'changed') expect(parents.every((p) => p.op === 'all')).toBe(true);
        });
      }
      expect(ops).toEqual(new Set(INTERVENTION_OPERATORS));
      expect(nodes).toEqual(new Set(['all', 'any', 'none', 'leaf']));
      expect(defs.interventions.some((iv) => iv.targets === null)).toBe(true);
      expect(defs.interventions.some((iv) => iv.targets !== null)).toBe(true);
    });
  }
});

describe('streams against their definitions', () => {
  it('make every intervention fire in some of seeds 1–5', () => {
    const fired = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const engine = createNaiveEngine(generateDefinitions(seed));
      for (const e of generateStream(seed)) for (const f of engine.process(e).fired) fired.add(f.name);
    }
    expect([...fired].sort()).toEqual(generateDefinitions(1).interventions.map((iv) => iv.name).sort());
  });
});
