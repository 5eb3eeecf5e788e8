// The framework-neutral stores (subscribe + getSnapshot) over a runtime with a stand-in tracker; the
// same stores in real Chromium with the real tracker are in test/browser/external-stores.test.ts.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SignalsEdgePlugin, createAttributesStore, createInterventionsStore, whenReady,
} from '../../../src/full.js';
import { snapshotWhere } from '../../fixtures/snapshot-where.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
let eventNumber = 0;
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function startPlugin(trackerId: string, config: Record<string, unknown> = { definitions: tutorial }) {
  const plugin = SignalsEdgePlugin({ storage: 'memory', trackMeasurementEvents: false, ...config } as never);
  const tracker = {
    id: trackerId, namespace: trackerId, core: { track: () => undefined },
    getDomainUserId: () => 'u', getDomainSessionId: () => 's', getUserId: () => null,
  } as unknown as BrowserTracker;
  plugin.activateBrowserPlugin!(tracker);
  stops.push(() => plugin.deactivatePlugin!({} as never));
  const track = (type: 'add_to_cart' | 'product_view', price = 5) => plugin.afterTrack!({
    e: 'ue', eid: `0b000000-0000-4000-8000-${String(++eventNumber).padStart(12, '0')}`, tna: trackerId, p: 'web',
    url: 'https://x/', duid: 'u', dtm: String(Date.now()),
    ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type } } }),
    co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price, currency: 'USD' } }] }),
  });
  return { plugin, track };
}

describe('createAttributesStore', () => {
  it('is loading with no values until the runtime is ready, then holds the values; the snapshot is stable between changes', async () => {
    const store = createAttributesStore({}, ['stable']);
    expect(store.getSnapshot()).toEqual({ status: 'loading', values: {} });
    const { track } = startPlugin('stable');
    const ready = await snapshotWhere(store, (s) => s.status !== 'loading');
    // An id with no event yet has no values (as getAttributes gives).
    expect(ready).toEqual({ status: 'memory-only', values: { count_product_views: null, count_add_to_cart: null, total_cart_value: null } });
    expect(Object.isFrozen(ready) && Object.isFrozen(ready.values)).toBe(true);
    const stop = store.subscribe(() => undefined);
    expect(store.getSnapshot()).toBe(ready);
    expect(store.getSnapshot()).toBe(ready);
    track('add_to_cart', 7);
    const after = await snapshotWhere(store, (s) => s.values.count_add_to_cart === 1);
    expect(after).not.toBe(ready);
    expect(after.values).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 7 });
    expect(store.getSnapshot()).toBe(after);
    stop();
  });

  it('with names, the snapshot keeps its identity while other attributes change, and listeners hear of it only as a notice', async () => {
    const { track } = startPlugin('names');
    await whenReady({ timeoutMs: 2000 }, ['names']);
    const views = createAttributesStore({ names: ['count_product_views'] }, ['names']);
    const notices = vi.fn();
    const stop = views.subscribe(notices);
    track('product_view');
    await vi.waitFor(() => expect(views.getSnapshot().values).toEqual({ count_product_views: 1 }));
    const first = views.getSnapshot();
    notices.mockClear();
    track('add_to_cart');
    await vi.waitFor(() => expect(notices).toHaveBeenCalled());
    expect(views.getSnapshot()).toBe(first);
    track('product_view');
    await vi.waitFor(() => expect(views.getSnapshot().values).toEqual({ count_product_views: 2 }));
    stop();
  });

  it('follows a tracker that activates the plugin after the store subscribed', async () => {
    const store = createAttributesStore({}, ['later']);
    const seen = snapshotWhere(store, (s) => s.status === 'memory-only');
    startPlugin('later');
    expect((await seen).values).toHaveProperty('count_add_to_cart', null);
  });

  it('while loading, holds the plugin\'s bootstrap values when they are for the current id', async () => {
    const bootstrap = { attributeKey: 'domain_userid', id: 'u', readAt: Date.now(), values: { count_product_views: 5, count_add_to_cart: 0, total_cart_value: 0 } };
    startPlugin('boot', { definitions: tutorial, bootstrap });
    const store = createAttributesStore({ names: ['count_product_views'] }, ['boot']);
    expect(store.getSnapshot()).toEqual({ status: 'loading', values: { count_product_views: 5 } });
    expect(await snapshotWhere(store, (s) => s.status !== 'loading')).toEqual({ status: 'memory-only', values: { count_product_views: 5 } });
  });

  it('is failed with no values when the definitions are refused', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = createAttributesStore({}, ['refused']);
    startPlugin('refused', { definitions: { attribute_groups: 'not a list' } });
    expect(await snapshotWhere(store, (s) => s.status !== 'loading')).toEqual({ status: 'failed', values: {} });
    warn.mockRestore();
  });

  it('a listener that throws does not stop the others nor the tracker', async () => {
    const { track } = startPlugin('throws');
    await whenReady({ timeoutMs: 2000 }, ['throws']);
    const store = createAttributesStore({}, ['throws']);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const stopBad = store.subscribe(() => {
      throw new Error('listener bug');
    });
    const good = snapshotWhere(store, (s) => s.values.count_add_to_cart === 1);
    expect(() => track('add_to_cart')).not.toThrow();
    await good;
    expect(error).toHaveBeenCalledWith('signals-edge: a store listener failed', expect.any(Error));
    stopBad();
    error.mockRestore();
  });
});

