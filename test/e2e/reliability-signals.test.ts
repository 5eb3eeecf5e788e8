// Issue 7, a misbehaving Signals in real Chromium: get-online-attributes answering slowly, with a huge
// body, or without CORS headers; an interventions stream that repeats, reorders and drops frames, sends
// frames for other targets and frames that are not interventions; and a device clock 24 h off the
// server's, then jumping. A stand-in Signals on its own origin plays each fault. The page never sees
// an error, the values shown stay exact, and each intervention reaches the handlers once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, watchPage, type PageReport } from './fixtures/launch-chromium.js';
import type { FiredRecord } from './fixtures/open-storefront.js';
import { startFixtureServer, type FixtureServer } from './fixtures/start-fixture-server.js';

type Mode = 'ok' | 'slow' | 'huge' | 'nocors';

/** The stand-in Signals: how it answers reads, what it has seen, and its open streams. */
const signals = {
  mode: 'ok' as Mode,
  url: '',
  reads: 0,
  preflights: 0,
  inFlight: 0,
  maxInFlight: 0,
  streams: [] as ServerResponse[],
  connections: 0,
  /** Writes one SSE frame (`data:` lines) or raw text to every open stream. */
  send(frame: string) {
    for (const res of this.streams) res.write(frame);
  },
  /** Ends every open stream (the browser reconnects by itself). */
  drop() {
    for (const res of this.streams.splice(0)) res.end();
  },
};

const ANSWER = {
  'ecom_attributes_v1:count_product_views': [0], 'ecom_attributes_v1:count_add_to_cart': [0], 'ecom_attributes_v1:total_cart_value': [null],
};
/** The answer with an unknown column of ~8 MB. */
const HUGE = JSON.stringify({ ...ANSWER, 'other_group_v1:blob': ['x'.repeat(8_000_000)], 'ecom_attributes_v1:count_add_to_cart': [0] });

