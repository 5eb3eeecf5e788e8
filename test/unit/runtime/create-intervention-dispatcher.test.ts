import { describe, expect, it } from 'vitest';
import {
  createInterventionDispatcher,
  type DeliveredIntervention,
  type InterventionDispatcherOptions,
  type SelfDescribingJson,
} from '../../../src/runtime/create-intervention-dispatcher.js';

const RECEIVE = 'iglu:com.snowplowanalytics.signals/intervention_receive/jsonschema/1-0-0';
const HANDLE = 'iglu:com.snowplowanalytics.signals/intervention_handle/jsonschema/1-0-0';
const HANDLE_ERROR = 'iglu:com.snowplowanalytics.signals/intervention_handle_error/jsonschema/1-0-0';
const INSTANCE = 'iglu:com.snowplowanalytics.signals/intervention_instance/jsonschema/1-0-0';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Tracked {
  event: SelfDescribingJson;
  entities: SelfDescribingJson[];
}

let counter = 0;
function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** An intervention; `attributes` may hold any value (the dispatcher must survive what a caller passes). */
function intervention(overrides: Partial<Omit<DeliveredIntervention, 'attributes'>> & { attributes?: Record<string, unknown> } = {}): DeliveredIntervention {
  return {
    intervention_id: uuid(),
    name: 'cart_abandon',
    version: 2,
    attributes: { cart_value: 250, page_views: 3 },
    target_attribute_key: { name: 'domain_userid', id: 'd-1' },
    source: 'edge',
    ...overrides,
  } as DeliveredIntervention;
}

function setup(options: Partial<InterventionDispatcherOptions> = {}) {
  const tracked: Tracked[] = [];
  const warnings: string[] = [];
  const dispatcher = createInterventionDispatcher({
    track: (event, entities) => tracked.push({ event, entities }),
    warn: (message) => warnings.push(message),
    ...options,
  });
  return { dispatcher, tracked, warnings };
}

const chars = (text: string) => [...text].length;

/** The constraints of intervention_instance 1-0-0 as published on iglu-central, checked one by one. */
function expectValidInstance(entity: SelfDescribingJson | undefined): void {
  expect(entity?.schema).toBe(INSTANCE);
  const data = entity!.data;
  // additionalProperties: false
  for (const key of Object.keys(data)) {
    expect(['intervention_id', 'name', 'version', 'attributeKey', 'attributes']).toContain(key);
  }
  // required: intervention_id (uuid), name (1..128), version (integer >= 0)
  expect(data['intervention_id']).toMatch(UUID);
  expect(typeof data['name']).toBe('string');
  expect(chars(data['name'] as string)).toBeGreaterThanOrEqual(1);
  expect(chars(data['name'] as string)).toBeLessThanOrEqual(128);
  expect(Number.isInteger(data['version'])).toBe(true);
  expect(data['version'] as number).toBeGreaterThanOrEqual(0);
  // attributeKey: object or null, required id (string) and name (1..128)
  if (data['attributeKey'] !== undefined && data['attributeKey'] !== null) {
    const key = data['attributeKey'] as Record<string, unknown>;
    expect(typeof key['id']).toBe('string');
    expect(typeof key['name']).toBe('string');
    expect(chars(key['name'] as string)).toBeGreaterThanOrEqual(1);
    expect(chars(key['name'] as string)).toBeLessThanOrEqual(128);
  }
  // attributes: array or null of {attribute (3..257), value (string)}
  if (data['attributes'] !== undefined && data['attributes'] !== null) {
    expect(Array.isArray(data['attributes'])).toBe(true);
    for (const item of data['attributes'] as Record<string, unknown>[]) {
      expect(Object.keys(item).sort()).toEqual(['attribute', 'value']);
      expect(typeof item['attribute']).toBe('string');
      expect(chars(item['attribute'] as string)).toBeGreaterThanOrEqual(3);
      expect(chars(item['attribute'] as string)).toBeLessThanOrEqual(257);
      expect(typeof item['value']).toBe('string');
    }
  }
}

