import type { DeliveredIntervention } from 'signals-edge';
import { createElement } from './create-element.js';

/** The Signals ecommerce tutorial's banners, by intervention name. */
export const BANNER_MESSAGES: Readonly<Record<string, { message: string; code?: string }>> = {
  discount: { message: '10% off your next purchase!', code: 'SAVE10' },
  cart_abandonment: { message: "Don't forget your items in cart!" },
  free_shipping: { message: 'Free shipping on orders over $100!', code: 'FREE' },
};

/**
 * Shows the banner of one intervention in `container` (`[data-testid=intervention-<name>]`), replacing an
 * earlier banner of the same name, so there is one per intervention. Everything is set as text.
 * `latencyMs`: time from just before the `track…()` call to the handler, for an intervention fired here.
 */
export function renderBanner(container: HTMLElement, intervention: DeliveredIntervention, latencyMs: number | null): HTMLElement {
  const testId = `intervention-${intervention.name}`;
  for (const old of [...container.children]) if (old.getAttribute('data-testid') === testId) old.remove();

  const known = Object.hasOwn(BANNER_MESSAGES, intervention.name) ? BANNER_MESSAGES[intervention.name] : undefined;
  const origin = intervention.source === 'edge'
    ? `fired in this browser${latencyMs === null ? '' : `, ${formatMs(latencyMs)} after the click`}`
    : 'pushed by Signals';
  const dismiss = createElement('button', { type: 'button', class: 'banner-dismiss', 'aria-label': 'Dismiss' }, '×');
  const banner = createElement(
    'div',
    { class: `banner banner-${known === undefined ? 'other' : intervention.name}`, 'data-testid': testId, role: 'status' },
    createElement('strong', { class: 'banner-message' }, known?.message ?? intervention.name),
    known?.code === undefined ? null : createElement('span', { class: 'banner-code' }, 'Use code ', createElement('code', {}, known.code)),
    createElement('span', { class: 'banner-meta' }, `${intervention.name} · ${origin}`),
    dismiss,
  );
  dismiss.addEventListener('click', () => banner.remove());
  container.append(banner);
  return banner;
}

/** `0.42 ms`, `12 ms` */
export function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
}
