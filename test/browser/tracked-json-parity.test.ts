// In real Chromium with the real @snowplow/browser-tracker and ecommerce plugin: every event type the
// tutorial and the ecommerce plugin produce gives the same atomic event from the payload builder's
// objects (what the plugin's afterTrack reads) as from the payload's text (what replay reads), with
// base64 on and off, with and without the session entity and the web_page context, with a filter
// plugin, and at a session's first event. It also checks the objects were used wherever the capture can
// trust them, and the text read where it cannot.
import {
  SnowplowEcommercePlugin, setEcommerceUser, setPageType, trackAddToCart, trackCheckoutStep, trackProductListClick,
  trackProductListView, trackProductView, trackPromotionClick, trackPromotionView, trackRefund, trackRemoveFromCart,
  trackTransaction, trackTransactionError,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import {
  clearUserData, newTracker, trackPageView, trackSelfDescribingEvent, trackStructEvent, type BrowserPlugin,
} from '@snowplow/browser-tracker';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrackedJsonProbe, firstDifference, type ProbeRecord } from '../fixtures/tracked-json-probe.js';

const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD', brand: 'Acme', position: 1 });
const transaction = { transaction_id: 't1', revenue: 45, currency: 'USD', payment_method: 'card', total_quantity: 2, tax: 3, shipping: 4 };
const promotion = { id: 'promo', name: 'Winter', creative_id: 'c1', type: 'banner', position: 1, slot: 's', product_ids: ['a', 'b'] };

/** Every event the tutorial's storefront and the ecommerce plugin track (and an odd self-describing one). */
function trackEverything(t: string[]): string[] {
  setPageType({ type: 'product', language: 'en', locale: 'en-GB' }, t);
  setEcommerceUser({ id: 'u1', is_guest: false, email: 'a@example.com' }, t);
  trackPageView({ title: 'Shop' }, t);
  trackProductView(product('a', 10), t);
  trackProductListView({ name: 'catalog', products: [product('a', 10), product('b', 20)] }, t);
  trackProductListClick({ name: 'catalog', product: product('b', 20) }, t);
  trackPromotionView(promotion, t);
  trackPromotionClick(promotion, t);
  trackAddToCart({ products: [product('a', 10)], total_value: 10, currency: 'USD', cart_id: 'c' }, t);
  trackRemoveFromCart({ products: [product('a', 10)], total_value: 0, currency: 'USD' }, t);
  trackCheckoutStep({ step: 1, shipping_postcode: 'N1', delivery_method: 'post', marketing_opt_in: true }, t);
  trackTransaction({ ...transaction, products: [product('a', 10), product('b', 35)] }, t);
  trackRefund({ transaction_id: 't1', currency: 'USD', refund_amount: 10, refund_reason: null, products: [product('a', 10)] }, t);
  trackTransactionError({ error_code: 'E1', error_type: 'hard', transaction }, t);
  trackStructEvent({ category: 'ui', action: 'click', label: 'buy', value: 1 }, t);
  trackSelfDescribingEvent({
    event: { schema: 'iglu:com.acme/odd/jsonschema/1-0-0', data: { when: new Date(0), n: NaN, gone: undefined, list: [undefined, 'é😀'] } },
    context: [{ schema: 'iglu:com.acme/extra/jsonschema/1-0-0', data: { x: [1, { y: null }] } }],
  }, t);
  // Hostile data: `__proto__` and other prototype names as own keys, nesting too deep to copy (the text
  // is read), a thousand entities.
  let deep: Record<string, unknown> = { end: true };
  for (let i = 0; i < 2000; i++) deep = { d: deep };
  trackSelfDescribingEvent({
    event: { schema: 'iglu:com.acme/odd/jsonschema/1-0-0', data: JSON.parse('{"type":"x","__proto__":{"polluted":1}}') },
    context: [
      { schema: 'iglu:com.acme/extra/jsonschema/1-0-0', data: { constructor: { prototype: { p: 1 } }, toString: 'x', deep } },
      ...Array.from({ length: 1000 }, (_, i) => ({ schema: 'iglu:com.acme/many/jsonschema/1-0-0', data: { i } })),
    ],
  }, t);
  return ['page_view', ...Array(11).fill('snowplow_ecommerce_action'), 'event', 'odd', 'odd'];
}

let trackers = 0;

function runSetup(config: Record<string, unknown>, extra: BrowserPlugin[] = []) {
  const probe = createTrackedJsonProbe();
  const namespace = `parity${++trackers}`;
  newTracker(namespace, 'http://127.0.0.1:9/collector', {
    appId: 'parity', bufferSize: 1000, synchronousCookieWrite: true, ...config,
    plugins: [SnowplowEcommercePlugin(), probe.plugin, ...extra],
  });
  const expected = trackEverything([namespace]);
  return { records: probe.records, expected };
}

/** Only entities the tracker added itself (no `cx` entry to merge them into): the text is read. */
const entitiesOnly = (r: ProbeRecord) => r.fromText.contexts.every((c) => c.name === 'client_session') && r.fromText.contexts.length > 0;

describe('the tracked objects and the payload text give the same atomic event', () => {
  // Every setup below tracks inside a session that has begun (see the last test for its first event).
  // Cookies are written at once: the tracker's default writes them on a 10 ms timer and trusts its own
  // copy for only 50 ms, so a test that starts while that timer is starved finds no id cookie, begins a
  // new session, and its first event is built early (rightly read from the text, but not what the
  // setups below assert).
  beforeAll(() => {
    newTracker('warm-up', 'http://127.0.0.1:9/collector', { bufferSize: 1000, synchronousCookieWrite: true });
    trackPageView({}, ['warm-up']);
  });

  for (const [label, config] of [
    ['POST, plain co / ue_pr', { eventMethod: 'post' }],
    ['GET, base64 cx / ue_px', { eventMethod: 'get', encodeBase64: true }],
    ['the session entity on', { contexts: { session: true } }],
    ['the web_page context off', { contexts: { webPage: false } }],
    ['web_page off and the session entity on (entities alone are read from the text)', { contexts: { webPage: false, session: true } }],
    ['a filter plugin present (it builds the payload before the tracker sends it)', { contexts: { session: true }, filter: true }],
  ] as const) {
    it(label, () => {
      const { filter, ...trackerConfig } = config as { filter?: boolean; contexts?: unknown };
      const { records, expected } = runSetup(trackerConfig, filter === true ? [{ filter: () => true }] : []);
      expect(records.map((r) => r.event)).toEqual(expected);
      for (const r of records) {
        expect(firstDifference(r.fromTracked, r.fromText), r.event).toBeNull();
        expect(r.fromObjects, r.event).toBe(!entitiesOnly(r));
      }
      const names = records[1]!.fromTracked.contexts.map((c) => c.name);
      expect(names.includes('product') && names.includes('page')).toBe(true);
      if ('contexts' in config && config.contexts.session) expect(names.at(-1)).toBe('client_session');
    });
  }

  it("a session's first event (the tracker builds it early to note its id): the text is read, the same event", () => {
    clearUserData();
    const { records, expected } = runSetup({ contexts: { session: true } });
    expect(records.map((r) => r.event)).toEqual(expected);
    for (const r of records) expect(firstDifference(r.fromTracked, r.fromText), r.event).toBeNull();
    expect(records.map((r) => r.fromObjects)).toEqual(expected.map((_, i) => i > 0));
  });
});
