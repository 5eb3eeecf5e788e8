// Issue 18, storage eviction in real Chromium: browsers delete a non-persistent origin's IndexedDB under
// storage pressure (Safari after 7 days without interaction). The script-tag storefront reconciles with the
// dev server; its database is deleted between page loads, and while a page is open. The values come back
// from the server, a crossing the server already saw is not delivered again (crossings of a returning
// visitor without local state wait for the first server answer), a new crossing still fires once, and the
// page never sees an error.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
let signals: DevServer;
const serverFired: string[] = [];

beforeAll(async () => {
  signals = await createDevServer({
    port: 0, lagMs: 300, keepAliveMs: 1000, log: () => undefined, publicServices: true,
    onProcessed: (_event, fired) => serverFired.push(...fired.map((f) => f.name)),
  });
});
afterAll(async () => {
  await signals?.close();
});

interface Shop {
  shop: {
    fired: { name: string; source: string }[];
    ready(): Promise<void>;
    duid(): string;
    addToCart(id: string, price: number): void;
    attributes(): Promise<Record<string, unknown>>;
  };
}

const READS = /\/api\/v1\/get-online-attributes$/;
const DATABASE = 'signals-edge.shop';

async function openShop(context: BrowserContext, report: PageReport['pageErrors']): Promise<Page> {
  const page = await context.newPage();
  (await watchPage(page)).pageErrors = report;
  await page.goto(`${env.server.origin}/fixtures/signals-storefront.html?signals=${encodeURIComponent(signals.url)}`);
  await page.evaluate(() => (window as unknown as Shop).shop.ready());
  return page;
}

/** Adds to cart once per price, in one task; returns what the handlers received by then (name/source). */
function addToCart(page: Page, ...prices: number[]): Promise<string[]> {
  return page.evaluate((list) => {
    const { shop } = window as unknown as Shop;
    list.forEach((price, i) => shop.addToCart(`p${i}`, price));
    return shop.fired.map((f) => `${f.name}/${f.source}`);
  }, prices);
}

const fired = (page: Page) => page.evaluate(() => (window as unknown as Shop).shop.fired.map((f) => `${f.name}/${f.source}`));
const values = (page: Page) => page.evaluate(() => (window as unknown as Shop).shop.attributes());

/** The dev server's count of adds for `duid` (tokenless service read). */
async function serverAdds(duid: string): Promise<unknown> {
  const res = await fetch(`${signals.url}/api/v1/get-online-attributes`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } }),
  });
  const body = await res.json() as Record<string, unknown[]>;
  return body.count_add_to_cart?.[0];
}

/** Holds every get-online-attributes request 600 ms: the page's first answer comes after its first events. */
async function delayReads(context: BrowserContext): Promise<void> {
  await context.route(READS, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 600));
    await route.continue();
  });
}

/** Closes the page as a user leaves it (pagehide runs), once it is gone. */
async function leave(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('close'), page.close({ runBeforeUnload: true })]);
}

/** Deletes the storefront's database from another page of the origin; resolves once it is gone. */
async function deleteDatabase(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/fixtures/reliability-blank.html`);
  await page.evaluate((name) => new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  }), DATABASE);
  await page.close();
}

it('deleted between page loads: values come back from the server, the crossing it saw does not fire again, a new one fires once', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  let page = await openShop(context, errors);
  const duid = await page.evaluate(() => (window as unknown as Shop).shop.duid());
  expect(await addToCart(page, 10, 10, 10)).toEqual(['cart_abandonment/edge']);
  await expect.poll(() => serverAdds(duid), { timeout: 10_000 }).toBe(3);
  await leave(page);
  await deleteDatabase(context);

  // The first answer after the reload comes late: the add to cart below is tracked before it, from empty storage.
  await delayReads(context);
  page = await openShop(context, errors);
  expect(await addToCart(page, 10)).toEqual([]);
  await expect.poll(() => values(page), { timeout: 10_000 }).toEqual({ count_product_views: 0, count_add_to_cart: 4, total_cart_value: 40 });
  expect(await fired(page)).toEqual([]);

  // A crossing the server has not seen (the total passes $100) fires at once, once; the server's copy is dropped.
  expect(await addToCart(page, 70)).toEqual(['free_shipping/edge']);
  await expect.poll(() => serverFired.filter((name) => name === 'free_shipping').length, { timeout: 10_000 }).toBe(1);
  await expect.poll(() => serverAdds(duid), { timeout: 10_000 }).toBe(5);
  expect(await fired(page)).toEqual(['free_shipping/edge']);
  expect(errors).toEqual([]);
  await context.close();
});

it('deleted while a page is open: the page goes on from memory without an error or a repeat, and a reload recovers from the server', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  let page = await openShop(context, errors);
  const duid = await page.evaluate(() => (window as unknown as Shop).shop.duid());
  expect(await addToCart(page, 20, 20)).toEqual(['cart_abandonment/edge']);
  await deleteDatabase(context);
  expect(await addToCart(page, 20)).toEqual(['cart_abandonment/edge']);
  expect(await values(page)).toEqual({ count_product_views: 0, count_add_to_cart: 3, total_cart_value: 60 });
  await expect.poll(() => serverAdds(duid), { timeout: 10_000 }).toBe(3);

  await leave(page);
  await delayReads(context);
  page = await openShop(context, errors);
  expect(await addToCart(page, 20)).toEqual([]);
  await expect.poll(() => values(page), { timeout: 10_000 }).toEqual({ count_product_views: 0, count_add_to_cart: 4, total_cart_value: 80 });
  expect(await fired(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
