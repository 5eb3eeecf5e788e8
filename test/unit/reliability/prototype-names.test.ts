// `__proto__`, `constructor` and `prototype` everywhere a name or a key can come from data (issue 7):
// as group, attribute and key names, in property paths, as keys and values of event data, as
// categories, in server answers and in fired payloads. They stay plain data: values are right,
// nothing reaches Object.prototype, and the tracker, the page and the runtime never see a throw.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { parseEventLine } from '../../../src/event/parse-event-line.js';
import { EventError } from '../../../src/errors.js';
import { type Runtime } from '../../../src/runtime/create-runtime.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { inspectState } from '../../../src/plugin/inspect-state.js';
import { explainState } from '../../../src/plugin/explain-state.js';
import type { DeliveredIntervention } from '../../../src/runtime/create-intervention-dispatcher.js';

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();
const ACME = 'com.acme';

function expectNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_KEYS);
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'price', 'type', 'value', 'v']) expect(probe[key], key).toBeUndefined();
}

const entity = (path: string) => ({ type: 'entity', vendor: ACME, name: 'thing', major_version: 1, path });

/** Group `__proto__` on key `constructor` (a custom key read from the entity's `id`), and group `prototype` on domain_userid. */
const hostileBundle = {
  attribute_keys: [{ name: 'constructor', property: entity('id') }],
  attribute_groups: [
    {
      name: '__proto__', version: 1, is_published: true, attribute_key: { name: 'constructor' },
      attributes: [
        { name: '__proto__', type: 'int64', aggregation: 'counter' },
        { name: 'constructor', type: 'string_list', aggregation: 'unique_list', property: entity('kind') },
        { name: 'toString', type: 'dict', aggregation: 'category_count', property: entity('kind') },
      ],
    },
    {
      name: 'prototype', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
      attributes: [
        { name: 'proto_path', type: 'double', aggregation: 'sum', property: entity('__proto__.price') },
        { name: 'ctor_path', type: 'double', aggregation: 'sum', property: entity('constructor.prototype.price') },
        { name: 'prototype_path', type: 'double', aggregation: 'sum', property: entity('prototype') },
        { name: 'hasOwnProperty', type: 'int64', aggregation: 'counter', criteria: { all: [{ property: entity('kind'), operator: '=', value: '__proto__' }] } },
      ],
    },
  ],
  interventions: [
    { name: '__proto__', version: 1, is_published: true, criteria: { attribute: '__proto__:__proto__', operator: '>=', value: 2 } },
    { name: 'constructor', version: 1, is_published: true, criteria: { attribute: 'prototype:hasOwnProperty', operator: '>=', value: 1 } },
  ],
};

let eid = 0;
/** A tracker payload for user `u1` with one `com.acme/thing` entity (the JSON text keeps `__proto__` keys as data). */
function payload(entityJson: string): Record<string, unknown> {
  return {
    e: 'pv', eid: `00000000-0000-4000-8000-${String(++eid).padStart(12, '0')}`, tna: 'proto', p: 'web', url: 'https://shop.example/',
    duid: 'u1', dtm: String(Date.UTC(2026, 0, 1) + eid),
    co: `{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:${ACME}/thing/jsonschema/1-0-0","data":${entityJson}}]}`,
  };
}

const EVENTS = [
  '{"id":"__proto__","kind":"__proto__","__proto__":{"price":5,"polluted":"yes"},"constructor":{"prototype":{"price":7}},"prototype":3}',
  '{"id":"__proto__","kind":"constructor","__proto__":{"price":"6"},"prototype":"x"}',
  '{"id":"constructor","kind":"toString","__proto__":null}',
];

const open: Runtime[] = [];
afterEach(() => {
  for (const r of open.splice(0)) r.close();
  expectNoPollution();
});

