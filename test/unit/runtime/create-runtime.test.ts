// The runtime in Node, on fake-indexeddb and Node's own BroadcastChannel: definitions changes, events
// queued before start-up, skipped payloads, and tabs (two runtimes of one namespace) firing once.
import 'fake-indexeddb/auto';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Runtime, type SignalsEdgeConfig } from '../../../src/runtime/create-runtime.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { inspectState } from '../../../src/plugin/inspect-state.js';
import { explainState } from '../../../src/plugin/explain-state.js';
import type { DeliveredIntervention } from '../../../src/runtime/create-intervention-dispatcher.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
let nextEid = 0;

function addToCart(duid: string, price: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    e: 'ue', eid: `00000000-0000-4000-8000-${String(++nextEid).padStart(12, '0')}`, tna: 'sp', p: 'web', url: 'https://shop.example/p',
    duid, dtm: String(Date.UTC(2026, 0, 1) + nextEid * 1000),
    ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } } }),
    co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price, currency: 'USD' } }] }),
    ...extra,
  };
}

function group(version: number, attributes: string[]) {
  return {
    name: 'cart', version, is_published: true, attribute_key: { name: 'domain_userid' },
    attributes: attributes.map((name) => ({
      name, type: name.startsWith('sum') ? 'double' : 'int32', aggregation: name.startsWith('sum') ? 'sum' : 'counter',
      events: [{ name: 'snowplow_ecommerce_action' }],
      ...(name.startsWith('sum') ? { property: { type: 'entity', vendor: ECOM, name: 'product', major_version: 1, path: 'price' } } : {}),
    })),
  };
}

const bundle = (groups: unknown[], interventions: unknown[] = []) => ({ attribute_groups: groups, services: [], interventions });
const adds = { name: 'adds', version: 1, is_published: true, criteria: { attribute: 'cart:count_adds', operator: '>', value: 1 } };

function fakeTracker(namespace: string, duid: string): BrowserTracker & { tracked: unknown[] } {
  const tracked: unknown[] = [];
  return {
    id: namespace, namespace, tracked,
    core: { track: (pb: unknown) => { tracked.push(pb); } },
    getDomainUserId: () => duid, getDomainSessionId: () => 's', getUserId: () => null,
  } as unknown as BrowserTracker & { tracked: unknown[] };
}

const open: Runtime[] = [];
function start(namespace: string, config: SignalsEdgeConfig, duid = 'u1'): Runtime {
  const runtime = createFullRuntime(fakeTracker(namespace, duid), config, null);
  open.push(runtime);
  return runtime;
}
afterEach(() => {
  for (const r of open.splice(0)) r.close();
});
const settle = (ms = 80) => new Promise((r) => setTimeout(r, ms));

