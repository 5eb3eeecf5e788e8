// Tabs at the edges of leadership, in real Chromium: the leader alone decides crossings, so a crossing
// must not be lost when the tab it was routed to goes away before it arrives, nor when the event comes while
// no tab leads (the leader has left and the next one has not got the lock yet); and a tab that finds no
// leader to ask starts from storage without counting twice what the others resend it. All deterministic:
// a tab "leaves" by the pagehide event the runtime listens to, and a plain page of the origin holds the
// leader lock between two leaders.
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { watchPage } from './fixtures/launch-chromium.js';
import { readAttributes, type ShopWindow } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
const LOCK = 'signals-edge.sp.leader';

async function openShop(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  (await watchPage(page)).pageErrors = errors;
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?ls=0`);
  await page.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  return page;
}

const firedIn = (page: Page) => page.evaluate(() => (window as unknown as ShopWindow).shop.fired.map((f) => f.name).sort());

/** Four views and four adds of $1: `discount` (views > 3) and `cart_abandonment` (adds > 0) cross. */
function trackCrossings(page: Page, thenLeave: boolean): Promise<void> {
  return page.evaluate((leave) => {
    const { shop } = window as unknown as ShopWindow;
    for (let i = 0; i < 4; i++) {
      shop.viewProduct(`p${i}`, 1);
      shop.addToCart(`p${i}`, 1);
    }
    // In the same task: the leader's answer can only arrive after this tab has gone.
    if (leave) window.dispatchEvent(new Event('pagehide'));
  }, thenLeave);
}

/** A plain page of the origin that queues for the leader lock now and holds it once granted. */
async function queueForLock(context: BrowserContext): Promise<Page> {
  const holder = await context.newPage();
  await holder.goto(`${env.server.origin}/fixtures/reliability-blank.html`);
  await holder.evaluate((name) => {
    const w = window as unknown as { granted: boolean; letGo: () => void };
    w.granted = false;
    void navigator.locks.request(name, () => new Promise<void>((release) => {
      w.granted = true;
      w.letGo = release;
    }));
  }, LOCK);
  return holder;
}

/** Whether some tab of the origin holds the leader lock (asked from `page`). */
const leaderHeld = (page: Page) => page.evaluate(async (name) => (await navigator.locks.query()).held?.some((l) => l.name === name) ?? false, LOCK);

const granted = (holder: Page) => holder.evaluate(() => (window as unknown as { granted: boolean }).granted);

it('a tab that starts from storage while no tab leads counts an event the others resend to it once, though 600 came after it', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const leader = await openShop(context, errors);
  const holder = await queueForLock(context);
  const other = await openShop(context, errors);
  // One view in `other`, then 600 in the leader: the newest 500 ids stored are all the leader's.
  await other.evaluate(() => (window as unknown as ShopWindow).shop.viewProduct('first', 1));
  await leader.evaluate(() => {
    const { shop } = window as unknown as ShopWindow;
    for (let i = 0; i < 600; i++) shop.viewProduct(`p${i}`, 1);
  });
  await expect.poll(async () => (await readAttributes(other)).count_product_views, { timeout: 5_000 }).toBe(601);
  // The leader leaves (it writes all it has); the lock goes to the plain page, so the new tab finds no
  // leader to ask and starts from storage, while `other` resends its event of a moment ago.
  await leader.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await expect.poll(() => granted(holder), { timeout: 5_000 }).toBe(true);
  const joiner = await openShop(context, errors);
  expect((await readAttributes(joiner)).count_product_views).toBe(601);
  await other.evaluate(() => (window as unknown as ShopWindow).shop.viewProduct('last', 1));
  await expect.poll(async () => (await readAttributes(joiner)).count_product_views, { timeout: 5_000 }).toBe(602);
  expect(errors).toEqual([]);
  await context.close();
});

it('a busy tab that starts from storage written after its start counts an event resent to it once', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const leader = await openShop(context, errors);
  const holder = await queueForLock(context);
  const other = await openShop(context, errors);
  // One view in `other` at t0, then 600 in the leader: the ids stored with a later save are the leader's.
  const t0 = await other.evaluate(() => {
    (window as unknown as ShopWindow).shop.viewProduct('first', 1);
    return Date.now();
  });
  await leader.evaluate(() => {
    const { shop } = window as unknown as ShopWindow;
    for (let i = 0; i < 600; i++) shop.viewProduct(`p${i}`, 1);
  });
  await expect.poll(async () => (await readAttributes(other)).count_product_views, { timeout: 5_000 }).toBe(601);
  await leader.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await expect.poll(() => granted(holder), { timeout: 5_000 }).toBe(true);
  const waitUntil = (page: Page, at: number) => page.evaluate((t) => new Promise((r) => setTimeout(r, t - Date.now())), at);
  // A tab opens 2.4 s after the first view (`other` resends it, tracked under 3 s ago) and is busy for 1.2 s,
  // while `other` saves a view at 3.1 s: the ids stored with that save are of the last 3 s, without the first.
  await waitUntil(other, t0 + 2_400);
  const joiner = await context.newPage();
  (await watchPage(joiner)).pageErrors = errors;
  const opening = joiner.goto(`${env.server.origin}/fixtures/reliability-shop.html?ls=0&busy=1200`);
  await waitUntil(other, t0 + 3_100);
  await other.evaluate(() => (window as unknown as ShopWindow).shop.viewProduct('late', 1));
  await opening;
  await joiner.evaluate(() => (window as unknown as ShopWindow).shop.ready());
  await expect.poll(async () => (await readAttributes(joiner)).count_product_views, { timeout: 5_000 }).toBe(602);
  expect((await readAttributes(other)).count_product_views).toBe(602);
  expect(errors).toEqual([]);
  await context.close();
});

it('a crossing the leader decided at its own event is not decided again by the tab that leads next', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const leader = await openShop(context, errors);
  const next = await openShop(context, errors);
  // The leader tells the others its decision while it applies its own event, before it shares the event.
  await trackCrossings(leader, false);
  await expect.poll(async () => (await readAttributes(next)).count_add_to_cart, { timeout: 5_000 }).toBe(4);
  expect(await firedIn(leader)).toEqual(['cart_abandonment', 'discount']);
  await leader.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  // A view the leaving page shares after its bye: once `next` counts it, it has the bye too.
  await leader.evaluate(() => (window as unknown as ShopWindow).shop.viewProduct('after-bye', 1));
  await expect.poll(async () => (await readAttributes(next)).count_product_views, { timeout: 5_000 }).toBe(5);
  await expect.poll(() => leaderHeld(next), { timeout: 5_000 }).toBe(true);
  // `next` leads and has decided what it held; its only crossing is its own.
  await next.evaluate(() => (window as unknown as ShopWindow).shop.addToCart('big', 200));
  await expect.poll(() => firedIn(next), { timeout: 5_000 }).toEqual(['free_shipping']);
  expect(await firedIn(leader)).toEqual(['cart_abandonment', 'discount']);
  expect(errors).toEqual([]);
  await context.close();
});

it('a crossing routed to a tab that leaves before it arrives is delivered by the leader instead, once', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const leader = await openShop(context, errors);
  const tracking = await openShop(context, errors);
  await trackCrossings(tracking, true);
  await expect.poll(() => firedIn(leader), { timeout: 5_000 }).toEqual(['cart_abandonment', 'discount']);
  expect(await firedIn(tracking)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

it('a crossing at an event that came while no tab led is delivered by the next leader, in the tab that tracked it, once', async () => {
  const errors: string[] = [];
  const context = await env.browser.newContext();
  const first = await openShop(context, errors);
  // A plain page of the origin queues for the leader lock before the other tabs do.
  const holder = await queueForLock(context);
  const next = await openShop(context, errors);
  const tracking = await openShop(context, errors);
  // The leader leaves; the lock goes to the plain page, so no tab leads while the crossings happen.
  await first.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await expect.poll(() => granted(holder), { timeout: 5_000 }).toBe(true);
  await trackCrossings(tracking, false);
  await expect.poll(async () => (await readAttributes(next)).count_add_to_cart, { timeout: 5_000 }).toBe(4);
  expect(await firedIn(tracking)).toEqual([]);
  // The lock goes on to the next tab, which decides what nobody decided.
  await holder.evaluate(() => (window as unknown as { letGo: () => void }).letGo());
  await expect.poll(() => firedIn(tracking), { timeout: 5_000 }).toEqual(['cart_abandonment', 'discount']);
  expect([await firedIn(first), await firedIn(next)]).toEqual([[], []]);
  expect(errors).toEqual([]);
  await context.close();
});
