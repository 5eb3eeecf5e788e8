// The plugin through the npm entry (the core, running the tutorial's plan) in real Chromium, with the real @snowplow/browser-tracker and
// ecommerce plugin: interventions fire inside track(), values are read back, state lands in IndexedDB.
import {
  SnowplowEcommercePlugin, trackAddToCart, trackProductView,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import { newTracker, trackPageView, trackSelfDescribingEvent } from '@snowplow/browser-tracker';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import {
  SignalsEdgePlugin, addInterventionHandlers, clearLocalState, compileBundle, getAttributes, removeInterventionHandlers,
  whenReady, type DeliveredIntervention,
} from '../../src/index.js';

// The tutorial as `signals-edge compile` writes it: the core plugin runs plans.
const compiled = await compileBundle(tutorial);
if (!compiled.ok) throw new Error('the tutorial must compile');
const plan = compiled.plan;

const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' });
let counter = 0;

function startTracker(options: { measurement?: boolean } = {}) {
  const namespace = `npm${++counter}`;
  const captured: Record<string, unknown>[] = [];
  newTracker(namespace, 'http://127.0.0.1:9/collector', {
    appId: 'edge-test',
    bufferSize: 1000,
    plugins: [
      SnowplowEcommercePlugin(),
      SignalsEdgePlugin({ plan, trackMeasurementEvents: options.measurement ?? true }),
      { afterTrack: (p) => captured.push(structuredClone(p) as Record<string, unknown>) },
    ],
  });
  return { namespace, captured, trackers: [namespace] };
}

describe('SignalsEdgePlugin (npm import, real tracker)', () => {
  it('fires each tutorial intervention inside track(), once, and reads the values back', async () => {
    const { namespace, captured, trackers } = startTracker();
    const received: DeliveredIntervention[] = [];
    addInterventionHandlers({ collect: (i: DeliveredIntervention) => { received.push(i); } }, trackers);
    await whenReady({ timeoutMs: 5000 }, trackers);
    const names = () => received.map((i) => i.name);

    trackPageView({}, trackers);
    for (const id of ['a', 'b', 'c']) trackProductView(product(id, 10), trackers);
    expect(names()).toEqual([]);
    trackProductView(product('d', 10), trackers);
    // Synchronous: the handler ran before track() returned.
    expect(names()).toEqual(['discount']);
    trackAddToCart({ products: [product('e', 60)], total_value: 60, currency: 'USD' }, trackers);
    expect(names()).toEqual(['discount', 'cart_abandonment']);
    trackAddToCart({ products: [product('f', 45.5)], total_value: 45.5, currency: 'USD' }, trackers);
    expect(names()).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    trackProductView(product('g', 10), trackers);
    trackAddToCart({ products: [product('h', 1)], total_value: 1, currency: 'USD' }, trackers);
    expect(names()).toEqual(['discount', 'cart_abandonment', 'free_shipping']);

    expect(await getAttributes({}, trackers)).toEqual({ count_product_views: 5, count_add_to_cart: 3, total_cart_value: 106.5 });
    const free = received[2]!;
    expect(free.source).toBe('edge');
    expect(free.target_attribute_key.name).toBe('domain_userid');
    expect(free.attributes).toEqual({ total_cart_value: '105.5' });

    // Measurement events were tracked through the tracker, and did not feed back into the attributes.
    const schemas = captured.filter((p) => p.e === 'ue').map((p) => JSON.parse(String(p.ue_pr)).data.schema as string);
    expect(schemas.filter((s) => s.includes('intervention_receive'))).toHaveLength(3);
    expect(schemas.filter((s) => s.includes('intervention_handle/'))).toHaveLength(3);

    // The state was written behind to IndexedDB.
    await new Promise((r) => setTimeout(r, 100));
    const db = await openDB(`signals-edge.${namespace}`);
    const stores = [...db.objectStoreNames];
    expect(stores.length).toBeGreaterThan(0);
    db.close();
    removeInterventionHandlers('collect', trackers);
    await clearLocalState({}, trackers);
    expect(await getAttributes({}, trackers)).toEqual({ count_product_views: null, count_add_to_cart: null, total_cart_value: null });
  });

  it('a throwing handler does not stop the others and is reported as intervention_handle_error', async () => {
    const { captured, trackers } = startTracker();
    const order: string[] = [];
    addInterventionHandlers({
      first: () => { order.push('first'); },
      broken: () => { throw new Error('boom'); },
      last: () => { order.push('last'); },
    }, trackers);
    await whenReady({}, trackers);
    trackAddToCart({ products: [product('x', 5)], total_value: 5, currency: 'USD' }, trackers);
    expect(order).toEqual(['first', 'last']);
    const errors = captured.filter((p) => String(p.ue_pr ?? '').includes('intervention_handle_error'));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(String(errors[0]!.ue_pr)).data.data).toEqual({ handler: 'broken', error: 'Error: boom' });
  });

  it('skips hostile events without a page error and keeps the values right', async () => {
    const { trackers } = startTracker({ measurement: false });
    await whenReady({}, trackers);
    const huge = 'x'.repeat(200_000);
    trackSelfDescribingEvent({
      event: { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: 'add_to_cart', __proto__: { polluted: true }, name: huge } },
      context: [{ schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: huge, price: 'not a number', currency: 'USD', category: huge } }],
    }, trackers);
    trackAddToCart({ products: [product('ok', 7)], total_value: 7, currency: 'USD' }, trackers);
    expect(await getAttributes({}, trackers)).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 7 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
