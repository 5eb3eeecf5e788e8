// Issue 3 acceptance, script-tag storefront: the Snowplow UMD builds + dist/signals-edge.iife.js +
// examples/tutorial-definitions.json in real Chromium. Offline from the first event, the tutorial's
// three interventions fire on the right event, once each; the values survive a reload in IndexedDB and
// nothing fires again; handlers are isolated and the official measurement events reach the collector.
import { describe, expect, it } from 'vitest';
import {
  addToCart, openStorefront, readAttributes, readDatabase, readFired, readSelfDescribing, viewProduct,
  type ShopWindow,
} from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

const SIGNALS = 'iglu:com.snowplowanalytics.signals/';

describe('script-tag storefront in Chromium', () => {
  it('fires the tutorial interventions offline, once each, and keeps the values across a reload', async () => {
    const context = await env.browser.newContext();
    const { page, report } = await openStorefront(context, env.server.origin);
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // discount on the 4th product view, inside track(): the handler ran before track() returned.
    expect(await viewProduct(page, 'a')).toEqual([]);
    expect(await viewProduct(page, 'b')).toEqual([]);
    expect(await viewProduct(page, 'c')).toEqual([]);
    expect(await viewProduct(page, 'd')).toEqual(['discount']);
    // cart_abandonment on the first add to cart, free_shipping once the cart passes $100.
    expect(await addToCart(page, 'e', 60)).toEqual(['discount', 'cart_abandonment']);
    expect(await addToCart(page, 'f', 40)).toEqual(['discount', 'cart_abandonment']);
    expect(await addToCart(page, 'g', 5.5)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    // Never again while the rules stay true.
    expect(await viewProduct(page, 'h')).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    expect(await addToCart(page, 'i', 1)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);

    const before = { count_product_views: 5, count_add_to_cart: 4, total_cart_value: 106.5 };
    expect(await readAttributes(page)).toEqual(before);
    const fired = await page.evaluate(() => (window as unknown as ShopWindow).shop.fired);
    expect(fired.map((f) => f.source)).toEqual(['edge', 'edge', 'edge']);
    expect(fired[2]).toMatchObject({ name: 'free_shipping', attributes: { total_cart_value: '105.5' }, target: { name: 'domain_userid' } });
    expect(fired[2]!.target.id).toMatch(/^[0-9a-f-]{36}$/);
    for (const name of ['discount', 'cart_abandonment', 'free_shipping']) {
      expect(await page.locator(`[data-testid=intervention-${name}]`).count()).toBe(1);
    }
    await expect.poll(() => page.locator('[data-attribute=total_cart_value]').textContent()).toBe('106.5');

    // Written behind to IndexedDB: the three attributes of this user and the three crossings.
    await expect.poll(async () => (await readDatabase(page, 'sp', 'ledger'))?.length).toBe(3);
    const ids = (await readDatabase(page, 'sp', 'ids')) as { key: string; id: string; attributes: object }[];
    expect(ids.map((r) => [r.key, r.id])).toEqual([['domain_userid', fired[0]!.target.id]]);
    expect(Object.keys(ids[0]!.attributes).sort()).toEqual([
      'ecom_attributes_v1:count_add_to_cart', 'ecom_attributes_v1:count_product_views', 'ecom_attributes_v1:total_cart_value',
    ]);
    expect(await report.violations()).toEqual([]);

    // Reload (the page needs the network to load; events go offline again right after).
    await context.setOffline(false);
    await page.reload();
    await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    await context.setOffline(true);
    expect(await readAttributes(page)).toEqual(before);
    expect(await readFired(page)).toEqual([]);
    expect(await viewProduct(page, 'j')).toEqual([]);
    expect(await addToCart(page, 'k', 50)).toEqual([]);
    expect(await readAttributes(page)).toEqual({ count_product_views: 6, count_add_to_cart: 5, total_cart_value: 156.5 });
    expect(await page.locator('[data-testid^=intervention-]').count()).toBe(0);

    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps an event tracked as the page is left (pagehide), and does not fire its crossing again after the reload', async () => {
    const context = await env.browser.newContext();
    // The page's own pagehide listener, registered before the tracker (as a site's exit tracking
    // would be), tracks an add to cart of $120 while the first page is left; the runtime's pagehide
    // flush must write it (design decision 7: "flushed on pagehide").
    await context.addInitScript(() => {
      if (sessionStorage.getItem('left') !== null) return;
      addEventListener('pagehide', () => {
        sessionStorage.setItem('left', 'yes');
        (window as unknown as ShopWindow).shop.addToCart('on-leave', 120);
      });
    });
    const { page, report } = await openStorefront(context, env.server.origin);
    expect(await addToCart(page, 'a', 5)).toEqual(['cart_abandonment']);
    await page.waitForTimeout(150);
    await page.reload();
    await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    expect(await page.evaluate(() => sessionStorage.getItem('left'))).toBe('yes');
    expect(await readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 125 });
    // free_shipping crossed on the way out; it must not cross again here.
    expect(await addToCart(page, 'b', 1)).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('isolates a throwing handler and tracks the official measurement events', async () => {
    const context = await env.browser.newContext();
    const { page, report } = await openStorefront(context, env.server.origin, '?ns=measure');
    await page.evaluate(() => {
      const w = window as unknown as ShopWindow & { order: string[] };
      w.order = [];
      w.snowplowSignalsEdge.addInterventionHandlers({
        first: (i) => { w.order.push(`first:${i.name}`); },
        broken: () => { throw new Error('boom'); },
        last: (i) => { w.order.push(`last:${i.name}`); },
      });
    });
    expect(await addToCart(page, 'x', 5)).toEqual(['cart_abandonment']);
    expect(await page.evaluate(() => (window as unknown as { order: string[] }).order)).toEqual([
      'first:cart_abandonment', 'last:cart_abandonment',
    ]);

    const measurement = async () => readSelfDescribing(env.server.payloads().filter((p) => p.tna === 'measure'))
      .filter((e) => e.schema.startsWith(SIGNALS));
    await expect.poll(async () => (await measurement()).length, { timeout: 5000 }).toBe(5);
    const events = await measurement();
    expect(events.map((e) => [e.schema.replace(SIGNALS, ''), e.data])).toEqual([
      ['intervention_receive/jsonschema/1-0-0', { handlers: ['banner', 'first', 'broken', 'last'] }],
      ['intervention_handle/jsonschema/1-0-0', { handler: 'banner' }],
      ['intervention_handle/jsonschema/1-0-0', { handler: 'first' }],
      ['intervention_handle_error/jsonschema/1-0-0', { handler: 'broken', error: 'Error: boom' }],
      ['intervention_handle/jsonschema/1-0-0', { handler: 'last' }],
    ]);
    const firedId = (await page.evaluate(() => (window as unknown as ShopWindow).shop.fired[0]!.id));
    for (const event of events) {
      const instance = event.entities.filter((c) => c.schema === `${SIGNALS}intervention_instance/jsonschema/1-0-0`);
      expect(instance).toHaveLength(1);
      expect(instance[0]!.data).toMatchObject({
        intervention_id: firedId, name: 'cart_abandonment', version: 1,
        attributeKey: { name: 'domain_userid' },
        attributes: [{ attribute: 'ecom_attributes:count_add_to_cart', value: '1' }],
      });
    }
    // Our own measurement events do not feed back into the attributes.
    expect(await readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 5 });
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
