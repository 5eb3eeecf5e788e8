// Bootstrap values (a server read Signals for the visitor, the page hands them over), in Node against
// the real dev server over HTTP: readBootstrap reads them with the runtime's client; the runtime shows
// them while loading, takes them as a server answer (events counted by the server and still in the
// stored journal count once), fires nothing because of them, and leaves them out for another id.
import 'fake-indexeddb/auto';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import type { Runtime, SignalsEdgeConfig } from '../../../src/runtime/create-runtime.js';
import { readBootstrap } from '../../../src/sync/read-bootstrap.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { collect, createAddToCart } from '../../fixtures/dev-server-feed.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
const addToCart = createAddToCart('6a0c1a3e');

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer({ port: 0, lagMs: 0, log: () => undefined, publicServices: true });
});
afterAll(() => server.close());

const quiet = { warn: vi.fn(), info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined };

function startRuntime(user: string, config: Partial<SignalsEdgeConfig>): { runtime: Runtime; fired: string[] } {
  const tracker = {
    id: `sp-${user}`, namespace: `sp-${user.slice(0, 8)}`, core: { track: () => undefined },
    getDomainUserId: () => user, getDomainSessionId: () => 's', getUserId: () => null,
  } as unknown as BrowserTracker;
  const runtime = createFullRuntime(tracker, { definitions: tutorial, trackMeasurementEvents: false, ...config }, quiet);
  const fired: string[] = [];
  runtime.dispatcher.addHandlers({ h: (i) => { fired.push(i.name); } });
  return { runtime, fired };
}

describe('bootstrap values', () => {
  it('readBootstrap reads a service for one id, keyed as getAttributes keys values', async () => {
    const user = '0b0075e0-0000-4000-8000-000000000001';
    await collect(server.url, [addToCart(user, 30), addToCart(user, 45)]);
    const started = Date.now();
    const bootstrap = await readBootstrap({ endpoint: server.url, service: 'ecom_attributes', id: user });
    expect(bootstrap).toEqual({
      attributeKey: 'domain_userid', id: user, readAt: expect.any(Number),
      values: { count_product_views: 0, count_add_to_cart: 2, total_cart_value: 75 },
    });
    // The Date header's second: not after the answer came.
    expect(Math.abs(bootstrap.readAt - started)).toBeLessThan(2000);
    await expect(readBootstrap({ endpoint: server.url, service: 'no_such_service', id: user })).rejects.toThrow(/404|no_such_service/);
  });

  it('readBootstrap reads an authenticated service with a token from getToken, and says why without one', async () => {
    const authenticated = await createDevServer({ port: 0, lagMs: 0, log: () => undefined });
    try {
      const user = '0b0075e0-0000-4000-8000-000000000006';
      await collect(authenticated.url, [addToCart(user, 12)]);
      const read = { endpoint: authenticated.url, service: 'ecom_attributes', id: user };
      await expect(readBootstrap(read)).rejects.toThrow(/get-online-attributes answered HTTP 40[14]/);
      const bootstrap = await readBootstrap({ ...read, getToken: () => 'dev-token' });
      expect(bootstrap.values).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 12 });
    } finally {
      await authenticated.close();
    }
  });

  it('shows the bootstrap while loading, then counts the events the server had and the journal still holds once', async () => {
    const user = '0b0075e0-0000-4000-8000-000000000002';
    const signals = { endpoint: server.url, service: 'ecom_attributes', refreshIntervalMs: 60_000 };
    // A first page: two adds to cart, journaled (the refresh timer is slow: the server's answer is not
    // read on this page), and stored.
    const first = startRuntime(user, { signals });
    await first.runtime.ready;
    const adds = [addToCart(user, 30), addToCart(user, 45)];
    for (const payload of adds) first.runtime.onPayload(payload);
    await collect(server.url, adds);
    expect(first.fired).toEqual(['cart_abandonment']);
    first.runtime.close();

    // Another device of the visitor adds one more, straight to the collector.
    await collect(server.url, [addToCart(user, 20)]);
    // The next page is rendered on a server that read Signals for this visitor.
    const bootstrap = await readBootstrap({ endpoint: server.url, service: 'ecom_attributes', id: user });
    expect(bootstrap.values).toEqual({ count_product_views: 0, count_add_to_cart: 3, total_cart_value: 95 });
    const second = startRuntime(user, { signals, bootstrap });
    expect(second.runtime.status()).toBe('loading');
    expect(second.runtime.preview({})).toEqual(bootstrap.values);
    await second.runtime.ready;
    // Stored here: 2 adds, still journaled; the server: those 2 and the other device's 1. Shown: 3, not 5 nor 2.
    expect(second.runtime.read({})).toEqual({ count_product_views: 0, count_add_to_cart: 3, total_cart_value: 95 });
    second.runtime.onPayload(addToCart(user, 10));
    expect(second.runtime.read({})).toEqual({ count_product_views: 0, count_add_to_cart: 4, total_cart_value: 105 });
    // Nothing fired because of the bootstrap ($95 moved the baseline); the add to cart took the cart past $100.
    expect(second.fired).toEqual(['free_shipping']);
    second.runtime.close();
  });

  it('alone (no signals settings), bootstrap values are the server side of the values shown; they fire nothing', async () => {
    const user = '0b0075e0-0000-4000-8000-000000000003';
    const bootstrap = { attributeKey: 'domain_userid', id: user, readAt: Date.now(), values: { count_product_views: 6, count_add_to_cart: 0, total_cart_value: 0 } };
    const { runtime, fired } = startRuntime(user, { bootstrap });
    await runtime.ready;
    expect(runtime.read({})).toEqual({ count_product_views: 6, count_add_to_cart: 0, total_cart_value: 0 });
    runtime.onPayload(addToCart(user, 120));
    expect(runtime.read({})).toEqual({ count_product_views: 6, count_add_to_cart: 1, total_cart_value: 120 });
    // discount (views > 3) held on the server's values alone: no crossing; the add to cart crossed the other two.
    expect(fired).toEqual(['cart_abandonment', 'free_shipping']);
    runtime.close();
  });

  it('is left out for another id, and a malformed one is named in one warning while the runtime runs', async () => {
    const user = '0b0075e0-0000-4000-8000-000000000004';
    const other = { attributeKey: 'domain_userid', id: 'someone-else', readAt: Date.now(), values: { count_add_to_cart: 9 } };
    const a = startRuntime(user, { bootstrap: other });
    expect(a.runtime.preview({})).toEqual({});
    await a.runtime.ready;
    expect(a.runtime.read({})).toEqual({ count_product_views: null, count_add_to_cart: null, total_cart_value: null });
    a.runtime.close();

    quiet.warn.mockClear();
    const b = startRuntime('0b0075e0-0000-4000-8000-000000000005', { bootstrap: { attributeKey: 'domain_userid', id: 'x', values: {}, readAt: 'yesterday' } as never });
    await b.runtime.ready;
    expect(b.runtime.status()).toBe('ready');
    expect(quiet.warn).toHaveBeenCalledWith('signals-edge: bootstrap.readAt: expected epoch milliseconds; the bootstrap is left out', undefined);
    b.runtime.close();
  });
});