describe('createInterventionsStore', () => {
  it('lists each delivered intervention inside track(), the latest of a name, until it is marked handled', async () => {
    const { track } = startPlugin('deliveries');
    await whenReady({ timeoutMs: 2000 }, ['deliveries']);
    const store = createInterventionsStore({}, ['deliveries']);
    const onlyDiscount = createInterventionsStore({ names: ['discount'] }, ['deliveries']);
    stops.push(() => onlyDiscount.close());
    stops.push(() => store.close());
    const heard: string[][] = [];
    store.subscribe(() => heard.push(store.getSnapshot().map((i) => i.name)));
    track('add_to_cart', 60);
    // Inside track(): the handler ran, and the listener heard of it.
    expect(heard).toEqual([['cart_abandonment']]);
    track('add_to_cart', 60);
    expect(store.getSnapshot().map((i) => i.name)).toEqual(['cart_abandonment', 'free_shipping']);
    const [cart] = store.getSnapshot();
    expect(cart).toMatchObject({ name: 'cart_abandonment', source: 'edge', target_attribute_key: { name: 'domain_userid', id: 'u' } });
    expect(Object.isFrozen(store.getSnapshot())).toBe(true);
    const before = store.getSnapshot();
    store.markHandled('no such id');
    expect(store.getSnapshot()).toBe(before);
    store.markHandled(cart!);
    expect(store.getSnapshot().map((i) => i.name)).toEqual(['free_shipping']);
    store.markHandled(store.getSnapshot()[0]!.intervention_id);
    expect(store.getSnapshot()).toEqual([]);
    expect(onlyDiscount.getSnapshot()).toEqual([]);
    store.close();
    track('product_view');
    track('product_view');
    track('product_view');
    track('product_view');
    expect(store.getSnapshot()).toEqual([]);
    expect(onlyDiscount.getSnapshot().map((i) => i.name)).toEqual(['discount']);
  });
});

describe('createAttributesStore across a re-activation', () => {
  it('follows the new runtime when the tracker activates the plugin again', async () => {
    const first = startPlugin('again');
    await whenReady({ timeoutMs: 2000 }, ['again']);
    const store = createAttributesStore({ names: ['count_add_to_cart'] }, ['again']);
    // One listener all along, as a mounted component keeps.
    const stop = store.subscribe(() => undefined);
    first.track('add_to_cart');
    expect((await snapshotWhere(store, (s) => s.values.count_add_to_cart === 1)).status).toBe('memory-only');
    // The page activates the plugin for the same tracker id again (a new runtime, in memory: empty).
    const second = startPlugin('again');
    await snapshotWhere(store, (s) => s.values.count_add_to_cart === null);
    second.track('add_to_cart');
    second.track('add_to_cart');
    await snapshotWhere(store, (s) => s.values.count_add_to_cart === 2);
    stop();
  });
});
