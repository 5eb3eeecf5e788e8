// The storefront as a site without a bundler would set it up: script-tag.html loads the tracker's UMD
// build (window.snowplowBrowserTracking), the ecommerce plugin's (window.snowplowEcommerceAccelerator)
// and dist/signals-edge.full.iife.js (window.snowplowSignalsEdge: the core with the stream and explain parts) with plain <script> tags; this module
// only uses those globals, and the storefront UI shared with the npm page.
import type * as Ecommerce from '@snowplow/browser-plugin-snowplow-ecommerce';
import type * as Tracking from '@snowplow/browser-tracker';
import type * as SignalsEdge from '../../src/browser-full.js';
import { createStorefront } from './create-storefront.js';
import { toEcommerceProduct } from './products.js';
import { readDemoConfig } from './read-demo-config.js';
import './styles.css';

declare global {
  interface Window {
    snowplowBrowserTracking: typeof Tracking;
    snowplowEcommerceAccelerator: typeof Ecommerce;
    snowplowSignalsEdge: typeof SignalsEdge;
  }
}

const tracking = window.snowplowBrowserTracking;
const ecommerce = window.snowplowEcommerceAccelerator;
const edge = window.snowplowSignalsEdge;
const config = readDemoConfig();

tracking.newTracker('sp', config.signalsUrl, {
  appId: 'signals-edge-demo',
  eventMethod: 'post',
  plugins: [
    ecommerce.SnowplowEcommercePlugin(),
    edge.SignalsEdgePlugin({
      plan: { url: './tutorial-plan.json' },
      signals: { endpoint: config.signalsUrl, service: 'ecom_attributes', refreshIntervalMs: config.refreshIntervalMs },
    }),
  ],
});
edge.subscribeToInterventions({ endpoint: config.signalsUrl });
// Events tracked offline wait in the tracker's queue; send them as soon as the page is back online.
addEventListener('online', () => tracking.flushBuffer());

createStorefront({
  root: document.getElementById('app')!,
  setup: 'script tag',
  edge,
  trackProductView: (product) => ecommerce.trackProductView(toEcommerceProduct(product)),
  trackAddToCart: (product, cartTotal) => ecommerce.trackAddToCart({
    products: [toEcommerceProduct(product, 1)], total_value: cartTotal, currency: 'USD',
  }),
  forgetUser: () => tracking.clearUserData(),
});

tracking.trackPageView();
