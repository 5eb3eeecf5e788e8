// The storefront as an npm app: the tracker, the ecommerce plugin and signals-edge are imported as
// modules and bundled by Vite. The tracker sends to the dev server as its collector; the plugin
// reconciles with the dev server's `ecom_attributes` service and subscribes to its interventions stream.
import {
  SnowplowEcommercePlugin, trackAddToCart, trackProductView,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import { clearUserData, flushBuffer, newTracker, trackPageView } from '@snowplow/browser-tracker';
// The package's core and two opt-in parts (what `import … from 'signals-edge'` resolves to), from source.
import { SignalsEdgePlugin, addInterventionHandlers, clearLocalState, onAttributesChange } from 'signals-edge';
import { explainInterventions, inspectAttributes } from 'signals-edge/explain';
import { subscribeToInterventions } from 'signals-edge/stream';
import { createStorefront } from './create-storefront.js';
import { toEcommerceProduct } from './products.js';
import { readDemoConfig } from './read-demo-config.js';
import './styles.css';

const config = readDemoConfig();

newTracker('sp', config.signalsUrl, {
  appId: 'signals-edge-demo',
  eventMethod: 'post',
  plugins: [
    SnowplowEcommercePlugin(),
    SignalsEdgePlugin({
      // The tutorial definitions compiled by `signals-edge compile` (the demo's Vite build does it).
      plan: { url: './tutorial-plan.json' },
      signals: { endpoint: config.signalsUrl, service: 'ecom_attributes', refreshIntervalMs: config.refreshIntervalMs },
    }),
  ],
});
subscribeToInterventions({ endpoint: config.signalsUrl });
// Events tracked offline wait in the tracker's queue; send them as soon as the page is back online.
addEventListener('online', () => flushBuffer());

createStorefront({
  root: document.getElementById('app')!,
  setup: 'npm',
  edge: { addInterventionHandlers, onAttributesChange, inspectAttributes, explainInterventions, clearLocalState },
  trackProductView: (product) => trackProductView(toEcommerceProduct(product)),
  trackAddToCart: (product, cartTotal) => trackAddToCart({
    products: [toEcommerceProduct(product, 1)], total_value: cartTotal, currency: 'USD',
  }),
  forgetUser: () => clearUserData(),
});

trackPageView();