/** Constraints of the three event schemas (all additionalProperties: false). */
function expectValidEvent(event: SelfDescribingJson): void {
  const keys = Object.keys(event.data).sort();
  if (event.schema === RECEIVE) {
    expect(keys).toEqual(['handlers']);
    expect(Array.isArray(event.data['handlers'])).toBe(true);
    for (const id of event.data['handlers'] as unknown[]) {
      expect(typeof id).toBe('string');
      expect(chars(id as string)).toBeLessThanOrEqual(255);
    }
  } else if (event.schema === HANDLE) {
    expect(keys).toEqual(['handler']);
    expect(chars(event.data['handler'] as string)).toBeLessThanOrEqual(255);
  } else if (event.schema === HANDLE_ERROR) {
    expect(['error', 'handler']).toEqual(expect.arrayContaining(keys));
    expect(keys).toContain('handler');
    expect(chars(event.data['handler'] as string)).toBeLessThanOrEqual(255);
    const error = event.data['error'];
    expect(error === null || typeof error === 'string').toBe(true);
    if (typeof error === 'string') expect(chars(error)).toBeLessThanOrEqual(1024);
  } else {
    throw new Error(`unexpected schema ${event.schema}`);
  }
}

function expectAllValid(tracked: Tracked[]): void {
  for (const { event, entities } of tracked) {
    expectValidEvent(event);
    for (const entity of entities) expectValidInstance(entity);
  }
}

const summary = (tracked: Tracked[]) =>
  tracked.map(({ event }) => [event.schema.split('/')[1], event.data['handler'] ?? event.data['handlers']]);

