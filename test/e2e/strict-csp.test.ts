// Issue 3 acceptance, strict CSP: the script-tag storefront served with
// `Content-Security-Policy: script-src 'self'` runs the whole tutorial with no violation and no console
// error (design decision 11: no eval, no inline script, no Function constructor).
import { expect, it } from 'vitest';
import { addToCart, openStorefront, readAttributes, viewProduct } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

it("runs under Content-Security-Policy: script-src 'self' with no violation", async () => {
  const response = await fetch(`${env.server.origin}/fixtures/storefront.html?csp=strict`);
  expect(response.headers.get('content-security-policy')).toBe("script-src 'self'");

  const context = await env.browser.newContext();
  const { page, report } = await openStorefront(context, env.server.origin, '?csp=strict');
  for (const id of ['a', 'b', 'c']) await viewProduct(page, id);
  expect(await viewProduct(page, 'd')).toEqual(['discount']);
  expect(await addToCart(page, 'e', 60)).toEqual(['discount', 'cart_abandonment']);
  expect(await addToCart(page, 'f', 45.5)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
  expect(await readAttributes(page)).toEqual({ count_product_views: 4, count_add_to_cart: 2, total_cart_value: 105.5 });
  await page.waitForTimeout(150);

  expect(await report.violations()).toEqual([]);
  expect(report.consoleErrors).toEqual([]);
  expect(report.pageErrors).toEqual([]);

  // The policy is enforced and the watcher sees violations: an inline script is refused and reported.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return (window as unknown as { inlineRan?: boolean }).inlineRan ?? false;
  });
  expect(ran).toBe(false);
  await expect.poll(() => report.violations()).toEqual(['script-src-elem inline']);
  await context.close();
});
