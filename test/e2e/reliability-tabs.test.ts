// Issue 7, five tabs × 500 events at once in real Chromium: five pages of one context (one origin,
// one IndexedDB, one duid cookie) each track 250 product views and 250 adds to cart as fast as they
// can, at the same moment. Every tab ends with the exact totals, each crossing fires once across the
// tabs, and a reload reads the same totals back from IndexedDB.
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { readAttributes, readFired, type ShopWindow } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

const TABS = 5;
const EVENTS = 500;
/** The tracker batches its requests and keeps no localStorage queue: the test measures signals-edge, not the tracker's queue. */
const QUERY = 'buffer=50&ls=0';

async function openTab(context: BrowserContext): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?${QUERY}`);
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  return { page, report };
}

it(`${TABS} tabs × ${EVENTS} events at once: exact totals in every tab, one fire per crossing`, { timeout: 60_000 }, async () => {
  const started = Date.now();
  const context = await env.browser.newContext();
  const tabs: { page: Page; report: PageReport }[] = [];
  // One after the other, so that they share the first tab's domain_userid cookie.
  for (let i = 0; i < TABS; i++) tabs.push(await openTab(context));
  const duids = await Promise.all(tabs.map(({ page }) => page.evaluate(() => (window as unknown as { shop: { duid(): string } }).shop.duid())));
  expect(new Set(duids).size).toBe(1);

  // Same start for all; each tab tracks in bursts of 25 events per task, alternating views and adds of $1.
  const startAt = Date.now() + 300;
  const timings = await Promise.all(tabs.map(({ page }, tab) => page.evaluate(async ([t, n, start]) => {
    const { shop } = window as unknown as ShopWindow;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now())));
    const begin = performance.now();
    for (let i = 0; i < n; i += 25) {
      for (let j = i; j < Math.min(n, i + 25); j++) {
        if (j % 2 === 0) shop.viewProduct(`t${t}-${j}`, 1);
        else shop.addToCart(`t${t}-${j}`, 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return performance.now() - begin;
  }, [tab, EVENTS, startAt] as const)));

  const total = TABS * EVENTS / 2;
  const expected = { count_product_views: total, count_add_to_cart: total, total_cart_value: total };
  for (const { page } of tabs) await expect.poll(() => readAttributes(page), { timeout: 20_000 }).toEqual(expected);
  const fired = (await Promise.all(tabs.map(({ page }) => readFired(page)))).flat().sort();
  expect(fired).toEqual(['cart_abandonment', 'discount', 'free_shipping']);

  // Stored: a reloaded tab reads the same totals and fires nothing again.
  const [first] = tabs;
  await first!.page.waitForTimeout(200);
  await first!.page.reload();
  await first!.page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  expect(await readAttributes(first!.page)).toEqual(expected);
  expect(await readFired(first!.page)).toEqual([]);
  for (const { report } of tabs) expect(report.pageErrors).toEqual([]);
  console.info(`${TABS} tabs × ${EVENTS} events: tracking took ${timings.map((ms) => Math.round(ms)).join(', ')} ms per tab; whole test ${Date.now() - started} ms`);
  await context.close();
});