describe('prototype names are data', () => {
  it('are valid names for groups, attributes and keys, and load', () => {
    const result = parseDefinitions(hostileBundle);
    expect(result.ok).toBe(true);
  });

  it('through the engine: paths read own data only, values are right, categories and payload keys stay plain keys', () => {
    const result = parseDefinitions(hostileBundle);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const engine = createEngine(result.definitions, { newId: () => 'iid' });
    const fired = EVENTS.flatMap((json) => engine.process(fromTrackerPayload(payload(json))).fired);
    const now = Date.UTC(2026, 0, 2);
    const proto = engine.read('constructor', '__proto__', now)!;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto).sort()).toEqual(['__proto___v1:__proto__', '__proto___v1:constructor', '__proto___v1:toString']);
    expect(proto['__proto___v1:__proto__']).toBe(2);
    expect(proto['__proto___v1:constructor']).toEqual(['__proto__', 'constructor']);
    const categories = proto['__proto___v1:toString'] as Record<string, number>;
    expect(Object.getPrototypeOf(categories)).toBe(Object.prototype);
    expect(Object.keys(categories).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(categories, '__proto__')?.value).toBe(1);
    // Own `__proto__` data is read as data (5; "6" is not a number), an inherited constructor.prototype never.
    expect(engine.read('domain_userid', 'u1', now)).toEqual({
      'prototype_v1:proto_path': 5, 'prototype_v1:ctor_path': 7, 'prototype_v1:prototype_path': 3, 'prototype_v1:hasOwnProperty': 1,
    });
    expect(fired.map((f) => [f.name, f.target_attribute_key])).toEqual([
      ['constructor', { name: 'domain_userid', id: 'u1' }],
      ['__proto__', { name: 'constructor', id: '__proto__' }],
    ]);
    const payloadAttributes = fired[1]!.attributes;
    expect(Object.getOwnPropertyDescriptor(payloadAttributes, '__proto__')?.value).toBe('2');
  });

  it('through the runtime: read, inspect, explain and the handlers get plain objects, the tracker sees no throw', async () => {
    const tracker = {
      id: 'proto', namespace: 'proto', core: { track: () => undefined },
      getDomainUserId: () => 'u1', getDomainSessionId: () => 's', getUserId: () => null,
    } as unknown as BrowserTracker;
    const warnings: string[] = [];
    const runtime = createFullRuntime(tracker, { definitions: hostileBundle, storage: 'memory', trackMeasurementEvents: false },
      { warn: (m: string) => void warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined });
    open.push(runtime);
    await runtime.ready;
    const delivered: DeliveredIntervention[] = [];
    runtime.dispatcher.addHandlers({ h: (i) => void delivered.push(i) });
    for (const json of EVENTS) runtime.onPayload(payload(json));
    const values = runtime.read({ group: 'prototype' });
    expect(values).toEqual({ proto_path: 5, ctor_path: 7, prototype_path: 3, hasOwnProperty: 1 });
    // The key `constructor` has no tracker getter: its id is the last one an event carried ("constructor").
    const protoGroup = runtime.read({ group: '__proto__' });
    expect(Object.getOwnPropertyNames(protoGroup).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(protoGroup, '__proto__')?.value).toBe(1);
    expect(protoGroup.constructor).toEqual(['toString']);
    expect(runtime.read({ group: '__proto__', attributeKey: 'constructor', id: '__proto__' })).toMatchObject({ constructor: ['__proto__', 'constructor'] });
    expect(inspectState(runtime.view()!).map((d) => d.name)).toEqual(['__proto__', 'constructor', 'toString', 'proto_path', 'ctor_path', 'prototype_path', 'hasOwnProperty']);
    expect(explainState(runtime.view()!).map((e) => e.name)).toEqual(['__proto__', 'constructor']);
    expect(delivered.map((i) => i.name).sort()).toEqual(['__proto__', 'constructor']);
    expect(warnings).toEqual([]);
  });

  it('a server answer with __proto__ and constructor columns is read as data, ignored where unknown', async () => {
    const { resolveColumns } = await import('../../../src/sync/resolve-columns.js');
    const { compilePlan } = await import('../../../src/engine/compile-plan.js');
    const result = parseDefinitions(hostileBundle);
    if (!result.ok) throw new Error('bundle');
    const row = JSON.parse('{"__proto__":{"polluted":1},"__proto___v1:__proto__":4,"constructor":["a"],"prototype_v1__proto_path":2}') as Record<string, unknown>;
    const columns = resolveColumns(compilePlan(result.definitions), 'constructor', row);
    expect(Object.getOwnPropertyDescriptor(columns, '__proto___v1:__proto__')?.value).toBe(4);
    expect(Object.getOwnPropertyDescriptor(columns, '__proto___v1:constructor')?.value).toEqual(['a']);
    expect(Object.getPrototypeOf(columns)).toBe(Object.prototype);
  });
});

describe('prototype names as tracker event types', () => {
  // Regression (found by test/unit/fuzz/event-fuzz.test.ts): `e` is looked up in a plain object, so
  // `constructor`, `toString`, `valueOf`, `hasOwnProperty` and `__proto__` were taken for event types
  // and the view's `event` column became a function (or Object.prototype).
  for (const e of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf']) {
    it(`e = "${e}" is an unknown event type (EventError naming e)`, () => {
      const bad = { e, eid: 'a1b2c3d4-0000-4000-8000-000000000001', dtm: '1767225600000', url: 'https://shop.example/', duid: 'u' };
      expect(() => fromTrackerPayload(bad)).toThrow(EventError);
      expect(() => fromTrackerPayload(bad)).toThrow(/^e: unknown event type/);
      expect(() => parseEventLine(JSON.stringify(bad))).toThrow(EventError);
    });
  }
});
