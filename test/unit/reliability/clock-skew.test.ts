// Clock skew and clock jumps (issue 7; design decision 5, signals-model §14 items 23, 24, 27): event
// times far in the past or the future, the device clock jumping forward and back, and a device clock
// 24 h off the server's. Lifetime values count every readable event, windows follow their rule
// (`now − period < t ≤ now`), time_since_* never goes negative, each crossing fires once, the server's
// Date header corrects the events tracked after its first answer, and nothing throws.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Runtime, type SignalsEdgeConfig } from '../../../src/runtime/create-runtime.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import type { DeliveredIntervention } from '../../../src/runtime/create-intervention-dispatcher.js';

const DEFINITIONS = JSON.parse(readFileSync(new URL('../../e2e/fixtures/reliability-definitions.json', import.meta.url), 'utf8')) as object;
const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 10, 0, 0);

let eid = 0;
/** An add to cart of `price` by user u1, created at `dtm` (a number, or the raw parameter). */
function add(dtm: unknown, price = 10, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    e: 'ue', eid: `c1000000-0000-4000-8000-${String(++eid).padStart(12, '0')}`, tna: 'clock', p: 'web', url: 'https://shop.example/', duid: 'u1',
    dtm: typeof dtm === 'number' ? String(dtm) : dtm,
    ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } } }),
    co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price, currency: 'USD' } }] }),
    ...extra,
  };
}

const open: Runtime[] = [];
const warnings: string[] = [];
const logger = { warn: (m: string) => void warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined };

async function start(namespace: string, extra: Partial<SignalsEdgeConfig> = {}): Promise<{ runtime: Runtime; fired: string[] }> {
  const tracker = {
    id: namespace, namespace, core: { track: () => undefined },
    getDomainUserId: () => 'u1', getDomainSessionId: () => 's1', getUserId: () => null,
  } as unknown as BrowserTracker;
  const runtime = createFullRuntime(tracker, { definitions: DEFINITIONS, storage: 'memory', trackMeasurementEvents: false, ...extra }, logger);
  open.push(runtime);
  await runtime.ready;
  const fired: string[] = [];
  runtime.dispatcher.addHandlers({ h: (i: DeliveredIntervention) => void fired.push(i.name) });
  return { runtime, fired };
}

afterEach(() => {
  for (const r of open.splice(0)) r.close();
  warnings.length = 0;
  vi.useRealTimers();
});

const iso = (ms: number) => new Date(ms).toISOString();

describe('event times far from now', () => {
  it('dtm in 1900, 1970, the year 9999 and the next millisecond of real time: lifetime counts them, windows do not, unreadable ones are skipped once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { runtime, fired } = await start('far');
    const readable = [Date.UTC(1900, 0, 1), 0, 1000, Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    for (const dtm of readable) runtime.onPayload(add(dtm));
    // Outside years 0–9999, not an integer, not a number, missing: unreadable, skipped (one warning).
    for (const dtm of ['253402300800000', '-62167219200001', '12.5', 'soon', '', null]) runtime.onPayload(add(dtm));
    expect(runtime.read({ group: 'clock' })).toEqual({
      adds: 4, adds_1h: 0, first_seen: '1900-01-01T00:00:00.000Z', last_seen: '9999-12-31T23:59:59.999Z', since_last_add: 0,
    });
    expect(runtime.read({ group: 'ecom_attributes' })).toMatchObject({ count_add_to_cart: 4, total_cart_value: 40 });
    // Crossings are evaluated at each event's own time: the events of 1970-01-01T00:00:00.000 and .001
    // are in one hour (busy_hour); the lifetime counter reaches 3 at the third event in time order.
    expect(fired.sort()).toEqual(['busy_hour', 'cart_abandonment', 'three_adds']);
    expect(warnings.filter((w) => /could not be read/.test(w))).toHaveLength(1);
    expect(warnings.filter((w) => /failed; the page/.test(w))).toEqual([]);
  });

  it('a true timestamp (ttm) a day ahead counts for lifetime values, and in the window only once its time has come', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { runtime } = await start('ttm');
    runtime.onPayload(add(T0, 10, { ttm: String(T0 + DAY) }));
    runtime.onPayload(add(T0));
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 2, adds_1h: 1, last_seen: iso(T0 + DAY), since_last_add: 0 });
    vi.setSystemTime(T0 + DAY);
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 2, adds_1h: 1, since_last_add: 0 });
    vi.setSystemTime(T0 + DAY + 2 * HOUR);
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 2, adds_1h: 0, since_last_add: 7200 });
  });
});