describe('createInterventionDispatcher: delivery', () => {
  it('calls every handler in order synchronously, then tracks receive and one handle per handler', () => {
    const { dispatcher, tracked } = setup();
    const calls: string[] = [];
    dispatcher.addHandlers({
      // No handler waits for a track() call: nothing is tracked before the last one returned.
      first: (i) => calls.push(`first:${i.name}:${i.source}:${tracked.length}`),
      second: (i) => calls.push(`second:${i.name}:${tracked.length}`),
    });
    const payload = intervention({ source: 'server' });
    dispatcher.dispatch(payload);
    expect(calls).toEqual(['first:cart_abandon:server:0', 'second:cart_abandon:0']);
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['first', 'second']],
      ['intervention_handle', 'first'],
      ['intervention_handle', 'second'],
    ]);
    expectAllValid(tracked);
  });

  it('gives handlers a frozen deep copy: one handler cannot change what the next sees or the caller owns', () => {
    const { dispatcher, tracked } = setup();
    const seen: unknown[] = [];
    dispatcher.addHandlers({
      mutator: (i) => {
        (i.attributes as Record<string, unknown>)['cart_value'] = 0;
      },
      observer: (i) => seen.push(i.attributes['cart_value'], Object.isFrozen(i), Object.isFrozen(i.target_attribute_key)),
    });
    const payload = intervention({ attributes: { cart_value: 250, nested: { list: [1, 2] } } });
    dispatcher.dispatch(payload);
    expect(seen).toEqual([250, true, true]);
    expect(Object.isFrozen(payload)).toBe(false);
    payload.attributes['cart_value'] = '1'; // the caller's object stays its own
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['mutator', 'observer']],
      ['intervention_handle_error', 'mutator'],
      ['intervention_handle', 'observer'],
    ]);
  });

  it('isolates a throwing handler between two good ones; dispatch never throws', () => {
    const { dispatcher, tracked, warnings } = setup();
    const calls: string[] = [];
    dispatcher.addHandlers({
      a: () => calls.push('a'),
      broken: () => {
        throw new Error('boom');
      },
      c: () => calls.push('c'),
    });
    expect(() => dispatcher.dispatch(intervention())).not.toThrow();
    expect(calls).toEqual(['a', 'c']);
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['a', 'broken', 'c']],
      ['intervention_handle', 'a'],
      ['intervention_handle_error', 'broken'],
      ['intervention_handle', 'c'],
    ]);
    expect(tracked[2]!.event.data).toEqual({ handler: 'broken', error: 'Error: boom' });
    expect(warnings.some((w) => w.includes("'broken'") && w.includes('boom'))).toBe(true);
    expectAllValid(tracked);
  });

  it('tracks handle after a promise resolves and handle_error after it rejects', async () => {
    const { dispatcher, tracked } = setup();
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    dispatcher.addHandlers({
      slow: () => new Promise<void>((r) => (resolve = r)),
      failing: () => new Promise<void>((_r, j) => (reject = j)),
    });
    dispatcher.dispatch(intervention());
    expect(summary(tracked)).toEqual([['intervention_receive', ['slow', 'failing']]]);
    reject(new TypeError('nope'));
    await Promise.resolve();
    await Promise.resolve();
    expect(summary(tracked).slice(1)).toEqual([['intervention_handle_error', 'failing']]);
    expect(tracked[1]!.event.data['error']).toBe('TypeError: nope');
    resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(summary(tracked).slice(2)).toEqual([['intervention_handle', 'slow']]);
    expectAllValid(tracked);
  });

  it('handles thenables: settles once, a throwing then or then getter counts as an error', () => {
    const { dispatcher, tracked } = setup();
    dispatcher.addHandlers({
      twice: () => ({
        then(ok: () => void, fail: (e: unknown) => void) {
          ok();
          fail(new Error('late'));
          ok();
        },
      }),
      throwingThen: () => ({
        then() {
          throw new Error('then threw');
        },
      }),
      getter: () => ({
        get then() {
          throw new Error('getter threw');
        },
      }),
      plainObject: () => ({ then: 'not a function' }),
    });
    dispatcher.dispatch(intervention());
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['twice', 'throwingThen', 'getter', 'plainObject']],
      ['intervention_handle', 'twice'],
      ['intervention_handle_error', 'throwingThen'],
      ['intervention_handle_error', 'getter'],
      ['intervention_handle', 'plainObject'],
    ]);
    expect(tracked[2]!.event.data['error']).toBe('Error: then threw');
  });

  it('truncates error text to 1024 characters and handler ids to 255 without splitting a surrogate pair', () => {
    const { dispatcher, tracked } = setup();
    const longId = `h${'😀'.repeat(300)}`;
    dispatcher.addHandlers({
      [longId]: () => {
        throw `${'x'.repeat(1023)}😀tail`;
      },
    });
    dispatcher.dispatch(intervention());
    const error = tracked[1]!.event.data['error'] as string;
    expect(chars(error)).toBe(1024);
    expect(error.endsWith('😀')).toBe(true);
    const handler = tracked[1]!.event.data['handler'] as string;
    expect(chars(handler)).toBe(255);
    expect(handler.endsWith('😀')).toBe(true);
    expect(chars((tracked[0]!.event.data['handlers'] as string[])[0]!)).toBe(255);
    expectAllValid(tracked);
  });

  it('describes errors whose String() throws', () => {
    const { dispatcher, tracked } = setup();
    dispatcher.addHandlers({
      weird: () => {
        throw Object.create(null);
      },
    });
    expect(() => dispatcher.dispatch(intervention())).not.toThrow();
    expect(tracked[1]!.event.data).toEqual({ handler: 'weird', error: '[unprintable value]' });
  });

  it('a handler added during delivery does not receive that intervention; re-entrant dispatch works', () => {
    const { dispatcher, tracked } = setup();
    const calls: string[] = [];
    dispatcher.addHandlers({
      adder: (i) => {
        calls.push(`adder:${i.name}`);
        dispatcher.addHandlers({ late: (j) => calls.push(`late:${j.name}`) });
        if (i.name === 'outer') dispatcher.dispatch(intervention({ name: 'inner' }));
      },
    });
    dispatcher.dispatch(intervention({ name: 'outer' }));
    expect(calls).toEqual(['adder:outer', 'adder:inner', 'late:inner']);
    // Measurement events are tracked once the handlers returned: the inner delivery's come first.
    const receives = tracked.filter((t) => t.event.schema === RECEIVE).map((t) => [(t.entities[0]!.data as { name: string }).name, t.event.data['handlers']]);
    expect(receives).toEqual([['inner', ['adder', 'late']], ['outer', ['adder']]]);
  });
});

