// Issue 3 acceptance, the sp.js contract: a faithful stand-in of sp.js's addPlugin and command
// dispatch (fixtures/sp-harness.ts, bundled with Vite at test time; like sp.js it drops what a command
// returns) loads dist/signals-edge.iife.js from its URL and drives the API as commands, answers
// coming back through each function's `callback`. Trackers have ids
// `snowplow_<namespace>` ≠ namespace: events are routed by namespace (official plugin bug #1), the API
// is keyed by tracker id, one plugin object serves both trackers.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSpHarness } from './fixtures/build-sp-harness.js';
import { launchChromium, watchPage } from './fixtures/launch-chromium.js';
import { readSelfDescribing } from './fixtures/open-storefront.js';
import type { HarnessLogEntry } from './fixtures/sp-harness.js';
import { startFixtureServer, type FixtureServer } from './fixtures/start-fixture-server.js';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import { readFileSync } from 'node:fs';

let browser: Browser;
let server: FixtureServer;
let signals: DevServer;

beforeAll(async () => {
  let harness: string;
  [browser, server, harness] = await Promise.all([launchChromium(), startFixtureServer(), buildSpHarness()]);
  server.addFile('/vendor/sp.js', harness);
  const tutorial = JSON.parse(readFileSync(new URL('../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
  const compiled = await compileBundle(tutorial);
  if (!compiled.ok) throw new Error('the tutorial does not compile');
  server.addFile('/plans/tutorial.json', JSON.stringify(compiled.plan));
  signals = await createDevServer({ port: 0, lagMs: 0, keepAliveMs: 500, log: () => undefined, publicServices: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await signals?.close();
});

interface SpWindow {
  snowplow: (...args: unknown[]) => void;
  spHarnessLog: HarnessLogEntry[];
  spShop: { fired: { tracker: string; name: string; source: string }[]; changes: Record<string, unknown>[]; ready: string | null };
}

/** Runs one sp.js command in the page; returns how sp.js dispatched it (arguments as JSON, error). */
function sp(page: Page, ...command: unknown[]): Promise<{ error: string | null; args: unknown[] }> {
  return page.evaluate((call) => {
    const w = window as unknown as SpWindow;
    const before = w.spHarnessLog.length;
    w.snowplow(...call);
    const entry = w.spHarnessLog[before];
    if (entry === undefined) return { error: 'not dispatched', args: [] };
    return { error: entry.error ?? null, args: JSON.parse(JSON.stringify(entry.args)) as unknown[] };
  }, command);
}

/**
 * Runs an answering sp.js command with a `callback` added to its one object argument, and returns what
 * the callback got (`value`, or `error` for `callback(undefined, error)`) with how sp.js dispatched it.
 */
function ask(page: Page, command: string, argument: object = {}): Promise<{ value: unknown; error: string | null; args: unknown[] }> {
  return page.evaluate(([name, arg]) => new Promise((resolve) => {
    const w = window as unknown as SpWindow;
    const before = w.spHarnessLog.length;
    const timer = setTimeout(() => resolve({ value: null, error: 'no callback within 5 s', args: [] }), 5000);
    w.snowplow(name, {
      ...arg,
      callback: (value: unknown, error?: unknown) => {
        clearTimeout(timer);
        const args = JSON.parse(JSON.stringify(w.spHarnessLog[before]?.args ?? [])) as unknown[];
        resolve({ value: value === undefined ? null : value, error: error === undefined ? null : String(error), args });
      },
    });
  }), [command, argument] as const);
}

const fired = (page: Page) => page.evaluate(() => (window as unknown as SpWindow).spShop.fired.map((f) => `${f.tracker}:${f.name}`));
const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' });
const cart = (id: string, price: number) => ({ products: [product(id, price)], total_value: price, currency: 'USD' });

async function openSpStorefront(query = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${server.origin}/fixtures/sp-storefront.html${query}`);
  // sp.js held the commands issued before the plugins loaded; they ran once all had loaded, and
  // whenReady answered through its callback.
  await page.waitForFunction(() => (window as unknown as SpWindow).spShop?.ready !== null);
  expect(await page.evaluate(() => (window as unknown as SpWindow).spShop.ready)).toBe('ready');
  const ready = await page.evaluate(() => (window as unknown as SpWindow).spHarnessLog.filter((e) => e.command === 'whenReady')
    .map((e) => JSON.parse(JSON.stringify(e.args)) as unknown));
  expect(ready).toEqual([[{ timeoutMs: 5000 }, ['snowplow_sp', 'snowplow_other']]]);
  return { context, page, report };
}

describe('sp.js: addPlugin from a URL and API commands', () => {
  it('loads the IIFE through addPlugin, routes events by namespace and runs every API function as a command', async () => {
    const { context, page, report } = await openSpStorefront();
    // The bundle's global is a plain object of the factory and the API; every API function takes (arg, trackers).
    const shape = await page.evaluate(() => {
      const edge = (window as unknown as { snowplowSignalsEdge: Record<string, unknown> }).snowplowSignalsEdge;
      return Object.entries(edge).map(([k, v]) => [k, typeof v === 'function' ? v.length : typeof v]);
    });
    expect(Object.fromEntries(shape)).toEqual({
      SignalsEdgePlugin: 1, addInterventionHandlers: 2, clearLocalState: 2, explainInterventions: 2, getAttributes: 2,
      inspectAttributes: 2, onAttributesChange: 2, removeInterventionHandlers: 2, subscribeToInterventions: 2, whenReady: 2,
    });

    // Tracker snowplow_sp (namespace sp): the tutorial, synchronously inside each command.
    for (const id of ['a', 'b', 'c']) await sp(page, 'trackProductView:sp', product(id, 10));
    expect(await fired(page)).toEqual([]);
    await sp(page, 'trackProductView:sp', product('d', 10));
    expect(await fired(page)).toEqual(['sp:discount']);
    await sp(page, 'trackAddToCart:sp', cart('e', 60));
    await sp(page, 'trackAddToCart:sp', cart('f', 45.5));
    expect(await fired(page)).toEqual(['sp:discount', 'sp:cart_abandonment', 'sp:free_shipping']);

    // Tracker snowplow_other (namespace other), same plugin object: its own state, its own handlers.
    for (const id of ['g', 'h', 'i', 'j']) await sp(page, 'trackProductView:other', product(id, 10));
    expect(await fired(page)).toEqual(['sp:discount', 'sp:cart_abandonment', 'sp:free_shipping', 'other:discount']);

    // getAttributes without arguments: sp.js calls fn({}, ids) because fn.length === 2; it drops the
    // promise the function returns, and the callback in the one object argument gets the answer.
    expect(await sp(page, 'getAttributes')).toEqual({ error: null, args: [{}, ['snowplow_sp', 'snowplow_other']] });
    const all = await ask(page, 'getAttributes');
    expect(all).toEqual({ value: { count_product_views: 4, count_add_to_cart: 2, total_cart_value: 105.5 }, error: null, args: [{}, ['snowplow_sp', 'snowplow_other']] });
    expect((await ask(page, 'getAttributes:other')).value).toEqual({ count_product_views: 4, count_add_to_cart: 0, total_cart_value: null });
    expect((await ask(page, 'getAttributes:sp', { group: 'ecom_attributes' })).value).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 105.5 });
    expect((await ask(page, 'getAttributes', { service: 'ecom_attributes' })).value).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 105.5 });
    // onAttributesChange in the object form: the unsubscribe function reaches the callback.
    const unsubscribed = await page.evaluate(() => new Promise<string>((resolve) => {
      const w = window as unknown as SpWindow;
      w.snowplow('onAttributesChange:sp', { listener: () => undefined, callback: (stop: unknown) => resolve(typeof stop) });
    }));
    expect(unsubscribed).toBe('function');
    // onAttributesChange registered as a command before the plugin loaded: called with the values.
    const changes = await page.evaluate(() => (window as unknown as SpWindow).spShop.changes);
    expect(changes.at(-1)).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 105.5 });

    // removeInterventionHandlers and clearLocalState as commands (one object argument / none).
    expect((await sp(page, 'removeInterventionHandlers:sp', { ids: ['sp'] })).error).toBeNull();
    expect(await ask(page, 'clearLocalState:sp')).toEqual({ value: null, error: null, args: [{}, ['snowplow_sp']] });
    expect((await ask(page, 'getAttributes:sp')).value).toEqual({ count_product_views: null, count_add_to_cart: null, total_cart_value: null });
    expect((await ask(page, 'getAttributes:other')).value).toEqual({ count_product_views: 4, count_add_to_cart: 0, total_cart_value: null });
    // A new crossing after the clear, with no handler on sp: kept until a handler is added (bug #11).
    await sp(page, 'trackAddToCart:sp', cart('k', 5));
    expect(await fired(page)).toHaveLength(4);
    await page.evaluate(() => (window as unknown as SpWindow).snowplow('addInterventionHandlers:sp', {
      late: (i: { name: string; source: string; target_attribute_key: unknown }) => {
        (window as unknown as SpWindow).spShop.fired.push({ tracker: 'sp-late', name: i.name, source: i.source });
      },
    }));
    expect((await fired(page)).slice(4)).toEqual(['sp-late:cart_abandonment']);

    // Measurement events went out through the tracker whose rule fired.
    await expect.poll(() => readSelfDescribing(server.payloads())
      .filter((e) => e.schema.includes('com.snowplowanalytics.signals/intervention_receive')).length).toBe(5);
    const receivedBy = (tna: string) => readSelfDescribing(server.payloads().filter((p) => p.tna === tna))
      .filter((e) => e.schema.includes('intervention_receive')).map((e) => e.entities.find((c) => c.schema.includes('intervention_instance'))?.data.name);
    expect(receivedBy('sp')).toEqual(['discount', 'cart_abandonment', 'free_shipping', 'cart_abandonment']);
    expect(receivedBy('other')).toEqual(['discount']);

    const errors = await page.evaluate(() => (window as unknown as SpWindow).spHarnessLog.filter((e) => e.error !== undefined).map((e) => `${e.command}: ${e.error}`));
    expect(errors).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('works the same under a strict CSP', async () => {
    const { context, page, report } = await openSpStorefront('?csp=strict');
    await sp(page, 'trackAddToCart:sp', cart('a', 120));
    expect(await fired(page)).toEqual(['sp:cart_abandonment', 'sp:free_shipping']);
    expect(await report.violations()).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('the core script with a plan and the two add-ons, one addPlugin each: the same crossings, and the add-ons\' commands reach the core\'s trackers', async () => {
    const { context, page, report } = await openSpStorefront('?plan=/plans/tutorial.json');
    const shapes = await page.evaluate(() => ['snowplowSignalsEdge', 'snowplowSignalsEdgeStream', 'snowplowSignalsEdgeExplain']
      .map((name) => Object.keys((window as unknown as Record<string, object>)[name]!).sort()));
    expect(shapes).toEqual([
      ['SignalsEdgePlugin', 'addInterventionHandlers', 'clearLocalState', 'getAttributes', 'onAttributesChange', 'removeInterventionHandlers', 'whenReady'],
      ['SignalsEdgeStreamPlugin', 'subscribeToInterventions'],
      ['SignalsEdgeExplainPlugin', 'explainInterventions', 'inspectAttributes'],
    ]);
    for (const id of ['a', 'b', 'c', 'd']) await sp(page, 'trackProductView:sp', product(id, 10));
    await sp(page, 'trackAddToCart:sp', cart('e', 120));
    expect(await fired(page)).toEqual(['sp:discount', 'sp:cart_abandonment', 'sp:free_shipping']);

    // explain add-on, as a command of tracker sp.
    const explained = (await ask(page, 'explainInterventions:sp')).value as { name: string; holds: boolean }[];
    expect(explained.map((e) => [e.name, e.holds])).toEqual([['cart_abandonment', true], ['discount', true], ['free_shipping', true]]);
    const inspected = (await ask(page, 'inspectAttributes:sp')).value as { name: string; shown: unknown }[];
    expect(inspected.map((a) => [a.name, a.shown])).toEqual([['count_product_views', 4], ['count_add_to_cart', 1], ['total_cart_value', 120]]);

    // stream add-on: a push from the Signals stream reaches tracker sp's handlers as a server intervention.
    await expect.poll(() => server.payloads().some((p) => p.tna === 'sp' && typeof p.duid === 'string')).toBe(true);
    // This page's id: the newest event of tracker sp (the file's earlier pages had their own).
    const duid = server.payloads().findLast((p) => p.tna === 'sp' && typeof p.duid === 'string')!.duid as string;
    expect((await sp(page, 'subscribeToInterventions:sp', { endpoint: signals.url })).error).toBeNull();
    await expect.poll(async () => {
      const res = await fetch(`${signals.url}/api/v1/interventions?domain_userid=${duid}`, {
        method: 'POST', headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ intervention_id: '00000000-0000-4000-8000-0000000000d1', name: 'pushed', version: 1 }),
      });
      return ((await res.json()) as { status?: string }).status;
    }, { timeout: 5_000 }).toBe('success');
    await expect.poll(() => page.evaluate(() => (window as unknown as SpWindow).spShop.fired.filter((f) => f.source === 'server').map((f) => `${f.tracker}:${f.name}`)), { timeout: 5_000 })
      .toEqual(['sp:pushed']);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
