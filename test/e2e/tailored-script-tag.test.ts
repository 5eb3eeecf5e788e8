// Issue 14, tailored builds: `signals-edge bundle` of the tutorial, as a script tag beside the real
// Snowplow UMD tracker in Chromium under a strict CSP, fires the tutorial's interventions offline at
// the same steps as the core build with the plan, keeps the values across a reload, and, handed a plan
// that needs an operator it left out, refuses to start with a warning while tracking goes on.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import { bundleScriptTag } from '../../src/tailor/bundle-script-tag.js';
import { addToCart, openStorefront, readAttributes, readDatabase, viewProduct, type ShopWindow } from './fixtures/open-storefront.js';
import { ROOT } from './fixtures/start-fixture-server.js';
import { watchPage } from './fixtures/launch-chromium.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
const TUTORIAL = resolve(ROOT, 'examples/tutorial-definitions.json');

beforeAll(async () => {
  const script = await bundleScriptTag(TUTORIAL);
  env.server.addFile('/tailored/signals-edge.js', script.code);
  // The core storefront page with the tailored script in place of the core one.
  const page = readFileSync(resolve(ROOT, 'test/e2e/fixtures/storefront-core.html'), 'utf8');
  expect(page).toContain('/dist/signals-edge.iife.js');
  env.server.addFile('/fixtures/storefront-tailored.html', page.replace('/dist/signals-edge.iife.js', '/tailored/signals-edge.js'));
  const bundle = JSON.parse(readFileSync(TUTORIAL, 'utf8'));
  bundle.interventions[0].criteria = { all: [{ attribute: 'ecom_attributes:count_product_views', operator: 'rlike', value: '^1' }] };
  const compiled = await compileBundle(bundle);
  if (!compiled.ok) throw new Error('the rlike plan does not compile');
  env.server.addFile('/tailored/rlike-plan.json', JSON.stringify(compiled.plan));
});

describe('a tailored script tag (signals-edge bundle) in Chromium', () => {
  it('fires the tutorial interventions offline with the embedded plan, and keeps the values across a reload', async () => {
    const context = await env.browser.newContext();
    const { page, report } = await openStorefront(context, env.server.origin, '?embedded&csp=strict', undefined, 'storefront-tailored.html');
    await context.setOffline(true);
    const steps: string[][] = [];
    for (const id of ['a', 'b', 'c', 'd']) steps.push(await viewProduct(page, id));
    for (const [id, price] of [['e', 60], ['f', 40], ['g', 5.5]] as const) steps.push(await addToCart(page, id, price));
    expect(steps).toEqual([
      [], [], [], ['discount'], ['discount', 'cart_abandonment'], ['discount', 'cart_abandonment'],
      ['discount', 'cart_abandonment', 'free_shipping'],
    ]);
    const values = { count_product_views: 4, count_add_to_cart: 3, total_cart_value: 105.5 };
    expect(await readAttributes(page)).toEqual(values);
    const fired = await page.evaluate(() => (window as unknown as ShopWindow).shop.fired);
    expect(fired.map((f) => f.source)).toEqual(['edge', 'edge', 'edge']);

    await expect.poll(async () => (await readDatabase(page, 'sp', 'ledger'))?.length).toBe(3);
    await context.setOffline(false);
    await page.reload();
    await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
    await context.setOffline(true);
    expect(await readAttributes(page)).toEqual(values);
    expect(await addToCart(page, 'h', 1)).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    expect(await report.violations()).toEqual([]);
    await context.close();
  });

  it('refuses a plan that needs an operator the build left out, with a warning, and tracking goes on', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const report = await watchPage(page);
    await page.goto(`${env.server.origin}/fixtures/storefront-tailored.html?plan=/tailored/rlike-plan.json&ns=rlike`);
    await expect.poll(() => report.consoleWarnings.join('\n')).toMatch(/not started: .*the operator "rlike" is not in this build of signals-edge/);
    const before = env.server.payloads().filter((p) => p.tna === 'rlike').length;
    await page.evaluate(() => (window as unknown as ShopWindow).shop.viewProduct('a', 10));
    await expect.poll(() => env.server.payloads().filter((p) => p.tna === 'rlike').length).toBeGreaterThan(before);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});
