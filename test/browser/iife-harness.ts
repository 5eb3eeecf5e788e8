// Shared by the script-tag bundle tests (one file per build: each test file has its own page, and both
// builds set the same global): load a built IIFE with a plain <script>, and run the tutorial through it
// on a tracker built from another copy of the tracker core (as on a page with the UMD builds).
import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';
import { expect } from 'vitest';

export interface EdgeGlobal {
  SignalsEdgePlugin: (config: object) => BrowserPlugin;
  addInterventionHandlers: (handlers: Record<string, (i: { name: string; source: string }) => void>, trackers?: string[]) => void;
  getAttributes: (selection?: object, trackers?: string[]) => Promise<Record<string, unknown>>;
  whenReady: (options?: object, trackers?: string[]) => Promise<void>;
  clearLocalState: (options?: object, trackers?: string[]) => Promise<void>;
}

/** Loads `/dist/<file>` and returns window.snowplowSignalsEdge. */
export async function loadBundle(file: string): Promise<EdgeGlobal> {
  const script = document.createElement('script');
  script.src = `/dist/${file}`;
  await new Promise((resolve, reject) => {
    script.onload = resolve;
    script.onerror = () => reject(new Error(`dist/${file} did not load: run npm run build`));
    document.head.append(script);
  });
  return (window as unknown as { snowplowSignalsEdge: EdgeGlobal }).snowplowSignalsEdge;
}

/** Each property of the global: a function's declared parameter count, else its type. */
export function describeShape(edge: EdgeGlobal): Record<string, number | string> {
  expect(Object.getPrototypeOf(edge)).toBe(Object.prototype);
  return Object.fromEntries(Object.entries(edge).map(([k, v]) => [k, typeof v === 'function' ? v.length : typeof v]));
}

/** Two adds to cart through a tracker whose plugin is `edge.SignalsEdgePlugin(config)`: the tutorial's rules fire. */
export async function runTutorial(edge: EdgeGlobal, config: object, trackerId: string): Promise<void> {
  const trackers = [trackerId];
  newTracker(trackerId, 'http://127.0.0.1:9/collector', { appId: 'iife-test', bufferSize: 1000, plugins: [edge.SignalsEdgePlugin({ ...config, storage: 'memory' })] });
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
}
