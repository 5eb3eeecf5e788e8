// Issue 7, storage faults in real Chromium: an open blocked by another tab's connection, a schema
// upgrade from another tab mid-session, a page killed in the middle of its flushes, clearLocalState()
// with three tabs open, and users who opted out (Do Not Track, the opt-out cookie) or track
// anonymously. The page never sees an error, values and the fired ledger stay consistent with each
// other, and nothing is stored for users the tracker does not track.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import {
  addToCart, openStorefront, readAttributes, readDatabase, readFired, viewProduct, type ShopWindow, type Storefront,
} from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';
import { IDB_SCHEMA_VERSION } from '../../src/store/open-database.js';

const env = useBrowserAndServer();

const DB = 'signals-edge.sp';
const NULLS = { count_product_views: null, count_add_to_cart: null, total_cart_value: null };

/** A page of the origin without the tracker, as another tab (or other code of the site) would be. */
async function openOtherTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/fixtures/reliability-blank.html`);
  return page;
}

/** Warnings of the page about IndexedDB. */
const idbWarnings = (report: PageReport) => report.consoleWarnings.filter((w) => /indexeddb/i.test(w));

describe('IndexedDB faults between tabs', () => {
  it('an open blocked by another connection: memory after the open time-out (one warning), the page works, then the tab lets go', async () => {
    const context = await env.browser.newContext();
    const other = await openOtherTab(context);
    // The other tab holds the database and ignores versionchange; its delete waits behind its own
    // connection, and every open queued after it waits too.
    expect(await other.evaluate((name) => new Promise<string>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('ids', { keyPath: ['key', 'id'] });
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        (window as unknown as { held: IDBDatabase }).held = request.result;
        const deleting = indexedDB.deleteDatabase(name);
        deleting.onblocked = () => resolve('blocked');
        deleting.onsuccess = () => {
          (window as unknown as { deleted: boolean }).deleted = true;
          resolve('deleted');
        };
      };
    }), DB)).toBe('blocked');

    const started = Date.now();
    const { page, report } = await openStorefront(context, env.server.origin);
    // Ready once the open gave up (3 s), with nothing lost: events tracked meanwhile were queued.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    for (const id of ['a', 'b', 'c']) expect(await viewProduct(page, id)).toEqual([]);
    expect(await viewProduct(page, 'd')).toEqual(['discount']);
    expect(await addToCart(page, 'e', 120)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    expect(await readAttributes(page)).toEqual({ count_product_views: 4, count_add_to_cart: 1, total_cart_value: 120 });
    expect(idbWarnings(report)).toHaveLength(1);
    expect(report.pageErrors).toEqual([]);

    // The other tab lets go: its delete completes; the page's late connection is closed, not leaked
    // (a second delete is not blocked by it).
    await other.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
    await expect.poll(() => other.evaluate(() => (window as unknown as { deleted?: boolean }).deleted === true)).toBe(true);
    await other.waitForTimeout(100);
    expect(await other.evaluate((name) => new Promise<string>((resolve) => {
      const again = indexedDB.deleteDatabase(name);
      again.onblocked = () => resolve('blocked');
      again.onsuccess = () => resolve('deleted');
    }), DB)).toBe('deleted');
    expect(await addToCart(page, 'f', 1)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    expect(await readAttributes(page)).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 121 });
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('a schema upgrade from another tab mid-session: the page lets it through at once and goes on from memory, silently', async () => {
    const context = await env.browser.newContext();
    const { page, report } = await openStorefront(context, env.server.origin);
    expect(await addToCart(page, 'a', 60)).toEqual(['cart_abandonment']);
    await expect.poll(async () => (await readDatabase(page, 'sp', 'ids'))?.length).toBe(1);

    // Newer code in another tab upgrades the database one version past this one, keeping what is there.
    const other = await openOtherTab(context);
    const upgraded = await other.evaluate(([name, version]) => new Promise<{ stores: string[]; ids: number; ms: number }>((resolve, reject) => {
      const started = performance.now();
      const request = indexedDB.open(name, version);
      request.onupgradeneeded = () => request.result.createObjectStore('from_the_future');
      request.onblocked = () => reject(new Error('blocked by the storefront'));
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const all = db.transaction('ids').objectStore('ids').count();
        all.onsuccess = () => {
          resolve({ stores: [...db.objectStoreNames].sort(), ids: all.result, ms: performance.now() - started });
          db.close();
        };
      };
    }), [DB, IDB_SCHEMA_VERSION + 1] as const);
    expect(upgraded.stores).toEqual(['from_the_future', 'ids', 'ledger', 'meta']);
    expect(upgraded.ids).toBe(1);
    expect(upgraded.ms).toBeLessThan(1000);

    // The storefront goes on: values right, each crossing once, no error, no warning (expected, not a failure).
    expect(await addToCart(page, 'b', 50)).toEqual(['cart_abandonment', 'free_shipping']);
    await page.waitForTimeout(100);
    expect(await viewProduct(page, 'c')).toEqual(['cart_abandonment', 'free_shipping']);
    expect(await readAttributes(page)).toEqual({ count_product_views: 1, count_add_to_cart: 2, total_cart_value: 110 });
    expect(idbWarnings(report)).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});

describe('corrupted records in IndexedDB', () => {
  it('are skipped on load: the intact values come back, the damaged one starts over, the page keeps storing', async () => {
    const context = await env.browser.newContext();
    const first = await openStorefront(context, env.server.origin);
    for (const id of ['a', 'b', 'c', 'd']) await viewProduct(first.page, id);
    expect(await addToCart(first.page, 'e', 30)).toEqual(['discount', 'cart_abandonment']);
    await expect.poll(async () => (await readDatabase(first.page, 'sp', 'ledger'))?.length).toBe(2);
    await first.page.close();

    // Another tab damages the records: one attribute state, the discount crossing, the event ids, and adds junk.
    const other = await openOtherTab(context);
    await other.evaluate((name) => new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(['ids', 'ledger', 'meta'], 'readwrite');
        const ids = tx.objectStore('ids');
        const all = ids.getAll();
        all.onsuccess = () => {
          const user = (all.result as { attributes: Record<string, unknown> }[])[0]!;
          user.attributes['ecom_attributes_v1:count_product_views'] = 'junk';
          ids.put(user);
          ids.put({ key: 'domain_userid', id: 'no-attributes', attributes: 7 });
          const ledger = tx.objectStore('ledger');
          const entries = ledger.getAll();
          entries.onsuccess = () => {
            for (const entry of entries.result as { k: string }[]) if (entry.k.startsWith('discount')) ledger.put({ k: entry.k, e: 5, t: 'soon' });
          };
          tx.objectStore('meta').put({ name: 'recent', value: [1, { x: 2 }] });
          tx.objectStore('meta').put({ name: 'seq', value: 'many' });
        };
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    }), DB);
    await other.close();

    const { page, report } = await openStorefront(context, env.server.origin);
    expect(await readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 30 });
    // The damaged crossing is forgotten with the damaged value: it can fire again, as the values say.
    for (const id of ['f', 'g', 'h']) expect(await viewProduct(page, id)).toEqual([]);
    expect(await viewProduct(page, 'i')).toEqual(['discount']);
    expect(await addToCart(page, 'j', 80)).toEqual(['discount', 'free_shipping']);
    await page.waitForTimeout(150);
    await page.reload();
    await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    expect(await readAttributes(page)).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 110 });
    expect(report.pageErrors).toEqual([]);
    expect(idbWarnings(report)).toEqual([]);
    await context.close();
  });
});

describe('a page killed in the middle of its flushes', () => {
  it('loses at most the events of the last flush interval; what is stored is whole, and values and fired ledger agree', async () => {
    const context = await env.browser.newContext();
    let persisted = { views: 0, adds: 0 };
    // Each round: a batch of 2 views and 3 adds of $9, then the renderer is killed `delay` ms later
    // (no pagehide, no unload); the next round's page shows what was stored.
    const delays = [0, 1, 3, 8, 15, 30, 150];
    const lost: number[] = [];
    for (const [round, delay] of delays.entries()) {
      const { page, report } = await openStorefront(context, env.server.origin);
      const restored = await readAttributes(page);
      const stored = { views: (restored.count_product_views as number | null) ?? 0, adds: (restored.count_add_to_cart as number | null) ?? 0 };
      if (round > 0 && stored.adds !== persisted.adds + 3) {
        // The previous batch was lost whole.
        expect(stored).toEqual(persisted);
        lost.push(delays[round - 1]!);
      }
      expect(restored.total_cart_value ?? 0).toBeCloseTo(stored.adds * 9, 6);
      expect(stored.views).toBe((stored.adds / 3) * 2);
      // The ledger is written with the values: a crossing is recorded exactly when its values are.
      const ledger = ((await readDatabase(page, 'sp', 'ledger')) ?? []) as { k: string }[];
      const crossed = ledger.map((r) => r.k.split('\u0000')[0]).sort();
      const expected = [
        ...(stored.adds >= 1 ? ['cart_abandonment'] : []), ...(stored.views > 3 ? ['discount'] : []), ...(stored.adds * 9 > 100 ? ['free_shipping'] : []),
      ].sort();
      expect(crossed).toEqual(expected);
      expect(report.pageErrors).toEqual([]);
      expect(idbWarnings(report)).toEqual([]);

      persisted = stored;
      const cdp = await context.newCDPSession(page);
      await page.evaluate(() => {
        const { shop } = window as unknown as ShopWindow;
        shop.viewProduct('v1', 1);
        shop.addToCart('a1', 9);
        shop.viewProduct('v2', 1);
        shop.addToCart('a2', 9);
        shop.addToCart('a3', 9);
      });
      if (delay > 0) await page.waitForTimeout(delay);
      const crashed = page.waitForEvent('crash', { timeout: 5000 });
      void cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      await page.close().catch(() => undefined);
    }
    // The last round's batch, killed 150 ms after it was tracked (six flush intervals), was stored.
    const { page } = await openStorefront(context, env.server.origin);
    const last = await readAttributes(page);
    expect(last.count_add_to_cart).toBe(persisted.adds + 3);
    console.info(`page killed mid-flush: batches lost when killed ${lost.length === 0 ? 'never' : `after ${lost.join(', ')} ms`}`);
    await context.close();
  });
});

/** The names fired in all the tabs, sorted. */
async function firedIn(tabs: { page: Page }[]): Promise<string[]> {
  return (await Promise.all(tabs.map(({ page }) => readFired(page)))).flat().sort();
}

describe('clearLocalState()', () => {
  it('with three tabs open: every tab forgets, IndexedDB is empty, and the next event starts from nothing everywhere', async () => {
    const context = await env.browser.newContext();
    const tabs: Storefront[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await openStorefront(context, env.server.origin));
    const [a, b, c] = tabs as [Storefront, Storefront, Storefront];
    await addToCart(a.page, 'x', 70);
    await a.page.waitForTimeout(100);
    await addToCart(c.page, 'y', 40);
    for (const { page } of tabs) await expect.poll(() => readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 110 });
    await expect.poll(() => firedIn(tabs)).toEqual(['cart_abandonment', 'free_shipping']);
    await expect.poll(async () => (await readDatabase(a.page, 'sp', 'ledger'))?.length).toBe(2);

    await b.page.evaluate(() => (window as unknown as { snowplowSignalsEdge: { clearLocalState(): Promise<void> } }).snowplowSignalsEdge.clearLocalState());
    for (const { page } of tabs) await expect.poll(() => readAttributes(page)).toEqual(NULLS);
    await a.page.waitForTimeout(150);
    for (const store of ['ids', 'ledger', 'meta'] as const) expect(await readDatabase(c.page, 'sp', store), store).toEqual([]);

    // A new add counts from nothing in every tab and crosses again (the ledger is gone too), once.
    await addToCart(b.page, 'z', 5);
    for (const { page } of tabs) await expect.poll(() => readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 5 });
    await expect.poll(() => firedIn(tabs)).toEqual(['cart_abandonment', 'cart_abandonment', 'free_shipping']);
    expect(await readFired(b.page)).toEqual(['cart_abandonment']);
    await a.page.reload();
    await a.page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    expect(await readAttributes(a.page)).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 5 });
    for (const { report } of tabs) expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});

/** Opens reliability-shop.html with `query` and waits until signals-edge is ready. */
async function openShop(context: BrowserContext, query: string): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?${query}`);
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  return { page, report };
}

