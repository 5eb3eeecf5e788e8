// Records real tracker payloads for examples/tutorial-events.ndjson: the real @snowplow/browser-tracker
// and ecommerce plugin (their UMD builds) in Debian's Chromium, each payload captured in afterTrack.
// Two shoppers: one on POST (plain `co`/`ue_pr`), one on GET with base64 (`cx`/`ue_px`).
// Usage: node scripts/record-tutorial-events.js > examples/tutorial-events.ndjson
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { chromiumPath } from './chromium-path.js';

const require = createRequire(import.meta.url);
const scripts = {
  '/tracker.js': require.resolve('@snowplow/browser-tracker/dist/index.umd.min.js'),
  '/ecommerce.js': require.resolve('@snowplow/browser-plugin-snowplow-ecommerce/dist/index.umd.min.js'),
};
const page = `<!doctype html><html><head><title>Shop</title>
<script src="/tracker.js"></script><script src="/ecommerce.js"></script></head><body></body></html>`;

const server = createServer((req, res) => {
  const file = scripts[req.url ?? ''];
  if (file) res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
  else if (req.url?.startsWith('/shop')) res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  else res.writeHead(204).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const products = [
  { id: 'sku-1', name: 'Trail shoes', category: 'shoes', price: 89.5, currency: 'USD' },
  { id: 'sku-2', name: 'Rain jacket', category: 'jackets', price: 40, currency: 'USD' },
  { id: 'sku-3', name: 'Wool socks', category: 'socks', price: 12.25, currency: 'USD' },
  { id: 'sku-4', name: 'Café mug ☕', category: 'home', price: 9.75, currency: 'USD' },
  { id: 'sku-5', name: 'Headlamp', category: 'gear', price: 35, currency: 'USD' },
];

async function shop(trackerConfig, steps) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${origin}/shop/catalog?utm_source=news&utm_medium=email`);
  const payloads = await tab.evaluate(({ collector, trackerConfig, steps, products }) => {
    const captured = [];
    const { newTracker, trackPageView } = window.snowplowBrowserTracking;
    const ecommerce = window.snowplowEcommerceAccelerator;
    newTracker('sp', collector, {
      appId: 'signals-edge-example',
      bufferSize: 100,
      ...trackerConfig,
      plugins: [ecommerce.SnowplowEcommercePlugin(), { afterTrack: (p) => captured.push(JSON.parse(JSON.stringify(p))) }],
    });
    trackPageView();
    for (const [action, index] of steps) {
      const product = products[index];
      if (action === 'view') ecommerce.trackProductView(product);
      else ecommerce.trackAddToCart({ products: [product], total_value: product.price, currency: 'USD' });
    }
    return captured;
  }, { collector: `${origin}/collector`, trackerConfig, steps, products });
  await context.close();
  return payloads;
}

const lines = [
  ...(await shop({ eventMethod: 'post' }, [['view', 0], ['view', 1], ['view', 2], ['add', 0], ['view', 3], ['view', 4], ['add', 1]])),
  ...(await shop({ eventMethod: 'get', encodeBase64: true }, [['view', 3], ['add', 3], ['view', 2], ['add', 2]])),
];
await browser.close();
server.close();
process.stdout.write(lines.map((p) => JSON.stringify(p)).join('\n') + '\n');
