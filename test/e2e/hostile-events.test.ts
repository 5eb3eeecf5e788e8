// Issue 3 acceptance, hostile event data through the script-tag storefront: `__proto__` and other
// prototype keys, 200 KB strings, prices that are not numbers, deep nesting, a thousand entities.
// The page keeps working, the values stay right, nothing is polluted, nothing huge is stored.
import { expect, it } from 'vitest';
import { addToCart, openStorefront, readAttributes, readDatabase, readFired, type ShopWindow } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

it('hostile event data neither breaks the page nor the values, and pollutes nothing', async () => {
  const context = await env.browser.newContext();
  const { page, report } = await openStorefront(context, env.server.origin);

  const tracked = await page.evaluate(() => {
    const w = window as unknown as ShopWindow & { prototypeKeys: string[] };
    w.prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    const ACTION = 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2';
    const PRODUCT = 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0';
    const huge = 'x'.repeat(200_000);
    const track = (action: unknown, products: unknown[]) => w.snowplowBrowserTracking.trackSelfDescribingEvent({
      event: { schema: ACTION, data: action },
      context: products.map((data) => ({ schema: PRODUCT, data })),
    });
    let adds = 0;
    // `__proto__` as an own key (JSON.parse makes it one), in the event and in the entity.
    track(JSON.parse('{"type":"add_to_cart","__proto__":{"polluted":"event","type":"product_view"}}'),
      [JSON.parse('{"id":"p1","price":7,"currency":"USD","__proto__":{"price":1000,"polluted":"entity"}}')]);
    adds++;
    // Other prototype names as keys.
    track({ type: 'add_to_cart', constructor: { prototype: { polluted: 'ctor' } }, hasOwnProperty: 1, toString: 'x' },
      [{ id: 'p2', price: 0.5, currency: 'USD', constructor: 'x', valueOf: 3 }]);
    adds++;
    // 200 KB strings everywhere.
    track({ type: 'add_to_cart', name: huge }, [{ id: huge, name: huge, category: huge, brand: huge, price: 3, currency: 'USD' }]);
    adds++;
    // Prices that are not JSON numbers are ignored by the sum (signals-model §14 item 26).
    for (const price of ['12', 'not a number', null, {}, [], true, Number.NaN, Number.POSITIVE_INFINITY, '1e3']) {
      track({ type: 'add_to_cart' }, [{ id: 'p3', price, currency: 'USD' }]);
      adds++;
    }
    // The action type itself not a string: not a product view, not an add to cart.
    track({ type: { toString: 'product_view' } }, [{ id: 'p4', price: 1, currency: 'USD' }]);
    track({ type: ['add_to_cart'] }, [{ id: 'p4', price: 1, currency: 'USD' }]);
    // Deeply nested entity data, and a thousand entities (the sum reads the first).
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 2000; i++) deep = { d: deep };
    track({ type: 'add_to_cart' }, [{ id: 'p5', price: 2, currency: 'USD', deep }, ...Array.from({ length: 999 }, (_, i) => ({ id: `q${i}`, price: 1000, currency: 'USD' }))]);
    adds++;
    return { adds, pollutedAfterTracking: ({} as Record<string, unknown>).polluted ?? null };
  });
  expect(tracked.pollutedAfterTracking).toBeNull();

  const hostileSum = 7 + 0.5 + 3 + 2;
  expect(await readFired(page)).toEqual(['cart_abandonment']);
  expect(await readAttributes(page)).toEqual({ count_product_views: 0, count_add_to_cart: tracked.adds, total_cart_value: hostileSum });
  // The page keeps working: an ordinary add to cart passes $100 and fires free_shipping once.
  expect(await addToCart(page, 'ok', 90)).toEqual(['cart_abandonment', 'free_shipping']);
  const values = { count_product_views: 0, count_add_to_cart: tracked.adds + 1, total_cart_value: hostileSum + 90 };
  expect(await readAttributes(page)).toEqual(values);

  const pollution = await page.evaluate(() => {
    const w = window as unknown as ShopWindow & { prototypeKeys: string[] };
    const probe = {} as Record<string, unknown>;
    return {
      polluted: probe.polluted ?? null,
      price: probe.price ?? null,
      type: probe.type ?? null,
      addedKeys: Object.getOwnPropertyNames(Object.prototype).filter((k) => !w.prototypeKeys.includes(k)),
      arrayPolluted: ([] as unknown as Record<string, unknown>).polluted ?? null,
      firedAttributesProto: w.shop.fired.map((f) => Object.getPrototypeOf(f.attributes) === Object.prototype || Object.getPrototypeOf(f.attributes) === null),
    };
  });
  expect(pollution).toEqual({ polluted: null, price: null, type: null, addedKeys: [], arrayPolluted: null, firedAttributesProto: [true, true] });

  // Nothing huge is stored, and a reload restores the same values without firing again.
  await page.waitForTimeout(150);
  const stored = await readDatabase(page, 'sp', 'ids');
  expect(JSON.stringify(stored).length).toBeLessThan(5000);
  await page.reload();
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  expect(await readAttributes(page)).toEqual(values);
  expect(await readFired(page)).toEqual([]);
  expect(report.pageErrors).toEqual([]);
  await context.close();
});
