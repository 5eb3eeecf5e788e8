/// <reference types="signals-edge/client" />
// The browser entry: one tracker with the ecommerce plugin and signals-edge (the plan compiled by the
// Vite plugin), then React, hydrating the server's markup when there is some.
import { SnowplowEcommercePlugin } from '@snowplow/browser-plugin-snowplow-ecommerce';
import { newTracker, trackPageView } from '@snowplow/browser-tracker';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { SignalsEdgePlugin, type SignalsBootstrap } from 'signals-edge';
import plan from 'virtual:signals-edge-plan';
import { Root } from './app.js';

declare global {
  interface Window {
    /** What the server read from Signals for this visitor and rendered with (see server.tsx). */
    __SIGNALS_BOOTSTRAP__?: SignalsBootstrap;
  }
}

// No collector listens here: events wait in the tracker's buffer, and the attributes and interventions
// are computed on the page all the same. Put your collector's URL in its place.
const COLLECTOR = 'http://127.0.0.1:9';

const bootstrap = window.__SIGNALS_BOOTSTRAP__;

newTracker('shop', COLLECTOR, {
  appId: 'signals-edge-react-spa',
  plugins: [SnowplowEcommercePlugin(), SignalsEdgePlugin({ plan, bootstrap })],
});
trackPageView();

const container = document.getElementById('root');
if (container === null) throw new Error('the page has no #root element');
const app = <Root bootstrap={bootstrap} />;
if (container.firstElementChild !== null) hydrateRoot(container, app);
else createRoot(container).render(app);
