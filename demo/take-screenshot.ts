/**
 * `node --import tsx demo/take-screenshot.ts [out.png]`: builds and starts the demo on free ports, goes
 * through the Signals tutorial in headless Chromium (four product views, a cart past $100), waits until
 * the dev server's values reach the panel, and writes a screenshot of the storefront with its banners,
 * attributes panel and explain view (default `docs/demo.png`).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../scripts/chromium-path.js';
import { buildDemo, startDemo } from './start-demo.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(ROOT, process.argv[2] ?? 'docs/demo.png');

await buildDemo((line) => process.stdout.write(`${line}\n`));
const demo = await startDemo({ demoPort: 0, signalsPort: 0, refreshIntervalMs: 1000 });
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(demo.storefrontUrl);
  await page.locator('[data-attribute=count_product_views]').waitFor();

  const card = (id: string) => page.locator(`[data-testid=product-card][data-product-id=${id}]`);
  for (const id of ['sku-02', 'sku-05', 'sku-07', 'sku-11']) {
    await card(id).locator('[data-testid=view-product]').click();
    await page.locator('[data-testid=back-to-catalog]').click();
  }
  await card('sku-11').locator('[data-testid=add-to-cart]').click();
  await card('sku-12').locator('[data-testid=add-to-cart]').click();
  await page.locator('[data-testid=intervention-free_shipping]').waitFor();
  // The dev server has the events and the panel shows its values, nothing pending.
  await page.waitForFunction(() => document.querySelector('[data-testid=pending-total_cart_value]')?.textContent === '0'
    && document.querySelector('[data-testid=server-total_cart_value]')?.textContent === '119', undefined, { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  await demo.close();
}
