// Issue 18, killed pages and the tracker's resends, in real Chromium against the dev server: bursts of adds to
// cart, each followed by closing the page without unload handlers or crashing its renderer, ten times. The
// tracker keeps its unsent requests in localStorage and sends them again on the next load with the same
// event ids, so the collector sees some events twice. The page never shows more than the events tracked, and
// ends with exactly those once the server has caught up. RESEND_SEED sets the seed (printed).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { createRandom } from '../reference/random-stream.js';
import { watchPage } from './fixtures/launch-chromium.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
let signals: DevServer;
const SEED = Number(process.env.RESEND_SEED ?? Date.now() % 2 ** 31);

beforeAll(async () => {
  signals = await createDevServer({ port: 0, lagMs: 100, keepAliveMs: 1000, log: () => undefined, publicServices: true });
});
afterAll(async () => {
  await signals?.close();
});

interface Shop {
  shop: { ready(): Promise<void>; duid(): string; addToCart(id: string, price: number): void; attributes(): Promise<Record<string, unknown>> };
}

const shown = async (page: Page) => (await page.evaluate(() => (window as unknown as Shop).shop.attributes())).count_add_to_cart;

it('ten pages killed after bursts of adds: the page never shows more than the events tracked, and ends exact', { timeout: 90_000 }, async () => {
  console.info(`resend: seed ${SEED} (RESEND_SEED=${SEED} replays it)`);
  const rng = createRandom(SEED);
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const url = `${env.server.origin}/fixtures/signals-storefront.html?signals=${encodeURIComponent(signals.url)}`;
  let tracked = 0;
  const crashed = { close: 0, crash: 0 };
  for (let round = 0; round < 10; round++) {
    const page = await context.newPage();
    (await watchPage(page)).pageErrors = errors;
    await page.goto(url);
    await page.evaluate(() => (window as unknown as Shop).shop.ready());
    expect(await shown(page)).toBeLessThanOrEqual(tracked);
    const burst = rng.int(10, 60);
    await page.evaluate((n) => {
      for (let i = 0; i < n; i++) (window as unknown as Shop).shop.addToCart(`p${i}`, 1);
    }, burst);
    tracked += burst;
    // Killed while requests are in flight and the write-behind may not have run.
    await new Promise((resolve) => setTimeout(resolve, rng.int(0, 15)));
    if (rng.chance(0.5)) {
      crashed.crash++;
      const cdp = await context.newCDPSession(page);
      // The crash answers no command: wait for the page to report it instead.
      const gone = page.waitForEvent('crash');
      void cdp.send('Page.crash').catch(() => undefined);
      await gone;
      await page.close();
    } else {
      crashed.close++;
      await page.close({ runBeforeUnload: false });
    }
  }

  const page = await context.newPage();
  (await watchPage(page)).pageErrors = errors;
  await page.goto(url);
  await page.evaluate(() => (window as unknown as Shop).shop.ready());
  const duid = await page.evaluate(() => (window as unknown as Shop).shop.duid());
  // Samples while the tracker resends and the server catches up: never above the truth.
  const samples: number[] = [];
  await expect.poll(async () => {
    const value = Number(await shown(page));
    samples.push(value);
    return value;
  }, { timeout: 20_000, interval: 50 }).toBe(tracked);
  expect(Math.max(...samples)).toBeLessThanOrEqual(tracked);
  // The server catches up with the tracker's last sends (the page shows local events until it has them).
  await expect.poll(async () => {
    const res = await fetch(`${signals.url}/api/v1/get-online-attributes`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } }),
    });
    return ((await res.json()) as { count_add_to_cart: unknown[] }).count_add_to_cart[0];
  }, { timeout: 15_000, interval: 100 }).toBe(tracked);
  console.info(`resend: ${tracked} adds tracked over 10 pages (${crashed.close} closed, ${crashed.crash} crashed); the collector dropped ${signals.duplicates()} repeated event ids; the page showed at most ${Math.max(...samples)}`);
  expect(errors).toEqual([]);
  await context.close();
});
