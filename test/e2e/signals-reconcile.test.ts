// Issue 4 acceptance in real Chromium: the script-tag storefront (Snowplow UMD tracker + ecommerce
// plugin + dist/signals-edge.iife.js) whose collector, Signals endpoint and interventions stream are
// the dev server at 1500 ms lag. The values stay exact while the server catches up, another device's
// events show up once, a storage wipe brings the values back from the server without firing anything,
// the server's copy of an edge crossing reaches the handlers once, and a server outage loses nothing.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { launchChromium, watchPage } from './fixtures/launch-chromium.js';
import { startFixtureServer, type FixtureServer } from './fixtures/start-fixture-server.js';
import { until } from './fixtures/until.js';

const LAG_MS = 1500;
const READS = /\/api\/v1\/get-online-attributes$/;
const STREAM = /\/api\/v1\/interventions\?/;
const ECOM = 'iglu:com.snowplowanalytics.snowplow.ecommerce';

interface Values { count_product_views: unknown; count_add_to_cart: unknown; total_cart_value: unknown }
interface Sample { t: number; values: Values }
interface Delivered { name: string; source?: string; id: string; at: number }
interface SignalsShop {
  shop: {
    fired: Delivered[];
    frames: Delivered[];
    ready(): Promise<void>;
    duid(): string;
    addToCart(id: string, price: number): void;
    attributes(): Promise<Values>;
    clear(): Promise<void>;
    flush(): void;
    sample(everyMs: number, forMs: number): Promise<Sample[]>;
  };
}
type Shop = SignalsShop['shop'];

let browser: Browser;
let fixtures: FixtureServer;
let signals: DevServer;
/** Names of the interventions the dev server's engine fired, in order. */
const serverFired: string[] = [];

const startSignals = (port = 0) => createDevServer({
  port, lagMs: LAG_MS, keepAliveMs: 1000, log: () => undefined, publicServices: true,
  onProcessed: (_event, fired) => serverFired.push(...fired.map((f) => f.name)),
});

beforeAll(async () => {
  [browser, fixtures, signals] = await Promise.all([launchChromium(), startFixtureServer(), startSignals()]);
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await signals?.close();
});

const values = (count: number, total: number): Values => ({ count_product_views: 0, count_add_to_cart: count, total_cart_value: total });

/** Runs `fn` on the page's `window.shop`. */
function onShop<T, A>(page: Page, fn: (shop: Shop, arg: A) => T | Promise<T>, arg: A): Promise<T> {
  return page.evaluate(
    ([body, a]) => new Function('shop', 'arg', `return (${body})(shop, arg);`)((window as unknown as SignalsShop).shop, a) as T,
    [fn.toString(), arg] as const,
  );
}

/** The dev server's own answer for `duid`: the service form, no token. */
async function readServer(duid: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${signals.url}/api/v1/get-online-attributes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** POSTs a tp2 body straight to the dev server's collector. */
async function collect(payloads: unknown[]): Promise<void> {
  const res = await fetch(`${signals.url}/com.snowplowanalytics.snowplow/tp2`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: payloads }),
  });
  expect(res.status).toBe(200);
}

/**
 * Another device's tracker for the same user: the tp2 payload of an ecommerce add to cart as the
 * JavaScript tracker and its ecommerce plugin write it (event in `ue_pr`, product and cart entities in `co`).
 */
