// Issue 4's acceptance, in Node: the runtime reconciling with the real dev server over HTTP at
// --lag-ms 1500. The shown values are exact at every 100 ms sample while the server catches up; events
// from another device show up once; after clearLocalState the values come back from the server and
// nothing fires again.
import 'fake-indexeddb/auto';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import { type Runtime } from '../../../src/runtime/create-runtime.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { collect, createAddToCart } from '../../fixtures/dev-server-feed.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
const USER = '9f7d2c8e-2c33-4b4b-9d1e-6a6c1c2d0001';
const nextAddToCart = createAddToCart('5f0c1a3e');
const addToCart = (price: number) => nextAddToCart(USER, price);

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer({ port: 0, lagMs: 1500, log: () => undefined, publicServices: true });
});
afterAll(() => server.close());

const collectAll = (payloads: Record<string, unknown>[]) => collect(server.url, payloads);

async function serverValues(): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/api/v1/get-online-attributes`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service: 'ecom_attributes', attribute_keys: { domain_userid: [USER] } }),
  });
  return (await response.json()) as Record<string, unknown>;
}

function startRuntime(): { runtime: Runtime; fired: string[] } {
  const tracker = {
    id: 'sp', namespace: 'sp', core: { track: () => undefined },
    getDomainUserId: () => USER, getDomainSessionId: () => 's', getUserId: () => null,
  } as unknown as BrowserTracker;
  const runtime = createFullRuntime(tracker, {
    definitions: tutorial, trackMeasurementEvents: false,
    signals: { endpoint: server.url, service: 'ecom_attributes', refreshIntervalMs: 200 },
  }, { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined });
  const fired: string[] = [];
  runtime.dispatcher.addHandlers({ h: (i) => { fired.push(`${i.name}:${i.source}`); } });
  return { runtime, fired };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runtime reconciling with the dev server (lag 1500 ms)', () => {
  it('shows exactly the truth while the server catches up, counts other devices once, and restores after clearLocalState', async () => {
    const { runtime, fired } = startRuntime();
    await runtime.ready;
    const adds = Array.from({ length: 10 }, () => addToCart(10));
    for (const payload of adds) runtime.onPayload(payload);
    await collectAll(adds);
    expect(fired).toEqual(['cart_abandonment:edge']);

    // Sample every 100 ms for 3 s: the server goes from 0 to 10 processed events meanwhile.
    const samples: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      samples.push(runtime.read({}));
      await sleep(100);
    }
    for (const sample of samples) expect(sample).toEqual({ count_product_views: 0, count_add_to_cart: 10, total_cart_value: 100 });
    expect((await serverValues()).count_add_to_cart).toEqual([10]);

    // Another device (its own tracker) sends 5 more for the same user straight to the collector.
    await collectAll(Array.from({ length: 5 }, () => addToCart(10)));
    await sleep(2200);
    expect(runtime.read({})).toEqual({ count_product_views: 0, count_add_to_cart: 15, total_cart_value: 150 });
    // Server values move the baseline silently: $150 > $100 does not fire free_shipping here.
    expect(fired).toEqual(['cart_abandonment:edge']);

    // Local storage gone: the values come back from the server, and no crossing fires again.
    const before = [...fired];
    await runtime.clear();
    runtime.close();
    const second = startRuntime();
    await second.runtime.ready;
    await sleep(600);
    expect(second.runtime.read({})).toEqual({ count_product_views: 0, count_add_to_cart: 15, total_cart_value: 150 });
    expect(second.fired).toEqual([]);
    expect(fired).toEqual(before);
    second.runtime.close();
  }, 20_000);
});
