// The script-tag bundle in real Chromium: loading dist/signals-edge.iife.js with a plain <script> sets
// window.snowplowSignalsEdge, and the engine inside it computes the tutorial from a real payload shape.
import { expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';

interface EdgeGlobal {
  loadDefinitions: (input: unknown) => unknown;
  createEngine: (definitions: unknown) => {
    process: (event: unknown) => { fired: { name: string }[] };
    read: (key: string, id: string, now: number) => Record<string, unknown> | null;
  };
  fromTrackerPayload: (payload: Record<string, unknown>) => unknown;
}

it('sets window.snowplowSignalsEdge from a plain script tag', async () => {
  const script = document.createElement('script');
  script.src = '/dist/signals-edge.iife.js';
  await new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error('dist/signals-edge.iife.js did not load: run npm run build'));
    document.head.append(script);
  });
  const edge = (window as unknown as { snowplowSignalsEdge: EdgeGlobal }).snowplowSignalsEdge;
  expect(typeof edge).toBe('object');
  const engine = edge.createEngine(edge.loadDefinitions(tutorial));
  const addToCart = (eid: string, price: number) => ({
    e: 'ue', eid, dtm: String(Date.UTC(2026, 0, 1)), duid: 'user-1', url: 'https://shop.example/p', p: 'web', tv: 'js-4.10.1',
    ue_pr: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: 'add_to_cart' } },
    }),
    co: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
      data: [{ schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: 'x', price, currency: 'USD', category: 'c' } }],
    }),
  });
  expect(engine.process(edge.fromTrackerPayload(addToCart('e1', 70))).fired.map((f) => f.name)).toEqual(['cart_abandonment']);
  expect(engine.process(edge.fromTrackerPayload(addToCart('e2', 31))).fired.map((f) => f.name)).toEqual(['free_shipping']);
  expect(engine.read('domain_userid', 'user-1', Date.UTC(2026, 0, 2))).toEqual({
    'ecom_attributes_v1:count_product_views': 0,
    'ecom_attributes_v1:count_add_to_cart': 2,
    'ecom_attributes_v1:total_cart_value': 101,
  });
});
