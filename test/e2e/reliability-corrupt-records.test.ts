// Stored records as an older or newer version (or damage) might leave them, written straight into the
// object stores between two loads, in real Chromium: unknown extra fields, ledger entries of the wrong
// type, numbers stored as strings, and attribute states another aggregation or period left for an
// attribute of the same name. The runtime leaves out (and repairs) only what it cannot read, keeps the
// rest, says so in one warning, and carries on tracking and storing.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { readDatabase, type ShopWindow } from './fixtures/open-storefront.js';
import { rewriteRecords, type RawRecords } from './fixtures/rewrite-records.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

async function openShop(context: BrowserContext): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?defs=/fixtures/reliability-definitions.json`);
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  return { page, report };
}

/** Tracks in one task; returns the names fired meanwhile. */
function track(page: Page, views: number, adds: number, price: number): Promise<string[]> {
  return page.evaluate(([v, a, p]) => {
    const { shop } = window as unknown as ShopWindow;
    const from = shop.fired.length;
    for (let i = 0; i < v; i++) shop.viewProduct(`v${i}`, 10);
    for (let i = 0; i < a; i++) shop.addToCart(`a${i}`, p);
    return shop.fired.slice(from).map((f) => f.name);
  }, [views, adds, price] as const);
}

const readValues = (page: Page) => page.evaluate(() => (window as unknown as ShopWindow).shop.attributes());

/** Warnings about records left out. */
const leftOut = (report: PageReport) => report.consoleWarnings.filter((w) => /could not be read/.test(w));

/** The stored count of adds to cart (null before a flush). */
async function storedAdds(page: Page): Promise<unknown> {
  const ids = ((await readDatabase(page, 'sp', 'ids')) ?? []) as { attributes: Record<string, { a?: unknown }> }[];
  return ids[0]?.attributes['ecom_attributes_v1:count_add_to_cart']?.a ?? null;
}

/**
 * One session: 4 views and 3 adds of $30 (discount, cart_abandonment, busy_hour, three_adds fire), stored;
 * then another tab of the origin rewrites the records with `edit`. Returns the values before the rewrite.
 */
async function seedThenRewrite(context: BrowserContext, edit: Parameters<typeof rewriteRecords>[2]): Promise<Record<string, unknown>> {
  const { page } = await openShop(context);
  expect((await track(page, 4, 3, 30)).sort()).toEqual(['busy_hour', 'cart_abandonment', 'discount', 'three_adds']);
  await expect.poll(async () => (await readDatabase(page, 'sp', 'ledger'))?.length).toBe(4);
  await expect.poll(() => storedAdds(page)).toBe(3);
  const before = await readValues(page);
  await page.close();
  const other = await context.newPage();
  await other.goto(`${env.server.origin}/fixtures/reliability-blank.html`);
  await rewriteRecords(other, 'sp', edit);
  await other.close();
  return before;
}

describe('corrupted records in IndexedDB, new shapes', () => {
  it('unknown extra fields are kept; ledger entries of the wrong type and numbers stored as strings are left out, repaired and warned about once', async () => {
    const context = await env.browser.newContext();
    const before = await seedThenRewrite(context, (records: RawRecords) => {
      const user = records.ids[0] as { attributes: Record<string, { a: unknown; u: unknown }> };
      const attributes = user.attributes;
      const views = attributes['ecom_attributes_v1:count_product_views']!;
      const adds = attributes['ecom_attributes_v1:count_add_to_cart']!;
      const first = attributes['clock_v1:first_seen']! as { a: { t: number }; u: number };
      const put: { store: 'ids' | 'ledger' | 'meta'; value: unknown }[] = [{
        store: 'ids',
        value: {
          ...user,
          extra_field: { from: 'v9' },
          attributes: {
            ...attributes,
            'ecom_attributes_v1:count_product_views': { ...views, z: 'future' },
            'ecom_attributes_v1:count_add_to_cart': { a: String(adds.a), u: adds.u },
            'clock_v1:first_seen': { a: { ...first.a, t: String(first.a.t) }, u: first.u },
          },
        },
      }];
      for (const entry of records.ledger as { k: string; e: string; t: number }[]) {
        const name = entry.k.split('\u0000')[0];
        if (name === 'discount') put.push({ store: 'ledger', value: { ...entry, note: 'v9' } });
        if (name === 'cart_abandonment') put.push({ store: 'ledger', value: { k: entry.k, e: ['x'], t: {} } });
        if (name === 'busy_hour') put.push({ store: 'ledger', value: { ...entry, t: String(entry.t) } });
      }
      put.push({ store: 'ledger', value: { k: 42, e: 'x', t: 1 } });
      for (const meta of records.meta as { name: string; value: unknown }[]) {
        if (meta.name === 'seq') put.push({ store: 'meta', value: { ...meta, extra: true } });
        if (meta.name === 'recent') put.push({ store: 'meta', value: { name: 'recent', value: (meta.value as string[]).join(',') } });
      }
      return { put };
    });

    const { page, report } = await openShop(context);
    // Left out: the two states with a number as a string (they start over); kept: everything else.
    const restored = await readValues(page);
    expect(restored.since_last_add).toBeGreaterThanOrEqual(before.since_last_add as number);
    expect({ ...restored, since_last_add: null }).toEqual({ ...before, count_add_to_cart: 0, first_seen: null, since_last_add: null });
    const warnings = leftOut(report);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/signals-edge: 6 part\(s\) of the stored state could not be read/);
    // The page goes on: the discount crossing is intact (no second banner); the damaged count crosses
    // again from 0, consistently with its value; the rest counts on.
    expect(await track(page, 1, 1, 20)).toEqual(['cart_abandonment', 'free_shipping']);
    const after = await readValues(page);
    expect(after).toMatchObject({ count_product_views: 5, count_add_to_cart: 1, total_cart_value: 110, adds: 4, adds_1h: 4 });
    expect(after.first_seen).toEqual(after.last_seen);
    await expect.poll(() => storedAdds(page)).toBe(1);

    // Repaired in the database: the next load reads the same values and warns about nothing.
    const ledger = ((await readDatabase(page, 'sp', 'ledger')) ?? []) as { k: unknown }[];
    // (busy_hour's damaged entry is gone: its window did not cross again; cart_abandonment's is the new crossing's.)
    expect(ledger.map((r) => (typeof r.k === 'string' ? r.k.split('\u0000')[0] : r.k)).sort())
      .toEqual(['cart_abandonment', 'discount', 'free_shipping', 'three_adds']);
    await page.close();
    const reopened = await openShop(context);
    expect({ ...(await readValues(reopened.page)), since_last_add: null }).toEqual({ ...after, since_last_add: null });
    expect(leftOut(reopened.report)).toEqual([]);
    expect(await track(reopened.page, 0, 1, 1)).toEqual([]);
    for (const r of [report, reopened.report]) expect(r.pageErrors).toEqual([]);
    await context.close();
  });

  it('attribute states another aggregation or period left start over, one warning; the rest is kept and the page goes on', async () => {
    const context = await env.browser.newContext();
    const before = await seedThenRewrite(context, (records: RawRecords) => {
      const user = records.ids[0] as { attributes: Record<string, { a: unknown; u: number }> };
      const u = user.attributes['clock_v1:adds']!.u;
      return {
        put: [{
          store: 'ids',
          value: {
            ...user,
            attributes: {
              ...user.attributes,
              // A counter's state where a sum's is expected, a lifetime state for a window and the other way
              // round, a sum's state for a `last`.
              'ecom_attributes_v1:total_cart_value': { a: 7, u },
              'clock_v1:adds_1h': { a: 3, u },
              'clock_v1:adds': { t: [u], q: [1], v: [null], b: [] },
              'clock_v1:last_seen': { a: { s: 1, n: 1 }, u },
            },
          },
        }],
      };
    });

    const { page, report } = await openShop(context);
    const restored = await page.evaluate(() => (window as unknown as ShopWindow).shop.attributes().then((v) => v, (e: Error) => `rejected: ${e.message}`));
    expect(typeof restored === 'object' ? { ...restored, since_last_add: null } : restored).toEqual({
      ...before, total_cart_value: null, adds_1h: 0, adds: 0, last_seen: null, since_last_add: null,
    });
    expect(report.consoleWarnings.filter((w) => /signals-edge/.test(w))).toHaveLength(1);
    // Tracking goes on, each attribute from where it was or from its start.
    expect(await track(page, 0, 1, 20)).toEqual([]);
    expect(await readValues(page)).toMatchObject({ count_add_to_cart: 4, total_cart_value: 20, adds: 1, adds_1h: 1 });
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
