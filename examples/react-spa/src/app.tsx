import type { SignalsBootstrap } from 'signals-edge';
import { SignalsEdgeProvider } from 'signals-edge/react';
import { AttributesPanel } from './components/attributes-panel.js';
import { CartAbandonmentBanner, DiscountBanner, FreeShippingBanner } from './components/intervention-banners.js';
import { ProductList } from './components/product-list.js';
import { ProductViewsBadge } from './components/product-views-badge.js';

/** The shop page. Every component reads signals-edge itself: nothing here re-renders on an event. */
export function App() {
  return (
    <main>
      <h1>Outdoor shop</h1>
      <DiscountBanner />
      <CartAbandonmentBanner />
      <FreeShippingBanner />
      <ProductViewsBadge />
      <ProductList />
      <AttributesPanel />
    </main>
  );
}

/**
 * The app under the signals-edge provider, with the values the server rendered with (the same object
 * on the server and in the browser, so hydration sees the markup the server wrote).
 */
export function Root({ bootstrap }: { bootstrap?: SignalsBootstrap | undefined }) {
  return (
    <SignalsEdgeProvider bootstrap={bootstrap}>
      <App />
    </SignalsEdgeProvider>
  );
}