describe('device clock jumps', () => {
  it('forward 2 h and back 3 h: windows follow the clock, lifetime values stay, time since never negative, each crossing fires once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { runtime, fired } = await start('jumps');
    const track = () => runtime.onPayload(add(Date.now()));
    track();
    vi.setSystemTime(T0 + MINUTE);
    track();
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 2, adds_1h: 2, since_last_add: 0 });
    expect(fired).toEqual(['cart_abandonment', 'busy_hour']);

    vi.setSystemTime(T0 + 2 * HOUR);
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 2, adds_1h: 0, since_last_add: 7140 });
    track();
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 3, adds_1h: 1, last_seen: iso(T0 + 2 * HOUR) });
    expect(fired).toEqual(['cart_abandonment', 'busy_hour', 'three_adds']);

    // Back to an hour before the first event: every event is in the future.
    vi.setSystemTime(T0 - HOUR);
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 3, adds_1h: 0, since_last_add: 0, last_seen: iso(T0 + 2 * HOUR) });
    track();
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 4, adds_1h: 1, first_seen: iso(T0 - HOUR), last_seen: iso(T0 + 2 * HOUR) });
    expect(runtime.read({ group: 'ecom_attributes' })).toMatchObject({ count_add_to_cart: 4, total_cart_value: 40 });

    vi.setSystemTime(T0 + 2 * HOUR + 10 * MINUTE);
    expect(runtime.read({ group: 'clock' })).toMatchObject({ adds: 4, adds_1h: 1, since_last_add: 600 });
    expect(fired).toEqual(['cart_abandonment', 'busy_hour', 'three_adds']);
  });
});

// A Signals stand-in: answers get-online-attributes for u1 with nothing processed yet, and a Date header
// `skew` ms off the real clock (its own clock: moving this process's Date does not move the server's).
const realNow = () => performance.timeOrigin + performance.now();
let skew = 0;
let answered = 0;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  req.resume();
  req.on('end', () => {
    answered++;
    res.writeHead(200, { 'Content-Type': 'application/json', Date: new Date(realNow() + skew).toUTCString() });
    res.end(JSON.stringify({
      'ecom_attributes_v1:count_product_views': [0], 'ecom_attributes_v1:count_add_to_cart': [0], 'ecom_attributes_v1:total_cart_value': [null], domain_userid: ['u1'],
    }));
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

async function waitForAnswers(count: number): Promise<void> {
  const end = Date.now() + 5000;
  while (answered < count && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 30));
}

describe('device clock 24 h off the server', () => {
  for (const offset of [DAY, -DAY]) {
    it(`${offset > 0 ? 'behind' : 'ahead of'} the server by 24 h: events after the first answer carry server time, values stay exact`, async () => {
      skew = offset;
      answered = 0;
      const { runtime, fired } = await start(`skew${offset}`, { signals: { endpoint, service: 'ecom_attributes', refreshIntervalMs: 60_000 } });
      // Tracked before the first answer: the device's own time.
      runtime.onPayload(add(Date.now()));
      await waitForAnswers(1);
      const tracked = Date.now();
      runtime.onPayload(add(Date.now()));
      runtime.onPayload(add(Date.now()));
      const clock = runtime.read({ group: 'clock' });
      // The first event keeps the device's time: 24 h outside the window either way (before it, or after now).
      expect(clock).toMatchObject({ adds: 3, adds_1h: 2 });
      expect(clock.since_last_add).toBeLessThan(2);
      expect(Math.abs(Date.parse(clock.last_seen as string) - (tracked + Math.max(offset, 0)))).toBeLessThan(2000);
      expect(Math.abs(Date.parse(clock.first_seen as string) - (tracked + Math.min(offset, 0)))).toBeLessThan(2000);
      // The server has processed none of them: the shown values are the three local events.
      expect(runtime.read({ group: 'ecom_attributes' })).toEqual({ count_product_views: 0, count_add_to_cart: 3, total_cart_value: 30 });
      expect(fired.sort()).toEqual(['busy_hour', 'cart_abandonment', 'three_adds']);
      expect(warnings).toEqual([]);
    });
  }

  it('a device clock jumping 10 minutes forward does not make pending events vanish while the server has not processed them', async () => {
    // reconcile.md: pending events are acknowledged without evidence only past a horizon of 5 minutes
    // after they were sent. Measured on the device clock, a jump forward passes it at once: the shown
    // value drops to the server's (which has none of the events) and the next event crosses again.
    skew = 0;
    answered = 0;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const { runtime, fired } = await start('jump-pending', { signals: { endpoint, service: 'ecom_attributes', refreshIntervalMs: 100 } });
    runtime.onPayload(add(Date.now()));
    runtime.onPayload(add(Date.now()));
    await waitForAnswers(2);
    expect(runtime.read({ group: 'ecom_attributes' })).toMatchObject({ count_add_to_cart: 2 });
    vi.setSystemTime(T0 + 10 * MINUTE);
    await waitForAnswers(answered + 2);
    const shown = runtime.read({ group: 'ecom_attributes' });
    runtime.onPayload(add(Date.now()));
    expect({ shown, fired }).toEqual({
      shown: { count_product_views: 0, count_add_to_cart: 2, total_cart_value: 20 },
      // The third add crosses three_adds; cart_abandonment does not fire a second time.
      fired: ['cart_abandonment', 'busy_hour', 'three_adds'],
    });
  });
});
