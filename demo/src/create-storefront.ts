import type * as SignalsEdge from 'signals-edge/full';
import { createAttributesPanel } from './create-attributes-panel.js';
import { createCart } from './create-cart.js';
import { createElement } from './create-element.js';
import { createExplainView } from './create-explain-view.js';
import { PRODUCTS, formatPrice, type Product } from './products.js';
import { renderBanner } from './render-banner.js';

/** The signals-edge functions the storefront uses: the npm entry's, or `window.snowplowSignalsEdge`'s. */
export type EdgeApi = Pick<
  typeof SignalsEdge,
  'addInterventionHandlers' | 'onAttributesChange' | 'inspectAttributes' | 'explainInterventions' | 'clearLocalState'
>;

export interface StorefrontOptions {
  root: HTMLElement;
  edge: EdgeApi;
  /** How this page loads the tracker and signals-edge, shown in the header. */
  setup: 'npm' | 'script tag';
  trackProductView(product: Product): void;
  /** Tracks an add to cart of one unit; `cartTotal` is the cart's value after it. */
  trackAddToCart(product: Product, cartTotal: number): void;
  /** Makes the tracker forget its user (ids cookie deleted): the next page load gets a new domain_userid. */
  forgetUser(): void;
}

const REFRESH_EVERY_MS = 1000;

/**
 * Renders the demo storefront into `root` (design.md "Demo DOM contract"): the catalog of product cards,
 * a product's detail, the cart, one banner per intervention fired, the attributes panel and the explain
 * view. Call it once the tracker with the signals-edge plugin exists.
 */