describe('runtime', () => {
  it('keeps unchanged group versions across a definitions change, starts new versions fresh, drops removed attributes', async () => {
    const first = start('defs', { definitions: bundle([group(1, ['count_adds', 'sum_price'])]) });
    await first.ready;
    first.onPayload(addToCart('u1', 10));
    first.onPayload(addToCart('u1', 5));
    expect(first.read({})).toEqual({ count_adds: 2, sum_price: 15 });
    first.close();
    await settle();

    const second = start('defs', { definitions: bundle([group(1, ['count_adds']), group(2, ['count_adds', 'sum_price'])]) });
    await second.ready;
    expect(second.read({ group: 'cart', version: 1 })).toEqual({ count_adds: 2 });
    // The id is known on this key, so the new version reads its defaults.
    expect(second.read({ group: 'cart', version: 2 })).toEqual({ count_adds: 0, sum_price: null });
    second.onPayload(addToCart('u1', 1));
    expect(second.read({ group: 'cart', version: 1 })).toEqual({ count_adds: 3 });
    expect(second.read({ group: 'cart', version: 2 })).toEqual({ count_adds: 1, sum_price: 1 });
  });

  it('applies events tracked before start-up once loaded, and fires their crossings then', async () => {
    const runtime = start('early', { definitions: bundle([group(1, ['count_adds'])], [adds]) });
    const fired: DeliveredIntervention[] = [];
    runtime.dispatcher.addHandlers({ h: (i) => { fired.push(i); } });
    runtime.onPayload(addToCart('u1', 1));
    runtime.onPayload(addToCart('u1', 1));
    expect(fired).toEqual([]);
    await runtime.ready;
    expect(fired.map((i) => i.name)).toEqual(['adds']);
    expect(runtime.read({})).toEqual({ count_adds: 2 });
  });

  it('skips Do Not Track payloads, repeated event ids and unreadable events, warning once', async () => {
    const warn = vi.fn();
    const runtime = createFullRuntime(fakeTracker('skip', 'u1'), { definitions: bundle([group(1, ['count_adds'])]) },
      { warn, info: vi.fn(), debug: vi.fn(), error: vi.fn(), setLogLevel: vi.fn() });
    open.push(runtime);
    await runtime.ready;
    const payload = addToCart('u1', 1);
    runtime.onPayload(payload);
    runtime.onPayload(payload);
    const { url: _url, duid: _duid, ...dnt } = addToCart('u1', 1);
    runtime.onPayload(dnt);
    runtime.onPayload(addToCart('u1', 1, { ue_pr: '{not json' }));
    runtime.onPayload(addToCart('u1', 1, { ue_pr: '{still not json' }));
    expect(runtime.read({})).toEqual({ count_adds: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/could not be read/);
  });

  it('refuses a bad bundle whole: ready rejects naming the problem, events are not kept', async () => {
    const warn = vi.fn();
    const bad = bundle([{ ...group(1, ['count_adds']), attributes: [{ name: 'x', type: 'int32', aggregation: 'count' }] }]);
    const runtime = createFullRuntime(fakeTracker('bad', 'u1'), { definitions: bad },
      { warn, info: vi.fn(), debug: vi.fn(), error: vi.fn(), setLogLevel: vi.fn() });
    open.push(runtime);
    await expect(runtime.ready).rejects.toThrow(/attribute_groups\[0\]\.attributes\[0\]\.aggregation/);
    runtime.onPayload(addToCart('u1', 1));
    expect(runtime.read({})).toEqual({});
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('explains each intervention: the values read and their source, fired when and for whom, or why not', async () => {
    const lots = { name: 'lots', version: 1, is_published: true, description: 'many adds', criteria: { all: [{ attribute: 'cart:count_adds', operator: '>', value: 5 }] } };
    const runtime = start('explain', { definitions: bundle([group(1, ['count_adds', 'sum_price'])], [adds, lots]) });
    await runtime.ready;
    const first = addToCart('u1', 3);
    runtime.onPayload(first);
    runtime.onPayload(addToCart('u1', 4));
    const [addsExplained, lotsExplained] = explainState(runtime.view()!);
    expect(addsExplained).toMatchObject({
      name: 'adds', holds: true,
      fired: [{ target: { name: 'domain_userid', id: 'u1' } }],
      criteria: { op: 'leaf', attribute: 'cart:count_adds', operator: '>', value: 1, actual: 2, source: 'edge', holds: true },
    });
    expect(addsExplained!.why).toMatch(/^fired at \d{4}-.*for domain_userid=u1$/);
    expect(lotsExplained).toMatchObject({ name: 'lots', holds: false, fired: [], why: 'cart:count_adds is 2, needs > 5' });
    expect(inspectState(runtime.view()!)).toEqual([
      { group: 'cart', version: 1, name: 'count_adds', key: { name: 'domain_userid', id: 'u1' }, local: 2, server: null, pending: 0, shown: 2 },
      { group: 'cart', version: 1, name: 'sum_price', key: { name: 'domain_userid', id: 'u1' }, local: 7, server: null, pending: 0, shown: 7 },
    ]);
  });

  it('events tracked while alone (not posted) reach a tab that opens later, once', async () => {
    const config = { definitions: bundle([group(1, ['count_adds'])], [adds]), storage: 'memory' as const };
    const a = start('alone', config);
    await a.ready;
    for (let i = 0; i < 3; i++) a.onPayload(addToCart('u1', 1));
    const b = start('alone', config);
    await b.ready;
    await settle(100);
    // With memory storage, the channel is B's only way to learn A's events.
    expect(b.read({})).toEqual({ count_adds: 3 });
    a.onPayload(addToCart('u1', 1));
    await settle(50);
    expect(a.read({})).toEqual({ count_adds: 4 });
    expect(b.read({})).toEqual({ count_adds: 4 });
  });

  it('keeps 8 ids per key, the most recently seen and always the current one, in memory and in IndexedDB', async () => {
    const config = { definitions: bundle([group(1, ['count_adds'])]) };
    const first = start('evict', config, 'u1');
    await first.ready;
    first.onPayload(addToCart('u1', 1));
    for (let i = 2; i <= 12; i++) first.onPayload(addToCart(`u${i}`, 1));
    await settle(80);
    first.close();
    await settle(30);
    const second = start('evict', config, 'u1');
    await second.ready;
    // u1 is the tracker's current id: kept although it was seen first; u2…u5 made room for u6…u12.
    expect(second.read({ id: 'u1' })).toEqual({ count_adds: 1 });
    for (const gone of ['u2', 'u3', 'u4', 'u5']) expect(second.read({ id: gone })).toEqual({ count_adds: null });
    for (let i = 6; i <= 12; i++) expect(second.read({ id: `u${i}` })).toEqual({ count_adds: 1 });
  });

  it('drops the fired-interventions ledger entries of evicted ids, in memory and in IndexedDB', async () => {
    const runtime = start('evict-ledger', { definitions: bundle([group(1, ['count_adds'])], [adds]) }, 'u1');
    await runtime.ready;
    const fired: string[] = [];
    runtime.dispatcher.addHandlers({ h: (i) => { fired.push(i.target_attribute_key.id); } });
    for (let i = 1; i <= 12; i++) {
      runtime.onPayload(addToCart(`u${i}`, 1));
      runtime.onPayload(addToCart(`u${i}`, 1));
    }
    expect(fired).toHaveLength(12);
    await settle(80);
    const db = await openDB('signals-edge.evict-ledger');
    const keys = (await db.getAllKeys('ledger')).map((k) => String(k).split('\u0000').at(-1));
    db.close();
    expect(keys.sort()).toEqual(['u1', 'u10', 'u11', 'u12', 'u6', 'u7', 'u8', 'u9']);
    // An evicted id that comes back starts anew: its crossing fires again, once.
    runtime.onPayload(addToCart('u2', 1));
    runtime.onPayload(addToCart('u2', 1));
    runtime.onPayload(addToCart('u2', 1));
    expect(fired.filter((id) => id === 'u2')).toHaveLength(2);
  });

  it('a tab on other definitions reads the columns it needs from events tracked in another tab', async () => {
    const last = (name: string, column: string) => ({
      name, type: 'string', aggregation: 'last', events: [{ name: 'snowplow_ecommerce_action' }], property: { type: 'atomic', name: column },
    });
    const groupOf = (attributes: unknown[]) => ({ name: 'pages', version: 1, is_published: true, attribute_key: { name: 'domain_userid' }, attributes });
    // The first tab's definitions read no page column; the second's read the URL's path and the tracker name.
    const a = start('columns', { definitions: bundle([group(1, ['count_adds'])]) });
    const b = start('columns', { definitions: bundle([group(1, ['count_adds']), groupOf([last('last_path', 'page_urlpath'), last('tracker', 'name_tracker')])]) });
    await Promise.all([a.ready, b.ready]);
    await settle(30);
    a.onPayload(addToCart('u1', 1, { url: 'https://shop.example/cart/42' }));
    await settle(80);
    expect(a.read({ group: 'cart' })).toEqual({ count_adds: 1 });
    expect(b.read({ group: 'pages' })).toEqual({ last_path: '/cart/42', tracker: 'sp' });
  });

  it('two tabs tracking at once both end with every event, and a crossing fires in one of them', async () => {
    const config = { definitions: bundle([group(1, ['count_adds'])], [adds]) };
    const a = start('tabs', config);
    const b = start('tabs', config);
    await Promise.all([a.ready, b.ready]);
    await settle(30);
    const fired: string[] = [];
    a.dispatcher.addHandlers({ h: (i) => { fired.push(`a:${i.name}`); } });
    b.dispatcher.addHandlers({ h: (i) => { fired.push(`b:${i.name}`); } });
    a.onPayload(addToCart('u1', 1));
    b.onPayload(addToCart('u1', 1));
    a.onPayload(addToCart('u1', 1));
    b.onPayload(addToCart('u1', 1));
    await settle(150);
    expect(a.read({})).toEqual({ count_adds: 4 });
    expect(b.read({})).toEqual({ count_adds: 4 });
    expect(fired).toHaveLength(1);
  });

  it('a tab that opens while others hold events not stored yet takes them from the leader, each once (lost-update race)', async () => {
    // Node has no Web Locks: the tab with the smallest id leads. Ordered ids make the tabs opened first the leaders.
    let n = 0;
    const ids = vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(() => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` as `${string}-${string}-${string}-${string}-${string}`);
    try {
      // Two tabs whose state never reaches storage (the extreme of a write-behind that has not landed yet).
      const memory = { definitions: bundle([group(1, ['count_adds'])], [adds]), storage: 'memory' as const };
      const b = start('race', memory);
      const c = start('race', memory);
      await Promise.all([b.ready, c.ready]);
      await settle(30);
      const fired: string[] = [];
      for (const [name, r] of [['b', b], ['c', c]] as const) r.dispatcher.addHandlers({ h: (i) => { fired.push(`${name}:${i.name}`); } });
      for (let i = 0; i < 3; i++) b.onPayload(addToCart('u1', 1));
      for (let i = 0; i < 2; i++) c.onPayload(addToCart('u1', 1));
      await settle(30);
      expect([b.read({}), c.read({})]).toEqual([{ count_adds: 5 }, { count_adds: 5 }]);

      // A third tab opens on IndexedDB, which holds nothing: it must take the others' state, and an event
      // tracked while it loads (it arrives both in that state and on the channel) counts once.
      const j = start('race', { definitions: bundle([group(1, ['count_adds'])], [adds]) });
      j.dispatcher.addHandlers({ h: (i) => { fired.push(`j:${i.name}`); } });
      b.onPayload(addToCart('u1', 1));
      await j.ready;
      expect(j.read({})).toEqual({ count_adds: 6 });
      j.onPayload(addToCart('u1', 1));
      await settle(50);
      expect([b.read({}), c.read({}), j.read({})]).toEqual([{ count_adds: 7 }, { count_adds: 7 }, { count_adds: 7 }]);
      expect(fired).toHaveLength(1);
    } finally {
      ids.mockRestore();
    }
  });
});
