// The storage quota reached in the middle of a session, in real Chromium: Chromium's own quota
// (CDP Storage.overrideQuotaForOrigin) set a little above what the origin uses, while every flush
// writes a bigger record than the one before (a list of long product names), so the first writes
// succeed and a later one fails with QuotaExceededError. The page goes on in memory with one warning,
// values exact and each crossing once; what IndexedDB holds is the last flush that fitted, whole.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { catalogueDefinitions } from './fixtures/catalogue-definitions.js';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { readDatabase, type ShopWindow } from './fixtures/open-storefront.js';
import { reportIdbWrites, watchIdbWrites, type IdbWrites } from './fixtures/report-idb-writes.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
const DEFINITIONS = '/fixtures/catalogue-definitions.json';
/** Room left under the quota for one transaction: about a dozen long names. */
const ROOM = 40_000;
/** Each product viewed adds one name this long to the stored list. */
const NAME_LENGTH = 3000;

/** What the origin uses with a database of its own, measured in a context of its own. */
async function baselineUsage(context: BrowserContext): Promise<number> {
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/fixtures/reliability-blank.html`);
  const usage = await page.evaluate(() => new Promise<number>((resolve, reject) => {
    const request = indexedDB.open('usage-probe');
    request.onupgradeneeded = () => request.result.createObjectStore('s');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const tx = request.result.transaction('s', 'readwrite');
      tx.objectStore('s').put(1, 1);
      tx.oncomplete = () => {
        request.result.close();
        void navigator.storage.estimate().then((e) => resolve(e.usage ?? 0));
      };
    };
  }));
  await page.close();
  return usage;
}

async function openShop(context: BrowserContext, quota: number): Promise<{ page: Page; report: PageReport; writes: IdbWrites }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  const writes = watchIdbWrites(page);
  // Set before the origin's storage is first used in the context: Chromium applies it from then on.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: env.server.origin, quotaSize: quota });
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?defs=${DEFINITIONS}`);
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  return { page, report, writes };
}

/** Tracks in one task; returns the names fired meanwhile. */
function track(page: Page, actions: { view?: string; add?: number }[]): Promise<string[]> {
  return page.evaluate((list) => {
    const { shop } = window as unknown as ShopWindow;
    const from = shop.fired.length;
    for (const a of list) {
      if (a.view !== undefined) shop.viewProduct(a.view, 10);
      if (a.add !== undefined) shop.addToCart(`add-${a.add}`, a.add);
    }
    return shop.fired.slice(from).map((f) => f.name);
  }, actions);
}

const readValues = (page: Page) => page.evaluate(() => (window as unknown as ShopWindow).shop.attributes());
const idbWarnings = (report: PageReport) => report.consoleWarnings.filter((w) => /indexeddb/i.test(w));
const longName = (i: number) => `${String(i).padStart(4, '0')}-${'x'.repeat(NAME_LENGTH)}`;

/** What IndexedDB holds: the stored views, the stored list's length, the adds, and the crossings. */
async function readStored(page: Page): Promise<{ views: unknown; names: number; adds: unknown; crossed: string[] }> {
  const ids = ((await readDatabase(page, 'sp', 'ids')) ?? []) as { attributes: Record<string, { a: unknown }> }[];
  const ledger = ((await readDatabase(page, 'sp', 'ledger')) ?? []) as { k: string }[];
  const attributes = ids[0]?.attributes ?? {};
  return {
    views: attributes['ecom_attributes_v1:count_product_views']?.a ?? 0,
    names: ((attributes['catalogue_v1:viewed_names']?.a ?? []) as unknown[]).length,
    adds: attributes['ecom_attributes_v1:count_add_to_cart']?.a ?? 0,
    crossed: ledger.map((r) => r.k.split('\u0000')[0]!).sort(),
  };
}