export function createStorefront(options: StorefrontOptions): void {
  const { root, edge } = options;
  const cart = createCart(PRODUCTS);
  /** `performance.now()` just before the latest `track…()` call. */
  let trackStartedAt: number | null = null;
  let latency: { ms: number; name: string } | null = null;

  const banners = createElement('section', { class: 'banners', 'aria-live': 'polite', 'data-testid': 'banners' });
  const catalog = createElement('section', { class: 'catalog', 'data-testid': 'catalog', 'aria-label': 'Catalog' });
  const detail = createElement('section', { class: 'detail', 'data-testid': 'product-detail', 'aria-label': 'Product' });
  detail.hidden = true;
  const cartView = createElement('section', { class: 'cart', 'data-testid': 'cart', 'aria-label': 'Cart' });
  const panel = createAttributesPanel(() => void resetUser());
  const explain = createExplainView();
  const problem = createElement('p', { class: 'problem', 'data-testid': 'problem', role: 'alert' });
  problem.hidden = true;

  const other = options.setup === 'npm'
    ? createElement('a', { href: './script-tag.html' }, 'script-tag page')
    : createElement('a', { href: './' }, 'npm page');
  root.replaceChildren(
    createElement(
      'header', { class: 'top' },
      createElement('div', {}, createElement('h1', {}, 'Edge & Co.'), createElement('p', { class: 'tagline' }, 'Signals attributes and interventions, computed in your browser as you shop.')),
      createElement('p', { class: 'setup' }, `Tracker + signals-edge via ${options.setup} · `, other),
    ),
    createElement(
      'div', { class: 'layout' },
      // Banners across the top, the cart at the top of the sidebar: where a shopper looks, at any width.
      problem, banners,
      createElement('main', {}, catalog, detail),
      createElement('aside', { class: 'sidebar' }, cartView, panel.element, explain.element),
    ),
  );

  const track = (send: () => void) => {
    trackStartedAt = performance.now();
    send();
  };
  const viewProduct = (product: Product) => {
    showDetail(product);
    track(() => options.trackProductView(product));
  };
  const addToCart = (product: Product) => {
    const total = cart.add(product);
    renderCart();
    track(() => options.trackAddToCart(product, total));
  };

  catalog.append(...PRODUCTS.map((product) => {
    const view = createElement('button', { type: 'button', 'data-testid': 'view-product' }, 'View');
    const add = createElement('button', { type: 'button', class: 'primary', 'data-testid': 'add-to-cart' }, 'Add to cart');
    view.addEventListener('click', () => viewProduct(product));
    add.addEventListener('click', () => addToCart(product));
    return createElement(
      'article', { class: 'card', 'data-testid': 'product-card', 'data-product-id': product.id },
      renderSwatch(product),
      createElement('h3', {}, product.name),
      createElement('p', { class: 'category' }, product.category),
      createElement('p', { class: 'price' }, formatPrice(product.price)),
      createElement('div', { class: 'actions' }, view, add),
    );
  }));

  function showDetail(product: Product): void {
    const back = createElement('button', { type: 'button', 'data-testid': 'back-to-catalog' }, '← Back to catalog');
    const add = createElement('button', { type: 'button', class: 'primary', 'data-testid': 'detail-add-to-cart' }, 'Add to cart');
    back.addEventListener('click', () => {
      detail.hidden = true;
      catalog.hidden = false;
    });
    add.addEventListener('click', () => addToCart(product));
    detail.replaceChildren(
      back,
      createElement(
        'div', { class: 'detail-body', 'data-product-id': product.id },
        renderSwatch(product),
        createElement(
          'div', {},
          createElement('p', { class: 'category' }, product.category),
          createElement('h2', {}, product.name),
          createElement('p', { class: 'price' }, formatPrice(product.price)),
          createElement('p', {}, product.description),
          add,
        ),
      ),
    );
    catalog.hidden = true;
    detail.hidden = false;
  }

  function renderCart(): void {
    const lines = cart.lines();
    const total = cart.total();
    cartView.replaceChildren(
      createElement('h2', {}, 'Cart'),
      lines.length === 0
        ? createElement('p', { class: 'muted' }, 'Your cart is empty.')
        : createElement('ul', {}, ...lines.map((line) => createElement(
          'li', {}, `${line.product.name} × ${line.quantity}`,
          createElement('span', {}, formatPrice(line.product.price * line.quantity)),
        ))),
      createElement('p', { class: 'cart-total' }, 'Total ', createElement('strong', { 'data-testid': 'cart-total' }, formatPrice(total))),
    );
  }

  let refreshing = false;
  let again = false;
  async function refresh(): Promise<void> {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const [attributes, explanations] = await Promise.all([edge.inspectAttributes(), edge.explainInterventions()]);
        panel.update({ attributes, online: navigator.onLine, latency, now: Date.now() });
        explain.update(explanations);
        problem.hidden = true;
      } while (again);
    } catch (error) {
      problem.textContent = `signals-edge is not running: ${error instanceof Error ? error.message : String(error)}`;
      problem.hidden = false;
    } finally {
      refreshing = false;
    }
  }

  async function resetUser(): Promise<void> {
    try {
      await edge.clearLocalState();
    } finally {
      options.forgetUser();
      cart.clear();
      location.reload();
    }
  }

  edge.addInterventionHandlers({
    banner: (intervention) => {
      const ms = intervention.source === 'edge' && trackStartedAt !== null ? performance.now() - trackStartedAt : null;
      if (ms !== null) latency = { ms, name: intervention.name };
      renderBanner(banners, intervention, ms);
      void refresh();
    },
  });
  edge.onAttributesChange(() => void refresh());
  addEventListener('online', () => void refresh());
  addEventListener('offline', () => void refresh());
  setInterval(() => void refresh(), REFRESH_EVERY_MS);
  renderCart();
  void refresh();
}

function renderSwatch(product: Product): HTMLElement {
  const initials = product.name.split(' ').map((w) => w[0]).join('').slice(0, 2);
  const swatch = createElement('div', { class: 'swatch', 'aria-hidden': 'true' }, initials);
  swatch.style.setProperty('--swatch', product.color);
  return swatch;
}
