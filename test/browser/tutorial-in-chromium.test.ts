// The engine in real Chromium, fed by the real @snowplow/browser-tracker and ecommerce plugin (npm
// imports): every payload the tracker hands to afterTrack goes through the event view and the engine,
// and the tutorial's values and interventions come out as Signals would compute them.
import {
  SnowplowEcommercePlugin, trackAddToCart, trackProductView,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import { loadDefinitions } from '../../src/definitions/parse-definitions.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import { fromTrackerPayload } from '../../src/event/from-tracker-payload.js';

const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' });

for (const [label, config] of [
  ['POST (plain co / ue_pr)', { eventMethod: 'post' }],
  ['GET with base64 (cx / ue_px)', { eventMethod: 'get', encodeBase64: true }],
] as const) {
  it(`computes the tutorial from real tracker payloads: ${label}`, () => {
    const engine = createEngine(loadDefinitions(tutorial));
    const fired: FiredIntervention[] = [];
    const seen: string[] = [];
    const namespace = `sp${label.length}`;
    newTracker(namespace, 'http://127.0.0.1:9/collector', {
      appId: 'edge-test',
      bufferSize: 1000,
      ...config,
      plugins: [
        SnowplowEcommercePlugin(),
        {
          afterTrack: (payload) => {
            const event = fromTrackerPayload(structuredClone(payload) as Record<string, unknown>);
            seen.push(String(event.atomic.event_name));
            fired.push(...engine.process(event).fired);
          },
        },
      ],
    });
    const names = () => fired.map((f) => f.name);
    trackPageView({}, [namespace]);
    for (const id of ['a', 'b', 'c']) trackProductView(product(id, 10), [namespace]);
    expect(names()).toEqual([]);
    trackProductView(product('d', 10), [namespace]);
    expect(names()).toEqual(['discount']);
    trackAddToCart({ products: [product('e', 60)], total_value: 60, currency: 'USD' }, [namespace]);
    expect(names()).toEqual(['discount', 'cart_abandonment']);
    trackAddToCart({ products: [product('f', 45.5), product('g', 1000)], total_value: 1045.5, currency: 'USD' }, [namespace]);
    expect(names()).toEqual(['discount', 'cart_abandonment', 'free_shipping']);

    expect(seen).toEqual(['page_view', ...Array(6).fill('snowplow_ecommerce_action')]);
    const ids = [...engine.ids()];
    expect(ids).toHaveLength(1);
    const { key, id } = ids[0]!;
    expect(key).toBe('domain_userid');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(engine.read(key, id, Date.now() + 1000)).toEqual({
      'ecom_attributes_v1:count_product_views': 4,
      'ecom_attributes_v1:count_add_to_cart': 2,
      // Only the first product entity of each add_to_cart counts (index 0).
      'ecom_attributes_v1:total_cart_value': 105.5,
    });
    for (const f of fired) {
      expect(f.target_attribute_key).toEqual({ name: 'domain_userid', id });
      expect(f.intervention_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(fired[2]!.attributes).toEqual({ total_cart_value: '105.5' });
  });
}
