// The React hooks without a provider, in real Chromium with the real tracker and React 19 (the example
// SPA in test/e2e/react-spa.test.ts covers the provider, React 18 and server rendering): the hooks read
// the plugin of every tracker, an intervention reaches the store inside track() and the component
// re-renders after, and a component re-renders only for what it reads.
import { SnowplowEcommercePlugin, trackAddToCart, trackProductView } from '@snowplow/browser-plugin-snowplow-ecommerce';
import { newTracker } from '@snowplow/browser-tracker';
import { createElement as h, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { expect, it, vi } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import { SignalsEdgePlugin, compileBundle } from '../../src/index.js';
import { markInterventionHandled, useAttributes, useIntervention, useInterventions } from '../../src/react.js';
import { interventionsStoreFor } from '../../src/react/shared-stores.js';

const compiled = await compileBundle(tutorial);
if (!compiled.ok) throw new Error('the tutorial must compile');
const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' });
const renders = { views: 0, cart: 0, discount: 0 };

function Views(): ReactNode {
  renders.views++;
  const { status, values } = useAttributes({ names: ['count_product_views'] });
  return h('p', { id: 'views' }, `${status} ${String(values.count_product_views)}`);
}

function Cart(): ReactNode {
  renders.cart++;
  const { values } = useAttributes({ names: ['count_add_to_cart'] });
  return h('p', { id: 'cart' }, String(values.count_add_to_cart));
}

function Discount(): ReactNode {
  renders.discount++;
  const discount = useIntervention('discount');
  return h('p', { id: 'discount' }, discount === null ? 'none' : `${discount.name} ${discount.source}`);
}

function All(): ReactNode {
  return h('p', { id: 'all' }, useInterventions().map((i) => i.name).join(','));
}

const text = (id: string) => document.getElementById(id)?.textContent;

it('work without a provider: values and interventions, each component re-rendering only for what it reads', async () => {
  const container = document.createElement('div');
  document.body.append(container);
  // Mounted before the tracker exists: the hooks follow the plugin when it activates.
  createRoot(container).render(h('div', null, h(Views), h(Cart), h(Discount), h(All)));
  await vi.waitFor(() => expect(text('views')).toBe('loading undefined'));
  newTracker('hooks1', 'http://127.0.0.1:9/collector', {
    appId: 'hooks-test', bufferSize: 1000,
    plugins: [SnowplowEcommercePlugin(), SignalsEdgePlugin({ plan: compiled.plan, trackMeasurementEvents: false })],
  });
  await vi.waitFor(() => expect(text('views')).toBe('ready null'));

  trackProductView(product('a', 10));
  await vi.waitFor(() => expect(text('views')).toBe('ready 1'));
  await vi.waitFor(() => expect(text('cart')).toBe('0'));
  const afterFirstView = { ...renders };
  for (const id of ['b', 'c']) trackProductView(product(id, 10));
  await vi.waitFor(() => expect(text('views')).toBe('ready 3'));
  // Views changed; the cart count (0) and the discount (none) did not: those did not render again.
  expect(renders.cart).toBe(afterFirstView.cart);
  expect(renders.discount).toBe(afterFirstView.discount);

  trackProductView(product('d', 10));
  // The hooks' handler ran inside track(): the store has it; React renders it after track() returned.
  expect(interventionsStoreFor(undefined).getSnapshot().map((i) => i.name)).toEqual(['discount']);
  expect(text('discount')).toBe('none');
  await vi.waitFor(() => expect(text('discount')).toBe('discount edge'));
  const afterDiscount = { ...renders };
  trackAddToCart({ products: [product('e', 60)], total_value: 60, currency: 'USD' });
  await vi.waitFor(() => expect(text('cart')).toBe('1'));
  await vi.waitFor(() => expect(text('all')).toBe('discount,cart_abandonment'));
  // A new intervention of another name and an add to cart: the views and the discount did not render again.
  expect(renders.views).toBe(afterDiscount.views);
  expect(renders.discount).toBe(afterDiscount.discount);

  const [discount] = interventionsStoreFor(undefined).getSnapshot();
  markInterventionHandled(discount!);
  await vi.waitFor(() => expect(text('discount')).toBe('none'));
  expect(text('all')).toBe('cart_abandonment');
});
