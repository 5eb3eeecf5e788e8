// The React bindings rendered with react-dom/server in Node (no window): loading with the provider's
// bootstrap values, filtered as the client's first render filters them; no interventions. Hydration and
// the browser side are tested in test/e2e/react-spa.test.ts.
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignalsEdgeProvider, useAttributes, useIntervention, useInterventions, type AttributesStoreOptions } from '../../../src/react.js';

const bootstrap = { attributeKey: 'domain_userid', id: 'u1', readAt: 1_700_000_000_000, values: { count_product_views: 7, count_add_to_cart: 2, total_cart_value: 30 } };

function Values({ options }: { options?: AttributesStoreOptions }) {
  const { status, values } = useAttributes(options);
  return h('p', null, `${status} ${JSON.stringify(values)}`);
}

function Offers() {
  const discount = useIntervention('discount');
  return h('p', null, `${discount === null ? 'no discount' : 'discount'} ${useInterventions().length}`);
}

const render = (children: ReturnType<typeof h>, withBootstrap = true) =>
  renderToString(h(SignalsEdgeProvider, withBootstrap ? { bootstrap } : {}, children)).replace(/&quot;/g, '"');

describe('signals-edge/react on the server', () => {
  it('renders loading with no values, and no interventions, without a bootstrap', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(render(h(Values), false)).toBe('<p>loading {}</p>');
    expect(render(h(Offers), false)).toBe('<p>no discount 0</p>');
  });

  it('renders the bootstrap values, only the names asked for, and none for another key or id', () => {
    expect(render(h(Values))).toBe('<p>loading {"count_product_views":7,"count_add_to_cart":2,"total_cart_value":30}</p>');
    expect(render(h(Values, { options: { names: ['total_cart_value'] } }))).toBe('<p>loading {"total_cart_value":30}</p>');
    expect(render(h(Values, { options: { id: 'someone-else' } }))).toBe('<p>loading {}</p>');
    expect(render(h(Values, { options: { attributeKey: 'user_id' } }))).toBe('<p>loading {}</p>');
    expect(render(h(Offers))).toBe('<p>no discount 0</p>');
  });
});
