// Device clock jumps in real Chromium: the page's clock (Date, new Date(), performance.timeOrigin) set
// back and forward by hours and by days, between sessions (a reload) and in the middle of one, first
// with no server, then with the dev server configured. A reference model of the rules (clock-model.ts)
// says what every value and every crossing must be: windows, first/last, a lifetime TTL and send-once
// follow the device clock without a server, and the server's clock once it has answered.
import type { BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { clockDefinitions } from './fixtures/clock-definitions.js';
import { createClockModel, type ClockModel, type ClockValues } from './fixtures/clock-model.js';
import { installFakeClock, setClockOffset, type FakeClockWindow } from './fixtures/install-fake-clock.js';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { readDatabase, type FiredRecord } from './fixtures/open-storefront.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFINITIONS = '/fixtures/clock-definitions.json';
const PRICE = 10;

let signals: DevServer;
beforeAll(async () => {
  env.server.addFile(DEFINITIONS, JSON.stringify(clockDefinitions()));
  signals = await createDevServer({ definitions: clockDefinitions(), log: () => undefined, publicServices: true });
});
afterAll(() => signals?.close());

interface ClockShop {
  shop: {
    fired: FiredRecord[];
    ready(): Promise<void>;
    addToCart(id: string, price: number): void;
    attributes(): Promise<Record<string, unknown>>;
    inspect(): Promise<{ server: { fetchedAt: number } | null }[]>;
  };
}

async function openShop(context: BrowserContext, query = ''): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${env.server.origin}/fixtures/reliability-shop.html?defs=${DEFINITIONS}${query}`);
  await page.evaluate(() => (window as unknown as ClockShop).shop.ready());
  return { page, report };
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.evaluate(() => (window as unknown as ClockShop).shop.ready());
}

/** One add to cart of PRICE; the device's and the real time it was tracked at, and what fired inside track(). */
function addToCart(page: Page): Promise<{ device: number; real: number; fired: string[] }> {
  return page.evaluate((price) => {
    const { shop } = window as unknown as ClockShop;
    const from = shop.fired.length;
    const device = Date.now();
    const real = (window as unknown as FakeClockWindow).__realNow();
    shop.addToCart('p', price);
    return { device, real, fired: shop.fired.slice(from).map((f) => f.name) };
  }, PRICE);
}

/** The values shown, and the device's time when they were read. */
function readValues(page: Page): Promise<{ values: Record<string, unknown>; device: number; real: number }> {
  return page.evaluate(async () => {
    const values = await (window as unknown as ClockShop).shop.attributes();
    return { values, device: Date.now(), real: (window as unknown as FakeClockWindow).__realNow() };
  });
}

/** Compares shown values with the model's: counts exactly, times to within `toleranceMs`. */
function expectValues(shown: Record<string, unknown>, expected: ClockValues, toleranceMs: number, step: string): void {
  const counts = ['count_add_to_cart', 'total_cart_value', 'adds', 'adds_1h', 'adds_ttl'] as const;
  expect(Object.fromEntries(counts.map((c) => [c, shown[c]])), step).toEqual(Object.fromEntries(counts.map((c) => [c, expected[c]])));
  for (const name of ['first_seen', 'last_seen'] as const) {
    const want = expected[name];
    if (want === null) expect(shown[name], `${step}: ${name}`).toBeNull();
    else expect(Math.abs(Date.parse(String(shown[name])) - Date.parse(want)), `${step}: ${name} ${String(shown[name])} vs ${want}`).toBeLessThanOrEqual(toleranceMs);
  }
  if (expected.since_last_add === null) {
    expect(shown.since_last_add, `${step}: since_last_add`).toBeNull();
  } else {
    expect(shown.since_last_add as number, `${step}: time since never negative`).toBeGreaterThanOrEqual(0);
    expect(Math.abs((shown.since_last_add as number) - expected.since_last_add), `${step}: since_last_add`).toBeLessThanOrEqual(toleranceMs / 1000 + 1);
  }
}

/** Every handler call of the page so far, with its intervention id. */
function firedIn(page: Page): Promise<{ name: string; id: string }[]> {
  return page.evaluate(() => (window as unknown as ClockShop).shop.fired.map((f) => ({ name: f.name, id: f.id })));
}

interface Figures {
  faults: number;
  sent: number;
  /** Handler calls of every page of the test. */
  fired: { name: string; id: string }[];
  /** Crossings of the model. */
  crossings: number;
}

/** Adds `n` times at the page's clock; each event applied to the model at `timeOf(tracked)`; checks what fired. */
async function addAndCheck(page: Page, model: ClockModel, n: number, step: string, timeOf: (at: { device: number; real: number }) => number, figures: Figures): Promise<void> {
  for (let i = 0; i < n; i++) {
    const tracked = await addToCart(page);
    const crossings = model.track(timeOf(tracked), PRICE);
    figures.sent++;
    figures.crossings += crossings.length;
    expect(tracked.fired, `${step}: add ${i + 1} fires`).toEqual(crossings);
  }
}

function countDuplicates(fired: { name: string; id: string }[]): number {
  return fired.length - new Set(fired.map((f) => f.id)).size;
}

describe('device clock jumps without a server', () => {
  it('back and forward by hours and days, between sessions and during one: windows, first/last, TTL and send-once follow the device clock', async () => {
    const context = await env.browser.newContext();
    await context.addInitScript(installFakeClock, 0);
    const { page, report } = await openShop(context);
    const model = createClockModel();
    const figures: Figures = { faults: 0, sent: 0, fired: [], crossings: 0 };
    // Each step sets the device clock (real time + offset) by a reload or at once, checks what is shown,
    // then adds to cart. Expected values and crossings come from the model at the device's times.
    const steps: { how: 'start' | 'reload' | 'jump'; offset: number; adds: number }[] = [
      { how: 'start', offset: 0, adds: 2 },
      { how: 'reload', offset: -2 * HOUR, adds: 2 },
      { how: 'jump', offset: 2 * DAY, adds: 2 },
      { how: 'jump', offset: -1 * DAY, adds: 1 },
      { how: 'reload', offset: 3 * HOUR, adds: 1 },
      { how: 'reload', offset: -3 * DAY, adds: 2 },
      { how: 'jump', offset: -3 * DAY + 5 * HOUR, adds: 2 },
      { how: 'jump', offset: -3 * DAY - 4 * HOUR, adds: 1 },
      { how: 'reload', offset: 4 * DAY, adds: 2 },
      { how: 'reload', offset: 0, adds: 1 },
    ];
    for (const { how, offset, adds } of steps) {
      const step = `${how} to ${offset / HOUR} h`;
      if (how !== 'start') {
        figures.faults++;
        if (how === 'reload') figures.fired.push(...(await firedIn(page)));
        await setClockOffset(page, offset);
        if (how === 'reload') await reload(page);
      }
      const shown = await readValues(page);
      expect(Math.abs(shown.device - shown.real - offset), step).toBeLessThan(50);
      expectValues(shown.values, model.read(shown.device), 1000, step);
      await addAndCheck(page, model, adds, step, (at) => at.device, figures);
      const after = await readValues(page);
      expectValues(after.values, model.read(after.device), 1000, `${step}, after the adds`);
    }
    figures.fired.push(...(await firedIn(page)));

    // Every crossing fired once: as many handler calls as the model's transitions, each its own intervention.
    const expected = steps.reduce((n, s) => n + s.adds, 0);
    expect(figures.sent).toBe(expected);
    expect((await readValues(page)).values.adds).toBe(expected);
    expect(figures.fired.map((f) => f.name).sort()).toEqual([
      'busy_hour', 'busy_hour', 'busy_hour', 'busy_hour', 'busy_hour', 'busy_hour',
      'cart_abandonment', 'free_shipping', 'three_adds', 'ttl_pair', 'ttl_pair', 'ttl_pair',
    ]);
    expect(figures.fired).toHaveLength(figures.crossings);
    expect(countDuplicates(figures.fired)).toBe(0);
    expect(report.pageErrors).toEqual([]);
    expect(report.consoleWarnings).toEqual([]);
    console.info(`clock jumps, no server: ${figures.faults} clock changes (4 by reload, 5 during a session; hours and days, back and forward), `
      + `${figures.sent} events tracked, ${expected} counted, ${figures.fired.length} crossings fired (the model's ${figures.crossings}), `
      + `${countDuplicates(figures.fired)} duplicates`);
    await context.close();
  });
});