function otherDeviceAdd(duid: string, id: string, price: number): Record<string, string> {
  const now = String(Date.now());
  const product = { id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' };
  return {
    e: 'ue', eid: randomUUID(), tv: 'js-4.10.1', tna: 'other-device', aid: 'e2e-other-device', p: 'web',
    duid, sid: randomUUID(), vid: '1', dtm: now, stm: now, url: 'https://other-device.example/cart',
    ue_pr: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: `${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } },
    }),
    co: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
      data: [
        { schema: `${ECOM}/product/jsonschema/1-0-0`, data: product },
        { schema: `${ECOM}/cart/jsonschema/1-0-0`, data: { total_value: price, currency: 'USD' } },
      ],
    }),
  };
}

/** Every tp2 body the page's tracker got through to a collector (answered 200), in order. */
function recordDelivered(context: BrowserContext): unknown[][] {
  const bodies: unknown[][] = [];
  context.on('requestfinished', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/com.snowplowanalytics.snowplow/tp2')) return;
    void request.response().then((response) => {
      if (response?.status() === 200) bodies.push((JSON.parse(request.postData() ?? '{}') as { data: unknown[] }).data);
    }, () => undefined);
  });
  return bodies;
}

/** `count_add_to_cart` of every answer the page got from get-online-attributes, in arrival order. */
function recordAnswers(page: Page): unknown[] {
  const answers: unknown[] = [];
  page.on('response', (response) => {
    if (!response.url().endsWith('/api/v1/get-online-attributes') || response.status() !== 200) return;
    void response.json().then((body: Record<string, unknown[]>) => answers.push(body['ecom_attributes_v1:count_add_to_cart']?.[0]), () => undefined);
  });
  return answers;
}

describe('storefront reconciled with the dev server in Chromium', () => {
  it('shows exact values while the server lags, takes another device’s events once, comes back from the server after a wipe, dedupes the server copy of an edge crossing and survives an outage', async () => {
    const started = Date.now();
    const timings: Record<string, number> = {};
    const mark = (name: string) => { timings[name] = Date.now() - started; };

    const context = await browser.newContext();
    const delivered = recordDelivered(context);
    const page = await context.newPage();
    const report = await watchPage(page);
    const answers = recordAnswers(page);
    const open = async () => {
      await page.goto(`${fixtures.origin}/fixtures/signals-storefront.html?signals=${encodeURIComponent(signals.url)}`);
      if (!(await page.evaluate(() => 'shop' in window))) throw new Error(`the storefront did not start: ${JSON.stringify(report.pageErrors)}`);
      await onShop(page, (shop) => shop.ready(), null);
    };
    await open();
    const duid = await onShop(page, (shop) => shop.duid(), null);
    expect(duid).toMatch(/^[0-9a-f-]{36}$/);
    mark('page ready');

    // ---- 1. Ten adds of $10: exactly 10 / $100 at every 100 ms sample while the server catches up.
    const trackedAt = Date.now();
    await onShop(page, (shop) => { for (let i = 0; i < 10; i++) shop.addToCart(`p${i}`, 10); }, null);
    const samples = await onShop(page, (shop) => shop.sample(100, 3500), null);
    mark('10 adds sampled');
    expect(samples.length).toBeGreaterThanOrEqual(34);
    expect(samples.filter((s) => JSON.stringify(s.values) !== JSON.stringify(values(10, 100)))).toEqual([]);
    // The server did catch up during the sampling (processed after its lag, read back by the page).
    expect(signals.pending()).toBe(0);
    expect(answers).toContain(10);
    expect(await readServer(duid)).toMatchObject({ count_product_views: [0], count_add_to_cart: [10], total_cart_value: [100], domain_userid: [duid] });

    // ---- 2. The server fired cart_abandonment for the first add and streamed it here: the handler got it once, from the edge.
    await until(() => onShop(page, (shop) => shop.frames.map((f) => f.name), null), (names) => names.includes('cart_abandonment'), 3000, 'the server’s cart_abandonment frame');
    expect(serverFired).toEqual(['cart_abandonment']);
    const frame = (await onShop(page, (shop) => shop.frames, null)).find((f) => f.name === 'cart_abandonment')!;
    expect(frame.at - trackedAt).toBeGreaterThanOrEqual(LAG_MS - 100);
    let fired = await onShop(page, (shop) => shop.fired, null);
    expect(fired.map((f) => [f.name, f.source])).toEqual([['cart_abandonment', 'edge']]);
    expect(fired[0]!.at - trackedAt).toBeLessThan(LAG_MS / 2);
    expect(fired[0]!.id).not.toBe(frame.id);

    // ---- 1. Five more adds for the same user, straight to the collector from another device's tracker: shown once (15 / $150).
    const otherDevice = [1, 2, 3, 4, 5].map((n) => otherDeviceAdd(duid, `other-${n}`, 10));
    await collect(otherDevice);
    const catchingUp: Sample[] = [];
    await until(async () => {
      const batch = await onShop(page, (shop) => shop.sample(100, 300), null);
      catchingUp.push(...batch);
      return batch.at(-1)!.values;
    }, (v) => v.count_add_to_cart === 15, LAG_MS + 3000, '15 adds in the page');
    mark('other device shown');
    // Never above the truth, never a half-counted event: 10 until the server has the 5, then 15.
    for (const { values: v } of catchingUp) {
      expect([JSON.stringify(values(10, 100)), JSON.stringify(values(15, 150))]).toContain(JSON.stringify(v));
    }
    expect(await onShop(page, (shop) => shop.sample(100, 600), null)).toSatisfy((s: Sample[]) => s.every((x) => x.values.count_add_to_cart === 15 && x.values.total_cart_value === 150));
    expect(await readServer(duid)).toMatchObject({ count_add_to_cart: [15], total_cart_value: [150] });
    // The other device's adds crossed free_shipping on the server ($110): it reaches the handler from the server.
    await until(() => onShop(page, (shop) => shop.fired.map((f) => f.name), null), (names) => names.includes('free_shipping'), 2000, 'free_shipping from the server');

    // ---- 2. A direct push of another intervention reaches the handler with source 'server'.
    const push = await fetch(`${signals.url}/api/v1/interventions?domain_userid=${duid}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'vip_offer', version: 1 }),
    });
    expect(await push.json()).toEqual({ status: 'success' });
    await until(() => onShop(page, (shop) => shop.fired.length, null), (n) => n >= 3, 3000, 'vip_offer');
    await new Promise((r) => setTimeout(r, 300));
    fired = await onShop(page, (shop) => shop.fired, null);
    expect(fired.map((f) => [f.name, f.source])).toEqual([
      ['cart_abandonment', 'edge'], ['free_shipping', 'server'], ['vip_offer', 'server'],
    ]);
    expect(serverFired).toEqual(['cart_abandonment', 'free_shipping']);
    mark('interventions checked');

    // ---- 1. clearLocalState() and a reload: 15 / $150 come back from the server; nothing fires.
    // While the reads are refused, the reloaded page shows that nothing local is left.
    await page.route(READS, (route) => route.abort('connectionrefused'));
    await onShop(page, (shop) => shop.clear(), null);
    await open();
    expect(await onShop(page, (shop) => shop.duid(), null)).toBe(duid);
    expect(await onShop(page, (shop) => shop.sample(100, 500), null)).toSatisfy((s: Sample[]) => s.every((x) => !x.values.count_add_to_cart && !x.values.total_cart_value));
    await page.unroute(READS);
    const afterReload: Sample[] = [];
    await until(async () => {
      const batch = await onShop(page, (shop) => shop.sample(100, 300), null);
      afterReload.push(...batch);
      return batch.at(-1)!.values;
    }, (v) => v.count_add_to_cart === 15, 5000, '15 adds back from the server');
    mark('values back after reload');
    for (const { values: v } of afterReload) {
      // Nothing local is left: nothing, or zero, until the server answers; never more than the truth.
      expect(typeof v.count_add_to_cart === 'number' ? v.count_add_to_cart : 0).toSatisfy((n: number) => n === 0 || n === 15);
    }
    expect(await onShop(page, (shop) => shop.sample(100, 1000), null)).toSatisfy((s: Sample[]) => s.every((x) => JSON.stringify(x.values) === JSON.stringify(values(15, 150))));
    expect(await onShop(page, (shop) => shop.fired, null)).toEqual([]);

    // ---- 3. The server goes down while the page tracks: values stay right locally, nothing fires, no page error.
    const port = Number(new URL(signals.url).port);
    await signals.close();
    await onShop(page, (shop) => { shop.addToCart('down-1', 10); shop.addToCart('down-2', 10); }, null);
    expect(await onShop(page, (shop) => shop.sample(100, 800), null)).toSatisfy((s: Sample[]) => s.every((x) => JSON.stringify(x.values) === JSON.stringify(values(17, 170))));
    // It comes back on the same port with what it had: a fresh dev server is empty, so the events it had
    // are sent to it again, and the page cannot reach it until it has processed them (its reads, and its
    // stream, where the replay would fire the rules a second time as a real Signals never would).
    await page.route(READS, (route) => route.abort('connectionrefused'));
    await page.route(STREAM, (route) => route.abort('connectionrefused'));
    signals = await startSignals(port);
    await collect([...delivered.flat(), ...otherDevice]);
    await until(async () => signals.pending(), (n) => n === 0, LAG_MS + 2000, 'the restarted server to catch up');
    expect(await readServer(duid)).toMatchObject({ count_add_to_cart: [15], total_cart_value: [150] });
    await page.unroute(READS);
    await page.unroute(STREAM);
    mark('server back');
    // The two adds the tracker kept go out now; the page shows 17 / $170 throughout, and reconciles
    // once the server has them (an answer of 17, then 17 shown: nothing counted twice).
    const answered = answers.length;
    await onShop(page, (shop) => shop.flush(), null);
    const reconciling: Sample[] = [];
    await until(async () => {
      reconciling.push(...await onShop(page, (shop) => shop.sample(100, 300), null));
      return answers.slice(answered);
    }, (a) => a.includes(17), LAG_MS + 10_000, 'an answer of 17 from the restarted server');
    reconciling.push(...await onShop(page, (shop) => shop.sample(100, 700), null));
    mark('reconciled after restart');
    expect(reconciling.filter((s) => JSON.stringify(s.values) !== JSON.stringify(values(17, 170)))).toEqual([]);
    expect(await readServer(duid)).toMatchObject({ count_add_to_cart: [17], total_cart_value: [170] });
    expect(await onShop(page, (shop) => shop.fired, null)).toEqual([]);

    expect(report.pageErrors).toEqual([]);
    await context.close();
    console.info('signals-reconcile timings (ms since start):', JSON.stringify(timings));
  });
});