describe('users the tracker does not track', () => {
  const cases: { name: string; query: string; init?: () => void }[] = [
    {
      name: 'Do Not Track (respectDoNotTrack)',
      query: 'dnt=1',
      init: () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true }),
    },
    {
      name: 'the opt-out cookie',
      query: 'optout=no_tracking',
      init: () => {
        document.cookie = 'no_tracking=1; path=/';
      },
    },
  ];
  for (const { name, query, init } of cases) {
    it(`with ${name}: nothing is computed, fired or stored`, async () => {
      const context = await env.browser.newContext();
      if (init !== undefined) await context.addInitScript(init);
      const { page, report } = await openShop(context, query);
      await page.evaluate(() => {
        const { shop } = window as unknown as ShopWindow;
        for (let i = 0; i < 5; i++) shop.viewProduct(`p${i}`, 10);
        shop.addToCart('p', 150);
      });
      await page.waitForTimeout(200);
      expect(await readAttributes(page)).toEqual(NULLS);
      expect(await readFired(page)).toEqual([]);
      for (const store of ['ids', 'ledger'] as const) expect((await readDatabase(page, 'sp', store)) ?? [], store).toEqual([]);
      // No event id, no event count: the meta store holds at most the definitions fetched.
      const meta = ((await readDatabase(page, 'sp', 'meta')) ?? []) as { name: string; value: unknown }[];
      expect(meta.filter((m) => m.name !== 'definitions')).toEqual([]);
      expect(report.pageErrors).toEqual([]);
      await context.close();
    });
  }

  it('with anonymous tracking: no user id, so no attribute state and no intervention for one', async () => {
    const context = await env.browser.newContext();
    const { page, report } = await openShop(context, 'anonymous=1');
    await page.evaluate(() => {
      const { shop } = window as unknown as ShopWindow;
      for (let i = 0; i < 5; i++) shop.viewProduct(`p${i}`, 10);
      shop.addToCart('p', 150);
    });
    await page.waitForTimeout(200);
    expect(await readAttributes(page)).toEqual(NULLS);
    expect(await readFired(page)).toEqual([]);
    for (const store of ['ids', 'ledger'] as const) expect((await readDatabase(page, 'sp', store)) ?? [], store).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
