import { describe, expect, it } from 'vitest';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Definitions, InterventionDef, PropertyRef,
} from '../../../src/definitions/types.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { toAtomicEvent, type CompactEvent } from '../../reference/compact-event.js';
import { createNaiveEngine, matchLike, readKeyId, readProperty } from '../../reference/naive-engine.js';
import { generateDefinitions, generateStream } from '../../reference/random-stream.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number): string => new Date(T0 + ms).toISOString();
const duidKey: AttributeKeyDef = { name: 'domain_userid', description: null, property: { kind: 'atomic', name: 'domain_userid', datePart: null }, ttlMs: null };
const price: PropertyRef = { kind: 'entity', vendor: ECOM, name: 'product', major: 1, index: 0, path: ['price'], datePart: null };
const url: PropertyRef = { kind: 'atomic', name: 'page_url', datePart: null };

function makeAttr(a: Partial<AttributeDef> & Pick<AttributeDef, 'name' | 'aggregation'>): AttributeDef {
  return {
    description: null, type: 'double', events: [], property: null, criteria: { all: [], any: [] }, periodMs: null, ttlMs: null,
    defaultValue: a.aggregation === 'counter' ? 0 : null, timeUnit: null, ...a,
  };
}

function makeDefs(attributes: AttributeDef[], interventions: InterventionDef[] = []): Definitions {
  const group: AttributeGroupDef = {
    name: 'g', version: 1, key: duidKey, kind: 'stream', online: true, published: true, ttlMs: null, attributes, fields: [],
  };
  return { groups: [group], services: [], interventions, keys: [duidKey] };
}

function events(list: CompactEvent[]): AtomicEvent[] {
  return list.map((e, i) => toAtomicEvent(e, i));
}