const stub = createServer((req: IncomingMessage, res: ServerResponse) => {
  const cors: Record<string, string> = signals.mode === 'nocors' ? {} : {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Headers': 'content-type, authorization',
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Expose-Headers': 'Date',
  };
  const url = new URL(req.url ?? '/', 'http://stub');
  if (req.method === 'OPTIONS') {
    signals.preflights++;
    res.writeHead(204, cors).end();
    return;
  }
  if (url.pathname === '/api/v1/interventions') {
    signals.connections++;
    res.writeHead(200, { ...cors, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.write('retry: 200\n: hello\n\n');
    signals.streams.push(res);
    req.on('close', () => {
      signals.streams = signals.streams.filter((s) => s !== res);
    });
    return;
  }
  if (url.pathname === '/api/v1/get-online-attributes') {
    req.resume();
    req.on('end', () => {
      signals.reads++;
      signals.inFlight++;
      signals.maxInFlight = Math.max(signals.maxInFlight, signals.inFlight);
      const body = signals.mode === 'huge' ? HUGE : JSON.stringify(ANSWER);
      setTimeout(() => {
        signals.inFlight--;
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(body);
      }, signals.mode === 'slow' ? 2000 : 0);
    });
    return;
  }
  res.writeHead(404, cors).end();
});

let browser: Browser;
let server: FixtureServer;

beforeAll(async () => {
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  signals.url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  [browser, server] = await Promise.all([launchChromium(), startFixtureServer()]);
});

afterAll(async () => {
  signals.drop();
  await browser?.close();
  await server?.close();
  stub.closeAllConnections();
  await new Promise<void>((r) => stub.close(() => r()));
});

beforeEach(() => {
  Object.assign(signals, { mode: 'ok', reads: 0, preflights: 0, inFlight: 0, maxInFlight: 0, connections: 0 });
  signals.drop();
});

interface Shop {
  shop: {
    fired: FiredRecord[];
    ready(): Promise<void>;
    duid(): string;
    viewProduct(id: string, price: number): void;
    addToCart(id: string, price: number): void;
    attributes(selection?: object): Promise<Record<string, unknown>>;
  };
}

async function openShop(context: BrowserContext, query: string): Promise<{ page: Page; report: PageReport }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  await page.goto(`${server.origin}/fixtures/reliability-shop.html?signals=${encodeURIComponent(signals.url)}&${query}`);
  await page.evaluate(() => (window as unknown as Shop).shop.ready());
  return { page, report };
}

/** Adds to cart `n` times ($10 each) in one task; returns the fired names right after, and how long it took. */
function addToCart(page: Page, n: number): Promise<{ fired: string[]; ms: number }> {
  return page.evaluate((count) => {
    const { shop } = window as unknown as Shop;
    const started = performance.now();
    for (let i = 0; i < count; i++) shop.addToCart(`p${i}`, 10);
    return { fired: shop.fired.map((f) => f.name), ms: performance.now() - started };
  }, n);
}

/** getAttributes() every `everyMs` for `forMs`. */
function sample(page: Page, everyMs: number, forMs: number, selection?: object): Promise<Record<string, unknown>[]> {
  return page.evaluate(async ([every, total, sel]) => {
    const { shop } = window as unknown as Shop;
    const out: Record<string, unknown>[] = [];
    for (const end = Date.now() + total; Date.now() < end;) {
      out.push(await shop.attributes(sel ?? undefined));
      await new Promise((r) => setTimeout(r, every));
    }
    return out;
  }, [everyMs, forMs, selection ?? null] as const);
}

const values = (n: number) => ({ count_product_views: 0, count_add_to_cart: n, total_cart_value: n * 10 });
const until = async (done: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('get-online-attributes misbehaving', () => {
  it('answering in 2 s: tracking and crossings do not wait, values stay exact, one request at a time', async () => {
    signals.mode = 'slow';
    const context = await browser.newContext();
    const { page, report } = await openShop(context, 'refresh=100&timeout=5000');
    const { fired, ms } = await addToCart(page, 5);
    expect(fired).toEqual(['cart_abandonment']);
    expect(ms).toBeLessThan(200);
    const samples = await sample(page, 100, 3000);
    expect(samples.filter((s) => JSON.stringify(s) !== JSON.stringify(values(5)))).toEqual([]);
    expect(signals.reads).toBeGreaterThanOrEqual(1);
    expect(signals.maxInFlight).toBe(1);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('answering with an 8 MB body: unknown columns are ignored, values stay exact, the page stays responsive', async () => {
    signals.mode = 'huge';
    const context = await browser.newContext();
    const { page, report } = await openShop(context, 'refresh=200');
    expect((await addToCart(page, 3)).fired).toEqual(['cart_abandonment']);
    await until(() => signals.reads >= 3, 10_000, 'three huge answers');
    const samples = await sample(page, 50, 600);
    expect(samples.filter((s) => JSON.stringify(s) !== JSON.stringify(values(3)))).toEqual([]);
    // Still tracking at full speed.
    const { ms } = await addToCart(page, 10);
    expect(ms).toBeLessThan(500);
    expect(await page.evaluate(() => (window as unknown as Shop).shop.attributes())).toEqual(values(13));
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });

  it('without CORS headers (the browser blocks every answer): local values stay exact, refreshes back off', async () => {
    signals.mode = 'nocors';
    const context = await browser.newContext();
    const { page, report } = await openShop(context, 'refresh=100');
    expect((await addToCart(page, 11)).fired).toEqual(['cart_abandonment', 'free_shipping']);
    const samples = await sample(page, 100, 1500);
    expect(samples.filter((s) => JSON.stringify(s) !== JSON.stringify(values(11)))).toEqual([]);
    // Blocked at the preflight: without back-off, 1.5 s at 100 ms would be ~15 attempts.
    expect(signals.preflights).toBeGreaterThanOrEqual(1);
    expect(signals.preflights).toBeLessThanOrEqual(8);
    expect(signals.reads).toBe(0);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});

describe('the interventions stream misbehaving', () => {
  it('repeated, reordered, dropped and malformed frames, frames for other targets: each intervention for this page reaches the handlers once', async () => {
    const context = await browser.newContext();
    const { page, report } = await openShop(context, 'sse=1&refresh=60000');
    await until(() => signals.streams.length === 1, 10_000, 'the stream');
    const duid = await page.evaluate(() => (window as unknown as Shop).shop.duid());
    const frame = (id: string, name: string, target = duid, version = 1) =>
      `data: ${JSON.stringify({ intervention_id: id, name, version, target_attribute_key: { name: 'domain_userid', id: target }, attributes: { note: '<b>text only</b>' } })}\n\n`;
    const names = () => page.evaluate(() => (window as unknown as Shop).shop.fired.map((f) => `${f.name}:${f.id}:${f.source}`));

    signals.send(frame('a1', 'vip_offer'));
    signals.send(frame('a1', 'vip_offer'));
    // Created second, sent first.
    signals.send(frame('s2', 'second_offer', duid, 2));
    signals.send(frame('s1', 'first_offer'));
    // Not interventions, or not for this page.
    signals.send(': keep-alive\n\n');
    signals.send('data: not json\n\n');
    signals.send('data: {"name":"no_id","version":1}\n\n');
    signals.send('event: other\ndata: {"intervention_id":"n1","name":"named_event","version":1}\n\n');
    signals.send(frame('x1', 'someone_elses_offer', '00000000-0000-4000-8000-000000000000'));
    // Frames arrive in order: once this one is in, every frame before it was handled.
    signals.send(frame('z1', 'sentinel'));
    await expect.poll(async () => (await names()).at(-1)).toBe('sentinel:z1:server');
    expect(await names()).toEqual(['vip_offer:a1:server', 'second_offer:s2:server', 'first_offer:s1:server', 'sentinel:z1:server']);

    // The stream drops; the browser reconnects by itself; a repeat of an old frame is still dropped.
    signals.drop();
    await until(() => signals.streams.length === 1 && signals.connections >= 2, 10_000, 'the reconnection');
    signals.send(frame('a1', 'vip_offer'));
    signals.send(frame('c1', 'after_reconnect'));
    await expect.poll(async () => (await names()).at(-1)).toBe('after_reconnect:c1:server');
    expect((await names()).slice(4)).toEqual(['after_reconnect:c1:server']);

    // The server's copy of a crossing this page fired on the edge is dropped too.
    expect((await addToCart(page, 1)).fired).toContain('cart_abandonment');
    signals.send(frame('srv-ca', 'cart_abandonment'));
    signals.send(frame('c2', 'last_one'));
    await expect.poll(async () => (await names()).at(-1)).toBe('last_one:c2:server');
    expect((await names()).filter((n) => n.startsWith('cart_abandonment'))).toHaveLength(1);

    // Payload text is shown as text: nothing it carries became markup.
    expect(await page.locator('#banners b').count()).toBe(0);
    expect(await page.locator('[data-testid=intervention-vip_offer]').textContent()).toContain('<b>text only</b>');
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});

/** A Date whose clock is `skew` ms off (from `?skew=`, changed with `window.__setSkew(ms)`). */
function installSkewedClock(): void {
  const RealDate = Date;
  let skew = Number(new URLSearchParams(location.search).get('skew') ?? 0);
  const now = () => RealDate.now() + skew;
  (window as unknown as { Date: DateConstructor }).Date = new Proxy(RealDate, {
    construct: (target, args: unknown[]) => (args.length === 0 ? new target(now()) : Reflect.construct(target, args)),
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
  (window as unknown as { __setSkew(ms: number): void }).__setSkew = (ms) => {
    skew = ms;
  };
}

describe('a device clock 24 h off, then jumping', () => {
  const HOUR = 3_600_000;
  for (const skew of [24 * HOUR, -24 * HOUR]) {
    it(`${skew > 0 ? 'ahead' : 'behind'} by 24 h: events after the first answer carry server time; a jump of 2 h is undone by the next answer`, async () => {
      const context = await browser.newContext();
      await context.addInitScript(installSkewedClock);
      // Counted from here: earlier tests of this file read from the same stand-in.
      const readsBefore = signals.reads;
      const { page, report } = await openShop(context, `defs=/fixtures/reliability-definitions.json&refresh=300&skew=${skew}`);
      await until(() => signals.reads >= readsBefore + 1, 5000, 'the first answer');
      // The page has taken the answer (and with it the server's clock) once a server value shows.
      await page.waitForFunction(async () => {
        const details = await (window as unknown as { shop: { inspect(): Promise<{ server: unknown }[]> } }).shop.inspect();
        return details.some((d) => d.server !== null);
      }, undefined, { timeout: 5000 });
      expect(await page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).toBeGreaterThan(skew - 5000);

      const { fired } = await addToCart(page, 3);
      expect(fired).toEqual(['cart_abandonment', 'busy_hour', 'three_adds']);
      const clock = await page.evaluate(() => (window as unknown as Shop).shop.attributes({ group: 'clock' }));
      expect(clock).toMatchObject({ adds: 3, adds_1h: 3 });
      expect(clock.since_last_add).toBeLessThan(5);
      expect(Math.abs(Date.parse(clock.last_seen as string) - Date.now())).toBeLessThan(3000);

      // The device clock jumps 2 h ahead: the window follows it until the next answer corrects the offset.
      await page.evaluate((ms) => (window as unknown as { __setSkew(ms: number): void }).__setSkew(ms), skew + 2 * HOUR);
      const reads = signals.reads;
      await until(() => signals.reads >= reads + 2, 5000, 'two more answers');
      await page.waitForTimeout(100);
      expect(await page.evaluate(() => (window as unknown as Shop).shop.attributes({ group: 'clock' }))).toMatchObject({ adds: 3, adds_1h: 3 });
      const after = await addToCart(page, 1);
      expect(after.fired).toEqual(['cart_abandonment', 'busy_hour', 'three_adds']);
      const last = await page.evaluate(() => (window as unknown as Shop).shop.attributes({ group: 'clock' }));
      expect(last).toMatchObject({ adds: 4, adds_1h: 4 });
      expect(Math.abs(Date.parse(last.last_seen as string) - Date.now())).toBeLessThan(3000);
      expect(report.pageErrors).toEqual([]);
      await context.close();
    });
  }
});