describe('createInterventionDispatcher: the intervention_instance entity', () => {
  it('maps target_attribute_key to attributeKey and attributes to {attribute, value} named by references: text as it is, anything else as JSON', () => {
    const { dispatcher, tracked } = setup();
    dispatcher.addHandlers({ h: () => undefined });
    const payload = intervention({
      attributes: { cart_value: 250.5, page_views: 3, last_product: 'sku "1"', flags: [true, null], missing: null },
    });
    dispatcher.dispatch(payload, { cart_value: 'ecommerce:cart_value', page_views: 'engagement:page_views' });
    expect(tracked).toHaveLength(2);
    for (const { entities } of tracked) {
      expect(entities).toHaveLength(1);
      expect(entities[0]).toEqual({
        schema: INSTANCE,
        data: {
          intervention_id: payload.intervention_id,
          name: 'cart_abandon',
          version: 2,
          attributeKey: { name: 'domain_userid', id: 'd-1' },
          attributes: [
            { attribute: 'ecommerce:cart_value', value: '250.5' },
            { attribute: 'engagement:page_views', value: '3' },
            { attribute: 'last_product', value: 'sku "1"' },
            { attribute: 'flags', value: '[true,null]' },
            { attribute: 'missing', value: 'null' },
          ],
        },
      });
    }
    expectAllValid(tracked);
  });

  it('leaves out attribute names the schema would reject (under 3 or over 257 characters), with a warning', () => {
    const { dispatcher, tracked, warnings } = setup();
    dispatcher.addHandlers({ h: () => undefined });
    dispatcher.dispatch(intervention({ attributes: { n: 1, ['a'.repeat(258)]: 2, ok_name: 3 } }), { n: 'g:n' });
    const attributes = tracked[0]!.entities[0]!.data['attributes'];
    expect(attributes).toEqual([
      { attribute: 'g:n', value: '1' },
      { attribute: 'ok_name', value: '3' },
    ]);
    expect(warnings.some((w) => w.includes('attributes left out'))).toBe(true);
    expectAllValid(tracked);
  });

  it('leaves out the entity when a required field would not validate, but still tracks the events', () => {
    for (const bad of [
      { intervention_id: 'not-a-uuid' },
      { name: '' },
      { name: 'n'.repeat(129) },
      { version: 1.5 },
      { version: -1 },
    ] satisfies Partial<DeliveredIntervention>[]) {
      const { dispatcher, tracked, warnings } = setup();
      dispatcher.addHandlers({ h: () => undefined });
      dispatcher.dispatch(intervention(bad));
      expect(summary(tracked)).toEqual([
        ['intervention_receive', ['h']],
        ['intervention_handle', 'h'],
      ]);
      for (const { entities } of tracked) expect(entities).toEqual([]);
      expect(warnings.filter((w) => w.includes('entity left out'))).toHaveLength(1);
    }
  });

  it('leaves out attributeKey when the target key would not validate', () => {
    const { dispatcher, tracked } = setup();
    dispatcher.addHandlers({ h: () => undefined });
    dispatcher.dispatch(intervention({ target_attribute_key: { name: '', id: 'x' } }));
    expect(tracked[0]!.entities[0]!.data).not.toHaveProperty('attributeKey');
    expectAllValid(tracked);
  });
});