describe('readProperty', () => {
  const event = toAtomicEvent({
    t: '2024-03-17T22:30:00.000Z', duid: 'u1', page_url: 'https://s.test/', action: 'add_to_cart',
    products: [{ price: 5, name: 'A' }, { price: 7 }],
    contexts: [{ schema: 'iglu:com.acme/userProfile/jsonschema/1-1-0', data: { loyaltyPoints: 3, tags: ['x', 'y'] } }],
    atomic: { refr_dvce_tstamp: '2024-03-01T00:00:00.000Z' },
  });

  it('reads atomic, event and entity properties, entity by index among its own schema', () => {
    expect(readProperty(url, event)).toBe('https://s.test/');
    expect(readProperty({ kind: 'event', vendor: ECOM, name: 'snowplow_ecommerce_action', major: 1, path: ['type'], datePart: null }, event)).toBe('add_to_cart');
    expect(readProperty({ ...price, index: 1 }, event)).toBe(7);
    expect(readProperty({ ...price, index: 2 }, event)).toBeNull();
    expect(readProperty({ kind: 'entity', vendor: 'com.acme', name: 'userProfile', major: 1, index: 0, path: ['tags', 1], datePart: null }, event)).toBe('y');
    expect(readProperty({ kind: 'entity', vendor: 'com.acme', name: 'userProfile', major: 2, index: 0, path: ['tags'], datePart: null }, event)).toBeNull();
  });

  it('walks own properties only and treats undefined as null', () => {
    expect(readProperty({ ...price, path: ['toString'] }, event)).toBeNull();
    expect(readProperty({ ...price, path: ['price', 'x'] }, event)).toBeNull();
    expect(readProperty({ kind: 'atomic', name: 'geo_country', datePart: null }, event)).toBeNull();
  });

  it('reads legacy columns with snake_case path fallback', () => {
    expect(readProperty({ kind: 'column', column: 'contexts_com_acme_user_profile_1', entity: true, index: 0, path: ['loyalty_points'], datePart: null }, event)).toBe(3);
    expect(readProperty({ kind: 'column', column: 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1', entity: true, index: 1, path: ['price'], datePart: null }, event)).toBe(7);
    expect(readProperty({ kind: 'column', column: 'unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1', entity: false, index: 0, path: ['type'], datePart: null }, event)).toBe('add_to_cart');
    expect(readProperty({ kind: 'column', column: 'contexts_com_acme_user_profile_1', entity: false, index: 0, path: ['loyalty_points'], datePart: null }, event)).toBeNull();
  });

  it('applies date parts in UTC and treats refr_device_tstamp as refr_dvce_tstamp', () => {
    const at = (datePart: PropertyRef['datePart']): unknown => readProperty({ kind: 'atomic', name: 'derived_tstamp', datePart }, event);
    expect([at('hour_of_day'), at('day_of_week'), at('month_of_year')]).toEqual([22, 7, 3]);
    expect([at('active_day'), at('active_week'), at('active_month')]).toEqual(['2024-03-17', '2024-03-11', '2024-03-01']);
    expect(readProperty({ kind: 'atomic', name: 'refr_device_tstamp', datePart: 'active_day' }, event)).toBe('2024-03-01');
    expect(readProperty({ kind: 'atomic', name: 'page_url', datePart: 'active_day' }, event)).toBeNull();
  });

  it('reads key ids as non-empty strings', () => {
    expect(readKeyId(duidKey, event)).toBe('u1');
    expect(readKeyId(duidKey, toAtomicEvent({ t: iso(0), duid: '' }))).toBeNull();
    expect(readKeyId({ ...duidKey, property: { ...price } }, event)).toBe('5');
  });
});

describe('matchLike', () => {
  it.each([
    ['abc', 'a%', true], ['abc', 'a_c', true], ['abc', 'a_', false], ['ABC', 'abc', false], ['a.c', 'a.c', true],
    ['abc', 'a.c', false], ['x(y)', '%(y)', true], ['', '%', true], ['a\nb', 'a_b', true],
  ])('%j like %j → %j', (text, pattern, expected) => {
    expect(matchLike(text, pattern)).toBe(expected);
  });
});

describe('createNaiveEngine', () => {
  it('reads null for unseen ids and lists ids in first-seen order', () => {
    const engine = createNaiveEngine(makeDefs([makeAttr({ name: 'n', aggregation: 'counter', type: 'int32' })]));
    for (const e of events([{ t: iso(0), duid: 'b' }, { t: iso(1), duid: 'a' }, { t: iso(2), duid: 'b' }, { t: iso(3), duid: '' }])) engine.process(e);
    expect([...engine.ids()]).toEqual([{ key: 'domain_userid', id: 'b' }, { key: 'domain_userid', id: 'a' }]);
    expect(engine.read('domain_userid', 'b', T0)).toEqual({ 'g_v1:n': 2 });
    expect(engine.read('domain_userid', 'zzz', T0)).toBeNull();
    expect(engine.read('user_id', 'b', T0)).toBeNull();
  });

  it('returns defaults as copies that callers cannot corrupt', () => {
    const engine = createNaiveEngine(makeDefs([makeAttr({ name: 'l', aggregation: 'unique_list', property: url, defaultValue: [] })]));
    engine.process(toAtomicEvent({ t: iso(0), duid: 'u' }));
    (engine.read('domain_userid', 'u', T0)?.['g_v1:l'] as unknown[]).push('x');
    expect(engine.read('domain_userid', 'u', T0)).toEqual({ 'g_v1:l': [] });
  });

  it('fires one payload per target with the event id, time and one intervention_id per crossing', () => {
    const iv: InterventionDef = {
      name: 'many', version: 3, description: null, published: true, targets: ['domain_userid', 'user_id', 'domain_userid'],
      criteria: { op: 'leaf', group: 'g', attribute: 'n', operator: '>=', value: 2 },
    };
    const engine = createNaiveEngine(makeDefs([makeAttr({ name: 'n', aggregation: 'counter', type: 'int32' })], [iv]));
    const list = events([{ t: iso(0), duid: 'u' }, { t: iso(5), duid: 'u', uid: 'al' }, { t: iso(6), duid: 'u', uid: 'al' }]);
    expect(engine.process(list[0] as AtomicEvent).fired).toEqual([]);
    const fired = engine.process(list[1] as AtomicEvent).fired;
    expect(fired).toEqual([
      expect.objectContaining({ name: 'many', version: 3, target_attribute_key: { name: 'domain_userid', id: 'u' }, attributes: { n: '2' }, event_id: list[1]?.atomic['event_id'], fired_at: T0 + 5 }),
      expect.objectContaining({ target_attribute_key: { name: 'user_id', id: 'al' } }),
    ]);
    expect(fired[0]?.intervention_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fired[0]?.intervention_id).toBe(fired[1]?.intervention_id);
    expect(engine.process(list[2] as AtomicEvent).fired).toEqual([]);
  });

  it('reads at a given now do not change the state', () => {
    const engine = createNaiveEngine(generateDefinitions(7));
    const stream = generateStream(7, { events: 80 });
    for (const e of stream) engine.process(e);
    const { key, id } = [...engine.ids()][0] as { key: string; id: string };
    const now = (stream.at(-1) as AtomicEvent).derivedTstamp;
    const first = engine.read(key, id, now);
    engine.read(key, id, now + 86_400_000);
    expect(engine.read(key, id, now)).toEqual(first);
  });
});

describe('naive engine invariants on random streams', () => {
  const attrs = [
    makeAttr({ name: 'count', aggregation: 'counter', type: 'int32' }),
    makeAttr({ name: 'count_1h', aggregation: 'counter', type: 'int32', periodMs: 3_600_000 }),
    makeAttr({ name: 'count_ttl', aggregation: 'counter', type: 'int32', ttlMs: 7_200_000 }),
    makeAttr({ name: 'sum', aggregation: 'sum', property: price }),
    makeAttr({ name: 'lo', aggregation: 'min', property: price }),
    makeAttr({ name: 'hi', aggregation: 'max', property: price }),
    makeAttr({ name: 'cats', aggregation: 'category_count', type: 'dict', property: { ...price, path: ['category'] } }),
    makeAttr({ name: 'urls', aggregation: 'unique_list', type: 'string_list', property: url }),
    makeAttr({ name: 'distinct', aggregation: 'approx_count_distinct', type: 'int64', property: url }),
  ];

  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: order-free aggregates ignore arrival order; windows and TTLs never exceed lifetime`, () => {
      const stream = generateStream(seed, { events: 150 });
      const shuffled = [...stream].sort((a, b) => String(a.atomic['event_id']).localeCompare(String(b.atomic['event_id'])));
      const a = createNaiveEngine(makeDefs(attrs));
      const b = createNaiveEngine(makeDefs(attrs));
      stream.forEach((e) => a.process(e));
      shuffled.forEach((e) => b.process(e));
      const end = Math.max(...stream.map((e) => e.derivedTstamp));
      for (const { key, id } of a.ids()) {
        for (const now of [end, end - 3_600_000, end + 3_000_000]) {
          const va = a.read(key, id, now) as Record<string, unknown>;
          const vb = b.read(key, id, now) as Record<string, unknown>;
          for (const name of ['count', 'count_1h', 'lo', 'hi', 'cats', 'distinct']) expect(vb[`g_v1:${name}`]).toEqual(va[`g_v1:${name}`]);
          expect(vb['g_v1:sum'] ?? 0).toBeCloseTo(Number(va['g_v1:sum'] ?? 0), 6);
          expect(new Set(vb['g_v1:urls'] as string[])).toEqual(new Set(va['g_v1:urls'] as string[]));
          expect(va['g_v1:count_1h']).toBeLessThanOrEqual(va['g_v1:count'] as number);
          expect((va['g_v1:count_ttl'] as number | null) ?? 0).toBeLessThanOrEqual(va['g_v1:count'] as number);
          expect((va['g_v1:urls'] as string[]).length).toBe(va['g_v1:distinct']);
        }
      }
    });
  }
});
