// The script-tag bundle in real Chromium: a plain <script src=dist/signals-edge.iife.js> sets
// window.snowplowSignalsEdge to a plain object of the plugin factory and the API functions (each
// declaring exactly (arg, trackers), as sp.js's command dispatch needs), and its plugin works on a
// tracker built from another copy of the tracker core (as on a page with the UMD builds).
// test/e2e/ drives the same bundle through script-tag and sp.js storefronts.
import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';
import { expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';

interface EdgeGlobal {
  SignalsEdgePlugin: (config: object) => BrowserPlugin;
  addInterventionHandlers: (handlers: Record<string, (i: { name: string; source: string }) => void>, trackers?: string[]) => void;
  getAttributes: (selection?: object, trackers?: string[]) => Promise<Record<string, unknown>>;
  whenReady: (options?: object, trackers?: string[]) => Promise<void>;
  clearLocalState: (options?: object, trackers?: string[]) => Promise<void>;
}

async function loadBundle(): Promise<EdgeGlobal> {
  const script = document.createElement('script');
  script.src = '/dist/signals-edge.iife.js';
  await new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error('dist/signals-edge.iife.js did not load: run npm run build'));
    document.head.append(script);
  });
  return (window as unknown as { snowplowSignalsEdge: EdgeGlobal }).snowplowSignalsEdge;
}

it('sets window.snowplowSignalsEdge = { SignalsEdgePlugin, ...api } and its plugin runs the tutorial', async () => {
  const edge = await loadBundle();
  expect(Object.getPrototypeOf(edge)).toBe(Object.prototype);
  const shape = Object.fromEntries(Object.entries(edge).map(([k, v]) => [k, typeof v === 'function' ? v.length : typeof v]));
  expect(shape).toEqual({
    SignalsEdgePlugin: 1, addInterventionHandlers: 2, clearLocalState: 2, getAttributes: 2,
    explainInterventions: 2, inspectAttributes: 2, onAttributesChange: 2, removeInterventionHandlers: 2,
    subscribeToInterventions: 2, whenReady: 2,
  });

  const trackers = ['iife1'];
  newTracker('iife1', 'http://127.0.0.1:9/collector', { appId: 'iife-test', bufferSize: 1000, plugins: [edge.SignalsEdgePlugin({ definitions: tutorial, storage: 'memory' })] });
  const received: string[] = [];
  edge.addInterventionHandlers({ collect: (i) => { received.push(`${i.name}:${i.source}`); } }, trackers);
  await edge.whenReady({ timeoutMs: 5000 }, trackers);
  const addToCart = (price: number) => trackSelfDescribingEvent({
    event: { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: 'add_to_cart' } },
    context: [{ schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: 'x', price, currency: 'USD', category: 'c' } }],
  }, trackers);
  addToCart(70);
  expect(received).toEqual(['cart_abandonment:edge']);
  addToCart(31);
  expect(received).toEqual(['cart_abandonment:edge', 'free_shipping:edge']);
  expect(await edge.getAttributes({}, trackers)).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 101 });
  await edge.clearLocalState({}, trackers);
  expect(await edge.getAttributes({}, trackers)).toEqual({ count_product_views: null, count_add_to_cart: null, total_cart_value: null });
});
