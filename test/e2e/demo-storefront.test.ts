// Issue 5 acceptance: `npm run demo` (demo/run-demo.ts, spawned as the script runs it) builds and serves
// both storefront pages and the dev server; in real Chromium, offline after the page loads, the
// Signals tutorial goes through the demo's DOM contract on the npm page and on the script-tag page:
// no banner after 3 product views, the discount banner on the 4th, the cart banner after the first
// add, free shipping once the cart passes $100; the attributes panel and the explain view say so.
// Back online, the dev server catches up and the panel shows its values without counting twice; a
// pushed intervention is rendered as text; "Reset user" starts a new user; SIGTERM stops the demo.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startDemoProcess, type DemoProcess } from './fixtures/demo-process.js';
import { ROOT } from './fixtures/start-fixture-server.js';
import { launchChromium, watchPage, type PageReport } from './fixtures/launch-chromium.js';

let browser: Browser;
let demo: DemoProcess;

beforeAll(async () => {
  [browser, demo] = await Promise.all([launchChromium(), startDemoProcess()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop('SIGKILL');
});

const NAMES = ['count_product_views', 'count_add_to_cart', 'total_cart_value'] as const;
type Values = Record<(typeof NAMES)[number], string>;

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.trim() ?? null;
const panelValue = (page: Page, name: string) => text(page, `[data-testid=attributes-panel] [data-attribute=${name}]`);
const readPanel = async (page: Page): Promise<Values> => Object.fromEntries(
  await Promise.all(NAMES.map(async (n) => [n, await panelValue(page, n)])),
) as Values;
const bannerNames = (page: Page) => page.locator('[data-testid^=intervention-]').evaluateAll(
  (els) => els.map((el) => el.getAttribute('data-testid')!.slice('intervention-'.length)),
);
const userId = (page: Page) => page.locator('[data-testid=user-id]').getAttribute('data-user-id');
/** Console errors other than the failed requests every offline page logs. */
const unexpectedConsoleErrors = (report: PageReport) =>
  report.consoleErrors.filter((m) => !m.includes('net::ERR_INTERNET_DISCONNECTED'));

/** Opens a page of the demo and waits until signals-edge shows its first values (online). */
async function openDemoPage(context: BrowserContext, url: string): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(url);
  await expect.poll(() => readPanel(page)).toEqual({ count_product_views: '0', count_add_to_cart: '0', total_cart_value: 'null' });
  await expect.poll(() => text(page, '[data-testid=connection]')).toBe('online');
  expect(await page.locator('[data-testid=product-card]').count()).toBeGreaterThanOrEqual(12);
  return { page, report };
}

async function viewProduct(page: Page, productId: string): Promise<void> {
  const card = page.locator(`[data-testid=product-card][data-product-id=${productId}]`);
  const name = await card.locator('h3').textContent();
  await card.locator('[data-testid=view-product]').click();
  const detail = page.locator('[data-testid=product-detail]');
  expect(await detail.isVisible()).toBe(true);
  expect(await detail.locator('h2').textContent()).toBe(name);
  await detail.locator('[data-testid=back-to-catalog]').click();
  expect(await page.locator('[data-testid=catalog]').isVisible()).toBe(true);
}

async function addToCart(page: Page, productId: string): Promise<void> {
  await page.locator(`[data-testid=product-card][data-product-id=${productId}] [data-testid=add-to-cart]`).click();
}

const explanation = (page: Page, name: string) => page.locator(`[data-testid=explain-${name}]`);

/**
 * The tutorial through the DOM contract, offline: views sku-01..04 ($25, $32.50, $28, $36), adds
 * sku-11 ($64), sku-01 ($25) and sku-03 ($28) to the cart (total $117).
 */
async function followTutorialOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await expect.poll(() => text(page, '[data-testid=connection]')).toBe('offline');

  for (const id of ['sku-01', 'sku-02', 'sku-03']) await viewProduct(page, id);
  await expect.poll(() => panelValue(page, 'count_product_views')).toBe('3');
  expect(await bannerNames(page)).toEqual([]);
  expect(await explanation(page, 'discount').getAttribute('data-fired')).toBe('false');
  expect(await text(page, '[data-testid=why-discount]')).toBe('Not fired: ecom_attributes:count_product_views is 3, needs > 3.');

  await viewProduct(page, 'sku-04');
  await expect.poll(() => bannerNames(page)).toEqual(['discount']);
  const discount = page.locator('[data-testid=intervention-discount]');
  expect(await discount.textContent()).toContain('10% off your next purchase!');
  expect(await discount.locator('code').textContent()).toBe('SAVE10');
  await expect.poll(() => panelValue(page, 'count_product_views')).toBe('4');
  // Explain: discount fired (for this user, on the values this browser computed); cart_abandonment not.
  await expect.poll(() => explanation(page, 'discount').getAttribute('data-fired')).toBe('true');
  const user = await userId(page);
  expect(user).toMatch(/^[0-9a-f-]{36}$/);
  const whyDiscount = await text(page, '[data-testid=why-discount]');
  expect(whyDiscount).toMatch(new RegExp(`^Fired at .+ for domain_userid ${user} \\(event [0-9a-f]{8}…\\)\\.$`));
  const discountLeaf = await explanation(page, 'discount').locator('.criteria li').textContent();
  expect(discountLeaf).toContain('✓ ecom_attributes:count_product_views > 3');
  expect(discountLeaf).toMatch(/is 4, (computed in this browser|Signals' value \+ this browser's pending events)/);
  const cart = explanation(page, 'cart_abandonment');
  expect(await cart.getAttribute('data-fired')).toBe('false');
  expect(await cart.getAttribute('data-holds')).toBe('false');
  expect(await text(page, '[data-testid=why-cart_abandonment]')).toBe('Not fired: ecom_attributes:count_add_to_cart is 0, needs > 0.');
  expect(await cart.locator('.criteria li').textContent()).toContain('✗ ecom_attributes:count_add_to_cart > 0');

  await addToCart(page, 'sku-11');
  await expect.poll(() => bannerNames(page)).toEqual(['discount', 'cart_abandonment']);
  expect(await text(page, '[data-testid=intervention-cart_abandonment] .banner-message')).toBe("Don't forget your items in cart!");
  await expect.poll(() => readPanel(page)).toEqual({ count_product_views: '4', count_add_to_cart: '1', total_cart_value: '64' });

  await addToCart(page, 'sku-01');
  await expect.poll(() => panelValue(page, 'total_cart_value')).toBe('89');
  expect(await bannerNames(page)).toEqual(['discount', 'cart_abandonment']);
  expect(await explanation(page, 'free_shipping').getAttribute('data-fired')).toBe('false');

  await addToCart(page, 'sku-03');
  await expect.poll(() => bannerNames(page)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
  const free = page.locator('[data-testid=intervention-free_shipping]');
  expect(await free.textContent()).toContain('Free shipping on orders over $100!');
  expect(await free.locator('code').textContent()).toBe('FREE');
  await expect.poll(() => readPanel(page)).toEqual({ count_product_views: '4', count_add_to_cart: '3', total_cart_value: '117' });
  expect(await text(page, '[data-testid=cart-total]')).toBe('$117.00');
  await expect.poll(() => explanation(page, 'free_shipping').getAttribute('data-fired')).toBe('true');

  // The panel's other columns: the local values equal the shown ones offline, the events are pending.
  for (const [name, value] of Object.entries({ count_product_views: '4', count_add_to_cart: '3', total_cart_value: '117' })) {
    expect(await text(page, `[data-testid=local-${name}]`)).toBe(value);
  }
  expect(await text(page, '[data-testid=pending-count_add_to_cart]')).toBe('3');
  expect(await text(page, '[data-testid=latency]')).toMatch(/^\d+(\.\d+)? ms \(free_shipping\)$/);
  // Never again while the rules stay true.
  await viewProduct(page, 'sku-05');
  await addToCart(page, 'sku-06');
  await expect.poll(() => panelValue(page, 'count_add_to_cart')).toBe('4');
  expect(await bannerNames(page)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
}

/** The dev server's values for `duid` (the service read the page makes, no token). */
async function readServer(duid: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${demo.signalsUrl}/api/v1/get-online-attributes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } }),
  });
  const body = (await response.json()) as Record<string, unknown[]>;
  return Object.fromEntries(NAMES.map((n) => [n, body[n]?.[0] ?? null]));
}