/** Holds get-online-attributes requests until `open()`: events tracked meanwhile precede the first answer. */
function holdAnswers(): { handler: (route: Route) => Promise<void>; open(): void; close(): void } {
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  return {
    handler: async (route) => {
      await gate;
      await route.continue().catch(() => undefined);
    },
    open: () => release(),
    close: () => {
      gate = new Promise((resolve) => (release = resolve));
    },
  };
}

/**
 * Waits until the page's latest answer was computed after `after` (real time, which is the server's) and
 * is timed on the server's clock: its `fetchedAt` (device time + the learned offset) within 1.5 s of
 * real time. The `Date` header has whole seconds, so the page's estimate may be up to ~0.6 s off.
 */
async function waitForServerClock(page: Page, after: number): Promise<void> {
  await expect.poll(() => page.evaluate(async (from) => {
    const details = await (window as unknown as ClockShop).shop.inspect();
    const real = (window as unknown as FakeClockWindow).__realNow();
    return details.some((d) => d.server !== null && d.server.fetchedAt > from && Math.abs(d.server.fetchedAt - real) < 1500);
  }, after), { timeout: 5000, interval: 20 }).toBe(true);
}

describe('device clock jumps with the dev server configured', () => {
  it('a day ahead, then 2 days back during the session, then 5 h behind after a reload: events after each answer carry server time', async () => {
    const context = await env.browser.newContext();
    await context.addInitScript(installFakeClock, 26 * HOUR);
    const answers = holdAnswers();
    answers.close();
    await context.route('**/api/v1/get-online-attributes', answers.handler);
    const { page, report } = await openShop(context, `&signals=${encodeURIComponent(signals.url)}&refresh=300`);
    const model = createClockModel();
    const figures: Figures = { faults: 1, sent: 0, fired: [], crossings: 0 };
    const device = (at: { device: number }) => at.device;
    const server = (at: { real: number }) => at.real;

    // Before the first answer: the device's time (a day and 2 h ahead).
    await addAndCheck(page, model, 1, 'before the first answer', device, figures);
    answers.open();
    await waitForServerClock(page, 0);
    // After it: server time. The first event stays in the future: the last one, outside the window.
    await addAndCheck(page, model, 2, 'after the first answer', server, figures);
    let shown = await readValues(page);
    expectValues(shown.values, model.read(shown.real), 1500, 'after the first answer');

    // The device clock jumps 2 days back (to 22 h behind): the next answer undoes it.
    // (Answers from before the jump were computed before it, give or take the header's rounding.)
    figures.faults++;
    const jumpedAt = Date.now();
    await setClockOffset(page, -22 * HOUR);
    await waitForServerClock(page, jumpedAt + 700);
    shown = await readValues(page);
    expectValues(shown.values, model.read(shown.real), 1500, 'after the jump back, once answered');
    await addAndCheck(page, model, 1, 'after the jump back', server, figures);

    // A reload with the device 5 h behind: before this page's first answer, device time again; then server time.
    figures.faults++;
    figures.fired.push(...(await firedIn(page)));
    answers.close();
    await setClockOffset(page, -5 * HOUR);
    await reload(page);
    await addAndCheck(page, model, 1, 'after the reload, before its first answer', device, figures);
    // (The answers stored by the previous page are on the server's clock too: wait for a newer one.)
    const releasedAt = Date.now();
    answers.open();
    await waitForServerClock(page, releasedAt + 700);
    await addAndCheck(page, model, 1, 'after the reload, answered', server, figures);
    shown = await readValues(page);
    // Nothing acknowledged without evidence: the journal of the event tracked at device time was moved
    // onto the server's clock, so it is not 5 h old (count_add_to_cart is local + pending, the server has none).
    expectValues(shown.values, model.read(shown.real), 1500, 'after the reload, answered');
    figures.fired.push(...(await firedIn(page)));

    // The pending journal holds each event's time: device time for the two tracked before an answer,
    // server time for the others.
    await expect.poll(async () => (((await readDatabase(page, 'sp', 'ids')) ?? []) as { sync?: { pending: unknown[] } }[])
      .reduce((n, r) => n + (r.sync?.pending.length ?? 0), 0)).toBe(model.times.length);
    const stored = ((await readDatabase(page, 'sp', 'ids')) ?? []) as { sync?: { pending: { t: number; q: number }[] } }[];
    const times = stored.flatMap((r) => r.sync?.pending ?? []).sort((a, b) => a.q - b.q).map((p) => p.t);
    const errors = times.map((t, i) => Math.abs(t - model.times[i]!));
    expect(Math.max(...errors)).toBeLessThan(1500);

    expect(figures.fired.map((f) => f.name).sort()).toEqual(['busy_hour', 'cart_abandonment', 'three_adds', 'ttl_pair']);
    expect(figures.fired).toHaveLength(figures.crossings);
    expect(countDuplicates(figures.fired)).toBe(0);
    expect(report.pageErrors).toEqual([]);
    expect(report.consoleWarnings).toEqual([]);
    console.info(`clock jumps, dev server: ${figures.faults} clock faults (26 h ahead, 2 days back mid-session, 5 h behind after a reload), `
      + `${figures.sent} events tracked, ${(await readValues(page)).values.adds as number} counted, ${figures.fired.length} crossings fired (the model's ${figures.crossings}), `
      + `${countDuplicates(figures.fired)} duplicates; largest error of an event time against the model ${Math.max(...errors)} ms`);
    await context.close();
  });
});