describe('createInterventionDispatcher: measurement settings', () => {
  it('tracks nothing with measurement false, yet delivers', () => {
    const { dispatcher, tracked } = setup({ measurement: false });
    const calls: string[] = [];
    dispatcher.addHandlers({ a: () => calls.push('a'), b: () => Promise.reject(new Error('x')) });
    dispatcher.dispatch(intervention());
    expect(calls).toEqual(['a']);
    expect(tracked).toEqual([]);
  });

  it('applies per-setting booleans; a missing setting is on', () => {
    const { dispatcher, tracked } = setup({ measurement: { delivery: false, dispatch_error: true } });
    dispatcher.addHandlers({
      a: () => undefined,
      b: () => {
        throw new Error('x');
      },
    });
    dispatcher.dispatch(intervention());
    expect(summary(tracked)).toEqual([
      ['intervention_handle', 'a'],
      ['intervention_handle_error', 'b'],
    ]);
  });

  it('applies predicates on the delivered intervention; a throwing predicate counts as false', () => {
    const seenByPredicate: DeliveredIntervention[] = [];
    const { dispatcher, tracked, warnings } = setup({
      measurement: {
        delivery: (i) => {
          seenByPredicate.push(i);
          return i.name === 'tracked';
        },
        dispatch_accept: () => {
          throw new Error('predicate broke');
        },
        dispatch_error: (i) => i.source === 'server',
      },
    });
    dispatcher.addHandlers({
      ok: () => undefined,
      bad: () => {
        throw new Error('x');
      },
    });
    dispatcher.dispatch(intervention({ name: 'tracked', source: 'edge' }));
    dispatcher.dispatch(intervention({ name: 'other', source: 'server' }));
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['ok', 'bad']],
      ['intervention_handle_error', 'bad'],
    ]);
    expect(seenByPredicate.map((i) => [i.name, i.source])).toEqual([
      ['tracked', 'edge'],
      ['other', 'server'],
    ]);
    expect(warnings.filter((w) => w.includes('dispatch_accept threw'))).toHaveLength(1);
  });

  it('a throwing track is caught, warned once, and delivery goes on', () => {
    const warnings: string[] = [];
    const calls: string[] = [];
    const dispatcher = createInterventionDispatcher({
      track: () => {
        throw new Error('tracker down');
      },
      warn: (m) => warnings.push(m),
    });
    dispatcher.addHandlers({ a: () => calls.push('a'), b: () => calls.push('b') });
    dispatcher.dispatch(intervention());
    dispatcher.dispatch(intervention());
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
    expect(warnings.filter((w) => w.includes('tracker down'))).toHaveLength(1);
  });

  it('a throwing warn does not break delivery', () => {
    const calls: string[] = [];
    const dispatcher = createInterventionDispatcher({
      track: () => undefined,
      warn: () => {
        throw new Error('logger down');
      },
    });
    dispatcher.addHandlers({ a: 1 as never, b: () => calls.push('b') });
    dispatcher.addHandlers({
      c: () => {
        throw new Error('x');
      },
      d: () => calls.push('d'),
    });
    expect(() => dispatcher.dispatch(intervention())).not.toThrow();
    expect(calls).toEqual(['b', 'd']);
  });
});