describe('npm run demo', () => {
  it('prints the storefront, script-tag and dev server URLs on the ports it was given', () => {
    expect(demo.storefrontUrl).toBe(`http://127.0.0.1:${demo.demoPort}/`);
    expect(demo.scriptTagUrl).toBe(`http://127.0.0.1:${demo.demoPort}/script-tag.html`);
    expect(demo.signalsUrl).toBe(`http://127.0.0.1:${demo.signalsPort}`);
  });

  it('npm page: the tutorial offline, then the dev server catches up, a pushed intervention gets a banner, and Reset user starts afresh', async () => {
    const context = await browser.newContext();
    const { page, report } = await openDemoPage(context, demo.storefrontUrl);
    await followTutorialOffline(context, page);
    const user = (await userId(page))!;

    // Online again: the queued events reach the dev server (the collector), which computes the same
    // values; the panel shows the server's values, nothing pending, and the shown values do not double.
    await context.setOffline(false);
    const expected = { count_product_views: 5, count_add_to_cart: 4, total_cart_value: 147 };
    await expect.poll(() => readServer(user), { timeout: 10_000 }).toEqual(expected);
    await expect.poll(() => text(page, '[data-testid=pending-count_add_to_cart]'), { timeout: 12_000 }).toBe('0');
    expect(await text(page, '[data-testid=server-total_cart_value]')).toBe('147');
    expect(await readPanel(page)).toEqual({ count_product_views: '5', count_add_to_cart: '4', total_cart_value: '147' });
    expect(await bannerNames(page)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);

    // An intervention Signals pushes through the interventions stream gets a banner too.
    await expect.poll(async () => {
      const response = await fetch(`${demo.signalsUrl}/api/v1/interventions?domain_userid=${user}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer dev-token' },
        body: JSON.stringify({ name: 'flash_sale', version: 1 }),
      });
      return ((await response.json()) as { status?: string }).status;
    }, { timeout: 10_000 }).toBe('success');
    await expect.poll(() => bannerNames(page)).toEqual(['discount', 'cart_abandonment', 'free_shipping', 'flash_sale']);
    expect(await text(page, '[data-testid=intervention-flash_sale] .banner-meta')).toBe('flash_sale · pushed by Signals');

    // Reset user: the local state is cleared and the page reloads with a new domain_userid.
    await page.locator('[data-testid=reset-user]').click();
    // (While the page reloads, the panel shows no id for a moment.)
    await expect.poll(async () => {
      const id = await userId(page);
      return id !== user && /^[0-9a-f-]{36}$/.test(id ?? '');
    }, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => readPanel(page)).toEqual({ count_product_views: '0', count_add_to_cart: '0', total_cart_value: 'null' });
    expect(await bannerNames(page)).toEqual([]);
    expect(await text(page, '[data-testid=cart-total]')).toBe('$0.00');
    expect(await explanation(page, 'discount').getAttribute('data-fired')).toBe('false');

    expect(report.pageErrors).toEqual([]);
    expect(unexpectedConsoleErrors(report)).toEqual([]);
    await context.close();
  });

  it('script-tag page: the UMD tracker, ecommerce plugin and IIFE bundle from plain script tags run the same tutorial offline', async () => {
    const context = await browser.newContext();
    const { page, report } = await openDemoPage(context, demo.scriptTagUrl);
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => [s.getAttribute('src'), s.type]));
    expect(scripts).toEqual(expect.arrayContaining([
      ['./vendor/snowplow-browser-tracker.umd.min.js', ''],
      ['./vendor/snowplow-ecommerce.umd.min.js', ''],
      ['./vendor/signals-edge.full.iife.js', ''],
    ]));
    expect(await page.evaluate(() => {
      const w = window as unknown as Record<string, Record<string, unknown> | undefined>;
      return [typeof w.snowplowBrowserTracking?.newTracker, typeof w.snowplowEcommerceAccelerator?.trackAddToCart,
        typeof w.snowplowSignalsEdge?.SignalsEdgePlugin];
    })).toEqual(['function', 'function', 'function']);

    await followTutorialOffline(context, page);

    expect(report.pageErrors).toEqual([]);
    expect(unexpectedConsoleErrors(report)).toEqual([]);
    await context.close();
  });

  it('renders an intervention from the stream as text, never as HTML', async () => {
    const context = await browser.newContext();
    const hostile = '<img src=x onerror="window.__owned=1">';
    // The interventions stream answers one frame whose name is markup (the dev server would refuse such a name).
    await context.route(/\/api\/v1\/interventions\?/, (route) => {
      const id = new URL(route.request().url()).searchParams.get('domain_userid') ?? '';
      const frame = { intervention_id: 'hostile-1', name: hostile, version: 1, target_attribute_key: { name: 'domain_userid', id }, attributes: {} };
      return route.fulfill({ status: 200, contentType: 'text/event-stream', body: `: connected\n\ndata: ${JSON.stringify(frame)}\n\n` });
    });
    const { page, report } = await openDemoPage(context, demo.storefrontUrl);
    await expect.poll(() => bannerNames(page)).toEqual([hostile]);
    expect(await text(page, '.banner-message')).toBe(hostile);
    expect(await page.locator('[data-testid=banners] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __owned?: number }).__owned)).toBeUndefined();
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('lays out from 360 to 1920 px wide with no horizontal overflow, the banners and the cart in the first screen', { timeout: 60_000 }, async () => {
    const problems: string[] = [];
    for (const url of [demo.storefrontUrl, demo.scriptTagUrl]) {
      for (const [width, height] of [[360, 740], [390, 844], [768, 1024], [1280, 800], [1400, 1000], [1920, 1080]] as const) {
        const context = await browser.newContext({ viewport: { width, height } });
        const { page } = await openDemoPage(context, url);
        for (const id of ['sku-01', 'sku-02', 'sku-03', 'sku-04']) await viewProduct(page, id);
        await addToCart(page, 'sku-05');
        await expect.poll(() => bannerNames(page)).toEqual(['discount', 'cart_abandonment']);
        await page.evaluate(() => window.scrollTo(0, 0));
        const layout = await page.evaluate(() => {
          const root = document.documentElement;
          const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
          return {
            overflow: root.scrollWidth - root.clientWidth,
            outside: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 3),
            banners: box('[data-testid=banners]').top, cart: box('[data-testid=cart]').bottom,
          };
        });
        const where = `${url.endsWith('script-tag.html') ? 'script-tag' : 'npm'} ${width}×${height}`;
        if (layout.overflow > 0 || layout.outside.length > 0) problems.push(`${where}: ${layout.overflow} px wider than the window (${layout.outside.join(', ')})`);
        if (layout.banners >= height) problems.push(`${where}: the banners start below the first screen (${layout.banners} px)`);
        if (layout.cart > height) problems.push(`${where}: the cart ends below the first screen (${layout.cart} px)`);
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('a second demo on the same ports fails at once with one line naming the port and its variable, and changes no file', async () => {
    const before = snapshot(join(ROOT, 'demo/dist'));
    for (const [taken, name] of [[demo.demoPort, 'DEMO_PORT'], [demo.signalsPort, 'SIGNALS_PORT']] as const) {
      const free = String(await findFreePort());
      const env = { ...process.env, DEMO_PORT: name === 'DEMO_PORT' ? String(taken) : free, SIGNALS_PORT: name === 'SIGNALS_PORT' ? String(taken) : free };
      const second = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/run-demo.ts'], { cwd: ROOT, env })
        .then(() => ({ code: 0, stdout: '', stderr: '' }), (e: { code: number; stdout: string; stderr: string }) => e);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(`demo: port ${taken} is in use (is a demo already running?); set ${name} to another port\n`);
    }
    expect(snapshot(join(ROOT, 'demo/dist'))).toEqual(before);
    expect((await fetch(demo.storefrontUrl)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await demo.stop('SIGTERM')).toBe(0);
    await expect(fetch(demo.storefrontUrl)).rejects.toThrow();
    await expect(fetch(`${demo.signalsUrl}/definitions.json`)).rejects.toThrow();
  });
});

/** Every file under `dir`: path → content hash and modification time. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = `${createHash('sha256').update(readFileSync(path)).digest('hex')} ${statSync(path).mtimeMs}`;
  }
  return files;
}

/** Whether something can listen on `port` now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

describe('npm run demo, stopped as a terminal stops it', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
    it(`${signal === 'SIGINT' ? 'Ctrl+C (SIGINT to the process group)' : `${signal} to npm`} leaves no process holding the ports`, { timeout: 90_000 }, async () => {
      const [demoPort, signalsPort] = [await findFreePort(), await findFreePort()];
      // npm → sh → node, in a process group of its own, as a terminal runs it.
      const child = spawn('npm', ['run', 'demo'], {
        cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DEMO_PORT: String(demoPort), SIGNALS_PORT: String(signalsPort) },
      });
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
      child.stderr!.resume();
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toContain('Press Ctrl+C to stop.');
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else child.kill('SIGTERM');
      await exited;
      await expect.poll(async () => [await isFree(demoPort), await isFree(signalsPort)], { timeout: 5000 }).toEqual([true, true]);
    });
  }
});
