import { useEffect, useRef } from 'react';
import { useAttributes } from 'signals-edge/react';
import { display } from './attributes-panel.js';

declare global {
  // `globalThis.__renders`: how many times each render-counting component rendered (for the test).
  var __renders: Record<string, number> | undefined;
}

let renders = 0;

/**
 * Only `count_product_views`: an add to cart changes other attributes, so this component does not
 * re-render for it. It counts its renders: in `globalThis.__renders` as it renders (a plain global, so
 * the server is fine with it too), and in `data-renders` once committed (from an effect, which the
 * server does not run: the server's markup and the hydration render stay the same).
 */
export function ProductViewsBadge() {
  renders += 1;
  globalThis.__renders = { ...globalThis.__renders, ProductViewsBadge: renders };
  const { values } = useAttributes({ names: ['count_product_views'] });
  const element = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    element.current?.setAttribute('data-renders', String(renders));
  });
  return (
    <p ref={element} data-testid="product-views-badge">
      Products viewed: <span data-attribute="count_product_views">{display(values.count_product_views)}</span>
    </p>
  );
}