describe('createInterventionDispatcher: handlers, queue and duplicates', () => {
  it('merges handlers, keeps registration order, ignores non-functions with one warning, removes by id or ids', () => {
    const { dispatcher, warnings } = setup();
    dispatcher.addHandlers({ a: () => 1, b: () => 2 });
    dispatcher.addHandlers({ c: () => 3, a: () => 4, bad: 'nope' as never, worse: null as never });
    expect(dispatcher.handlerIds()).toEqual(['a', 'b', 'c']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('bad, worse');
    dispatcher.removeHandlers('b');
    expect(dispatcher.handlerIds()).toEqual(['a', 'c']);
    dispatcher.removeHandlers(['a', 'c', 'unknown']);
    expect(dispatcher.handlerIds()).toEqual([]);
    dispatcher.addHandlers(null as never);
    expect(warnings).toHaveLength(2);
  });

  it('a replaced handler is the one called; a removed handler is not called', () => {
    const { dispatcher } = setup();
    const calls: string[] = [];
    dispatcher.addHandlers({ a: () => calls.push('old'), b: () => calls.push('b') });
    dispatcher.addHandlers({ a: () => calls.push('new') });
    dispatcher.removeHandlers('b');
    dispatcher.dispatch(intervention());
    expect(calls).toEqual(['new']);
  });

  it('queues interventions while no handler is registered, tracks nothing, and delivers them in order on add', () => {
    const { dispatcher, tracked } = setup();
    dispatcher.dispatch(intervention({ name: 'one' }));
    dispatcher.dispatch(intervention({ name: 'two' }));
    expect(tracked).toEqual([]);
    const calls: string[] = [];
    dispatcher.addHandlers({ h: (i) => calls.push(i.name) });
    expect(calls).toEqual(['one', 'two']);
    expect(summary(tracked)).toEqual([
      ['intervention_receive', ['h']],
      ['intervention_handle', 'h'],
      ['intervention_receive', ['h']],
      ['intervention_handle', 'h'],
    ]);
    dispatcher.addHandlers({ other: (i) => calls.push(`other:${i.name}`) });
    expect(calls).toEqual(['one', 'two']); // the queue was emptied
  });

  it('queues again after every handler was removed', () => {
    const { dispatcher } = setup();
    const calls: string[] = [];
    dispatcher.addHandlers({ h: (i) => calls.push(i.name) });
    dispatcher.removeHandlers('h');
    dispatcher.dispatch(intervention({ name: 'later' }));
    expect(calls).toEqual([]);
    dispatcher.addHandlers({ h2: (i) => calls.push(i.name) });
    expect(calls).toEqual(['later']);
  });

  it('bounds the queue: the oldest are dropped with one warning per overflow', () => {
    const { dispatcher, warnings } = setup({ queueLimit: 2 });
    for (const name of ['a', 'b', 'c', 'd']) dispatcher.dispatch(intervention({ name }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("'a'");
    const calls: string[] = [];
    dispatcher.addHandlers({ h: (i) => calls.push(i.name) });
    expect(calls).toEqual(['c', 'd']);
  });

  it('uses 20 as the default queue bound', () => {
    const { dispatcher, warnings } = setup({ queueLimit: -3 });
    for (let n = 0; n < 21; n++) dispatcher.dispatch(intervention({ name: `n${n}` }));
    const calls: string[] = [];
    dispatcher.addHandlers({ h: (i) => calls.push(i.name) });
    expect(calls).toHaveLength(20);
    expect(calls[0]).toBe('n1');
    expect(warnings).toHaveLength(1);
  });

  it('delivers the same intervention_id once, queued or not, from either source', () => {
    const { dispatcher, tracked } = setup();
    const first = intervention();
    dispatcher.dispatch(first);
    dispatcher.dispatch({ ...first, source: 'server' });
    const calls: string[] = [];
    dispatcher.addHandlers({ h: (i) => calls.push(`${i.intervention_id}:${i.source}`) });
    dispatcher.dispatch({ ...first });
    const second = intervention();
    dispatcher.dispatch(second);
    dispatcher.dispatch(second);
    expect(calls).toEqual([`${first.intervention_id}:edge`, `${second.intervention_id}:edge`]);
    expect(tracked.filter(({ event }) => event.schema === RECEIVE)).toHaveLength(2);
  });

  it('remembers a bounded number of recent ids (500)', () => {
    const { dispatcher } = setup({ measurement: false });
    let calls = 0;
    dispatcher.addHandlers({ h: () => calls++ });
    const oldest = intervention();
    dispatcher.dispatch(oldest);
    for (let n = 0; n < 499; n++) dispatcher.dispatch(intervention());
    dispatcher.dispatch(oldest); // still remembered
    expect(calls).toBe(500);
    dispatcher.dispatch(intervention()); // pushes the oldest out
    dispatcher.dispatch(oldest);
    expect(calls).toBe(502);
  });
});

describe('createInterventionDispatcher: hostile payloads', () => {
  it('keeps __proto__ keys as own data and never pollutes prototypes', () => {
    const { dispatcher, tracked } = setup();
    const received: DeliveredIntervention[] = [];
    dispatcher.addHandlers({ h: (i) => received.push(i) });
    const payload = JSON.parse(
      `{"intervention_id":"${uuid()}","name":"x_y","version":1,"source":"server",` +
        `"target_attribute_key":{"name":"domain_userid","id":"d"},` +
        `"attributes":{"__proto__":{"polluted":true},"constructor":{"prototype":{"bad":1}}}}`,
    ) as DeliveredIntervention;
    dispatcher.dispatch(payload);
    const attributes = received[0]!.attributes;
    expect(Object.keys(attributes)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(tracked[0]!.entities[0]!.data['attributes']).toEqual([
      { attribute: '__proto__', value: '{"polluted":true}' },
      { attribute: 'constructor', value: '{"prototype":{"bad":1}}' },
    ]);
    expectAllValid(tracked);
  });

  it('stringifies cycles, BigInt, undefined and functions to safe strings', () => {
    const { dispatcher, tracked } = setup();
    const received: DeliveredIntervention[] = [];
    dispatcher.addHandlers({ h: (i) => received.push(i) });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    dispatcher.dispatch(
      intervention({ attributes: { cyclic, big: 10n, nothing: undefined, func: () => 1, deep: [[[{ x: 'y' }]]] } }),
    );
    expect(tracked[0]!.entities[0]!.data['attributes']).toEqual([
      { attribute: 'cyclic', value: '"[object Object]"' },
      { attribute: 'big', value: '"10"' },
      { attribute: 'nothing', value: 'null' },
      { attribute: 'func', value: 'null' },
      { attribute: 'deep', value: '[[[{"x":"y"}]]]' },
    ]);
    const copy = received[0]!.attributes['cyclic'] as unknown as Record<string, unknown>;
    expect(copy).not.toBe(cyclic);
    expect(copy['self']).toBe(copy); // the cycle survives the copy
    expect(Object.isFrozen(copy)).toBe(true);
    expectAllValid(tracked);
  });

  it('survives huge strings, very deep nesting and attributes that are not an object', () => {
    const { dispatcher, tracked } = setup();
    let calls = 0;
    dispatcher.addHandlers({ h: () => calls++ });
    const huge = 'z'.repeat(2_000_000);
    let deep: unknown = 'bottom';
    for (let n = 0; n < 20_000; n++) deep = [deep];
    expect(() => dispatcher.dispatch(intervention({ name: huge, attributes: { huge, deep } }))).not.toThrow();
    expect(() => dispatcher.dispatch(intervention({ attributes: 'text' as never }))).not.toThrow();
    expect(() => dispatcher.dispatch(intervention({ attributes: null as never, target_attribute_key: null as never }))).not.toThrow();
    expect(calls).toBe(3);
    expect(tracked[0]!.entities).toEqual([]); // name over 128 characters: no valid entity
    const withText = tracked[2]!.entities[0]!.data;
    expect(withText).not.toHaveProperty('attributes');
    expectAllValid(tracked);
  });

  it('ignores a dispatch of something that is not an object', () => {
    const { dispatcher, tracked, warnings } = setup();
    dispatcher.addHandlers({ h: () => undefined });
    expect(() => dispatcher.dispatch(null as never)).not.toThrow();
    expect(() => dispatcher.dispatch('x' as never)).not.toThrow();
    expect(tracked).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('drops an intervention whose copy fails (a throwing getter) with a warning instead of throwing', () => {
    const { dispatcher, warnings } = setup();
    let calls = 0;
    dispatcher.addHandlers({ h: () => calls++ });
    const attributes = {};
    Object.defineProperty(attributes, 'trap', {
      enumerable: true,
      get() {
        throw new Error('trap');
      },
    });
    expect(() => dispatcher.dispatch(intervention({ attributes }))).not.toThrow();
    expect(calls).toBe(0);
    expect(warnings.some((w) => w.includes('trap'))).toBe(true);
  });
});
