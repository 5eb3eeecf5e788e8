// Issue 3 acceptance, storage failures: with IndexedDB missing, throwing on open, failing every write
// on quota, or its connection closed under the page, the storefront keeps working from memory, the
// values stay right, each intervention fires once, the page sees no error and one warning.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addToCart, openStorefront, readAttributes, viewProduct, type ShopWindow } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

const ALL = ['discount', 'cart_abandonment', 'free_shipping'];
/** Longer than the runtime's write-behind delay, so that a flush meets the failure. */
const FLUSH_MS = 150;

interface Failure {
  name: string;
  /** Runs in the page before any page script. */
  init?: () => void;
  /** Runs on the blank page before the storefront loads. */
  beforeLoad?: (page: Page, context: BrowserContext) => Promise<void>;
  /** Breaks storage in the middle of the session. */
  midway?: (page: Page, context: BrowserContext) => Promise<void>;
  /** Checks, in the page, that the failure really happened. */
  check?: (page: Page) => Promise<void>;
}

const failures: Failure[] = [
  {
    name: 'IndexedDB missing',
    init: () => {
      delete (window as { indexedDB?: IDBFactory }).indexedDB;
    },
    check: async (page) => expect(await page.evaluate(() => typeof indexedDB)).toBe('undefined'),
  },
  {
    name: 'indexedDB.open throwing',
    init: () => {
      indexedDB.open = () => {
        throw new DOMException('x', 'InvalidStateError');
      };
    },
  },
  {
    name: 'a quota error on every write',
    // Chromium's real QuotaExceededError: the database opens, every readwrite transaction aborts.
    beforeLoad: async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: env.server.origin, quotaSize: 1 });
    },
    check: async (page) => expect(await page.evaluate(() => new Promise<string>((resolve) => {
      const request = indexedDB.open('quota-probe');
      request.onupgradeneeded = () => request.result.createObjectStore('s');
      request.onsuccess = () => {
        const tx = request.result.transaction('s', 'readwrite');
        tx.objectStore('s').put(1, 1);
        tx.oncomplete = () => resolve('written');
        tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
      };
      request.onerror = () => resolve(request.error?.name ?? 'open failed');
    }))).toBe('QuotaExceededError'),
  },
  {
    name: 'the connection closed by the browser mid-session',
    midway: async (page, context) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.clearDataForOrigin', { origin: env.server.origin, storageTypes: 'indexeddb' });
    },
  },
  {
    name: 'the connection closed by page code mid-session',
    init: () => {
      const open = IDBFactory.prototype.open;
      const connections: IDBDatabase[] = [];
      (window as unknown as { connections: IDBDatabase[] }).connections = connections;
      IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
        const request = open.apply(this, args);
        request.addEventListener('success', () => connections.push(request.result));
        return request;
      };
    },
    midway: async (page) => {
      const closed = await page.evaluate(() => {
        const { connections } = window as unknown as { connections: IDBDatabase[] };
        for (const db of connections) db.close();
        return connections.map((db) => db.name);
      });
      expect(closed).toContain('signals-edge.sp');
    },
  },
];

describe('the storefront keeps working when IndexedDB fails', () => {
  for (const failure of failures) {
    it(`with ${failure.name}`, async () => {
      const context = await env.browser.newContext();
      if (failure.init !== undefined) await context.addInitScript(failure.init);
      const { page, report } = await openStorefront(context, env.server.origin, '', failure.beforeLoad && ((p) => failure.beforeLoad!(p, context)));

      for (const id of ['a', 'b', 'c']) expect(await viewProduct(page, id)).toEqual([]);
      expect(await viewProduct(page, 'd')).toEqual(['discount']);
      expect(await addToCart(page, 'e', 60)).toEqual(['discount', 'cart_abandonment']);
      await page.waitForTimeout(FLUSH_MS);

      await failure.midway?.(page, context);
      // The next flush meets the failure; the page goes on from memory.
      expect(await addToCart(page, 'f', 40)).toEqual(['discount', 'cart_abandonment']);
      await page.waitForTimeout(FLUSH_MS);
      expect(await addToCart(page, 'g', 5.5)).toEqual(ALL);
      await page.waitForTimeout(FLUSH_MS);
      expect(await viewProduct(page, 'h')).toEqual(ALL);
      expect(await addToCart(page, 'i', 1)).toEqual(ALL);

      expect(await readAttributes(page)).toEqual({ count_product_views: 5, count_add_to_cart: 4, total_cart_value: 106.5 });
      expect(await page.locator('[data-attribute=count_add_to_cart]').textContent()).toBe('4');
      await failure.check?.(page);
      expect(report.pageErrors).toEqual([]);
      // Memory mode "with one warning" (design decision 7), not one per failed write.
      expect(report.consoleWarnings.filter((w) => /indexeddb/i.test(w))).toHaveLength(1);
      await context.close();
    });
  }

  it('with IndexedDB missing, a reload starts from nothing (memory mode) and the page still works', async () => {
    const context = await env.browser.newContext();
    await context.addInitScript(() => {
      delete (window as { indexedDB?: IDBFactory }).indexedDB;
    });
    const { page, report } = await openStorefront(context, env.server.origin);
    expect(await addToCart(page, 'a', 150)).toEqual(['cart_abandonment', 'free_shipping']);
    await page.reload();
    await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    expect(await readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 0, total_cart_value: null });
    expect(await addToCart(page, 'b', 20)).toEqual(['cart_abandonment']);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
