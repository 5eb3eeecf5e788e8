// Issue 3 acceptance, tabs: pages of one browser context (one origin, one IndexedDB, one cookie jar)
// tracking at the same time. Every tab ends up with the sum of all tabs' events, and each crossing
// fires in exactly one tab.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openStorefront, readAttributes, type ShopWindow, type Storefront } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

/** Opens `count` storefront tabs one after the other, so that they share the first tab's domain_userid cookie. */
async function openTabs(context: BrowserContext, count: number): Promise<Storefront[]> {
  const tabs: Storefront[] = [];
  for (let i = 0; i < count; i++) tabs.push(await openStorefront(context, env.server.origin));
  return tabs;
}

/**
 * Runs `steps` in every tab at the same moment: each tab waits for a common start time, then tracks its
 * steps ([kind, price]) back to back in one task, as concurrent tabs do.
 */
function trackInAll(tabs: Storefront[], steps: ['view' | 'add', number][]): Promise<unknown> {
  const startAt = Date.now() + 150;
  return Promise.all(tabs.map(({ page }, tab) => page.evaluate(async ([list, t, start]) => {
    const { shop } = window as unknown as ShopWindow;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now() - 10)));
    while (Date.now() < start) {
      // wait for the common start
    }
    list.forEach(([kind, price], i) => {
      if (kind === 'view') shop.viewProduct(`t${t}-${i}`, price);
      else shop.addToCart(`t${t}-${i}`, price);
    });
  }, [steps, tab, startAt] as const)));
}

/** Same start, but one event per task with a short pause, so that the tabs' events interleave. */
function trackInterleaved(tabs: Storefront[], steps: ['view' | 'add', number][]): Promise<unknown> {
  const startAt = Date.now() + 150;
  return Promise.all(tabs.map(({ page }, tab) => page.evaluate(async ([list, t, start]) => {
    const { shop } = window as unknown as ShopWindow;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
    for (const [i, [kind, price]] of list.entries()) {
      if (kind === 'view') shop.viewProduct(`t${t}-${i}`, price);
      else shop.addToCart(`t${t}-${i}`, price);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }, [steps, tab, startAt] as const)));
}

async function firedAcrossTabs(tabs: Storefront[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { page } of tabs) {
    for (const name of await page.evaluate(() => (window as unknown as ShopWindow).shop.fired.map((f) => f.name))) {
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}

const settle = (page: Page) => page.waitForTimeout(200);

describe('several tabs of one storefront', () => {
  for (const count of [2, 3]) {
    it(`${count} tabs adding to cart at once all show the sum, and each crossing fires once across the tabs`, async () => {
      const context = await env.browser.newContext();
      const tabs = await openTabs(context, count);
      // Each tab alone stays under every threshold (2 views, 2 × $20 = $40); all tabs together pass
      // them: ≥ 4 views (discount), and $100 (free_shipping) in the first round with 3 tabs, in the second with 2.
      await trackInAll(tabs, [['view', 10], ['add', 20], ['view', 10], ['add', 20]]);
      await settle(tabs[0]!.page);
      const expected = { count_product_views: 2 * count, count_add_to_cart: 2 * count, total_cart_value: 40 * count };
      for (const { page } of tabs) expect(await readAttributes(page)).toEqual(expected);
      // A second round: every tab adds $20 more.
      await trackInAll(tabs, [['add', 20]]);
      await settle(tabs[0]!.page);
      const after = { count_product_views: 2 * count, count_add_to_cart: 3 * count, total_cart_value: 60 * count };
      for (const { page } of tabs) expect(await readAttributes(page)).toEqual(after);

      expect(await firedAcrossTabs(tabs)).toEqual({ cart_abandonment: 1, discount: 1, free_shipping: 1 });
      for (const { report } of tabs) expect(report.pageErrors).toEqual([]);
      await context.close();
    });
  }

  it('2 tabs each crossing on their own at the same moment: each intervention fires in exactly one tab', async () => {
    const context = await env.browser.newContext();
    const tabs = await openTabs(context, 2);
    await trackInAll(tabs, [['add', 110], ['view', 1], ['view', 1], ['view', 1], ['view', 1]]);
    await settle(tabs[0]!.page);
    for (const { page } of tabs) expect(await readAttributes(page)).toEqual({ count_product_views: 8, count_add_to_cart: 2, total_cart_value: 220 });
    expect(await firedAcrossTabs(tabs)).toEqual({ cart_abandonment: 1, discount: 1, free_shipping: 1 });
    for (const { report } of tabs) expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('3 tabs interleaving their events: the sum everywhere, each crossing once', async () => {
    const context = await env.browser.newContext();
    const tabs = await openTabs(context, 3);
    await trackInterleaved(tabs, [['view', 10], ['add', 15], ['view', 10], ['add', 15], ['add', 15]]);
    await settle(tabs[0]!.page);
    const expected = { count_product_views: 6, count_add_to_cart: 9, total_cart_value: 135 };
    for (const { page } of tabs) expect(await readAttributes(page)).toEqual(expected);
    // 6 product views in all: discount crossed too.
    expect(await firedAcrossTabs(tabs)).toEqual({ cart_abandonment: 1, discount: 1, free_shipping: 1 });
    for (const { report } of tabs) expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