describe('the storage quota reached mid-session', () => {
  it('after some writes succeeded: the failing flush switches to memory with one warning, values and crossings stay exact, IndexedDB keeps the last flush that fitted, whole', async () => {
    env.server.addFile(DEFINITIONS, JSON.stringify(catalogueDefinitions()));
    const probe = await env.browser.newContext();
    const quota = (await baselineUsage(probe)) + ROOM;
    await probe.close();
    const context = await env.browser.newContext();
    await context.addInitScript(reportIdbWrites);
    const { page, report, writes } = await openShop(context, quota);
    await expect.poll(() => writes.ended).toBeGreaterThan(0);
    expect(writes.outcomes.every((o) => o === 'complete')).toBe(true);

    // One product a flush, each flush a bigger record, until one no longer fits.
    let views = 0;
    const fired: string[] = [];
    while (!writes.outcomes.includes('QuotaExceededError')) {
      expect(views, 'the quota is reached within 30 views').toBeLessThan(30);
      const ended = writes.ended;
      fired.push(...(await track(page, [{ view: longName(views) }])));
      views++;
      await expect.poll(() => writes.ended).toBeGreaterThan(ended);
    }
    const fitted = writes.outcomes.filter((o) => o === 'complete').length;
    const failedAt = views;
    const started = writes.started;
    expect(views, 'some flushes of views succeeded before the quota').toBeGreaterThan(3);
    expect(idbWarnings(report)).toHaveLength(1);

    // The page goes on in memory: exact values, each crossing once, nothing more written.
    fired.push(...(await track(page, [{ add: 60 }, { view: longName(views) }, { add: 50 }])));
    views++;
    expect(fired).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    expect(await readValues(page)).toMatchObject({ count_product_views: views, count_add_to_cart: 2, total_cart_value: 110 });
    expect(((await readValues(page)).viewed_names as string[]).length).toBe(views);

    // IndexedDB holds the last flush that fitted, whole: its views, its list, its crossings.
    const stored = await readStored(page);
    expect(stored).toEqual({ views: failedAt - 1, names: failedAt - 1, adds: 0, crossed: failedAt - 1 > 3 ? ['discount'] : [] });
    expect(writes.started, 'no write after the switch to memory').toBe(started);
    expect(idbWarnings(report)).toHaveLength(1);
    expect(report.pageErrors).toEqual([]);

    // A reload starts from that flush (the events tracked in memory only are lost, locally) and stores
    // again while its writes fit: the stored crossing does not fire again, the lost ones fire again
    // with the values that make them. The next write too big fails again: memory, one warning.
    await page.close();
    const reopened = await openShop(context, quota);
    expect(await readValues(reopened.page)).toMatchObject({ count_product_views: failedAt - 1, count_add_to_cart: 0, total_cart_value: null });
    expect(await track(reopened.page, [{ view: 'short' }, { add: 120 }])).toEqual(['cart_abandonment', 'free_shipping']);
    await expect.poll(() => readStored(reopened.page)).toMatchObject({ views: failedAt, adds: 1 });
    expect(idbWarnings(reopened.report)).toEqual([]);
    const before = reopened.writes.ended;
    expect(await track(reopened.page, [{ view: longName(100) }])).toEqual([]);
    await expect.poll(() => reopened.writes.outcomes.slice(before)).toEqual(['QuotaExceededError']);
    await expect.poll(() => idbWarnings(reopened.report)).toHaveLength(1);
    expect(await readValues(reopened.page)).toMatchObject({ count_product_views: failedAt + 1, count_add_to_cart: 1, total_cart_value: 120 });
    expect(reopened.report.pageErrors).toEqual([]);
    const lost = views - (failedAt - 1) + 2;
    console.info(`quota mid-flush: quota ${quota} bytes (${ROOM} above the origin's use); ${fitted} writes succeeded, then the flush of view `
      + `${failedAt} failed (QuotaExceededError), one warning; ${views + 2} events tracked and counted in the page, ${failedAt - 1} stored, `
      + `${lost} lost locally at the reload (tracked after the failure: memory only); after the reload ${reopened.writes.outcomes.filter((o) => o === 'complete').length} `
      + `writes succeeded until the next too-big one failed, one warning; 0 duplicates`);
    await context.close();
  });
});
