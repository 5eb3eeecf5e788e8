// A failing Signals never erases local state: 500, 503, 401, a timeout, malformed JSON and the wrong
// shape all keep the local values, and refreshes back off instead of hammering the server.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
let respond: (res: ServerResponse) => void = () => undefined;
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  req.resume();
  req.on('end', () => respond(res));
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

const add = (i: number) => ({
  e: 'ue', eid: `7a000000-0000-4000-8000-${String(i).padStart(12, '0')}`, tna: 'sp', p: 'web', url: 'https://shop.example/', duid: 'u', dtm: String(Date.now()),
  ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } } }),
  co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price: 30, currency: 'USD' } }] }),
});

const failures: [string, (res: ServerResponse) => void][] = [
  ['HTTP 500', (res) => res.writeHead(500).end('{}')],
  ['HTTP 503', (res) => res.writeHead(503).end()],
  ['HTTP 401', (res) => res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"detail":"token"}')],
  ['a timeout', () => undefined],
  ['malformed JSON', (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"count_add_to_cart": [')],
  ['the wrong shape', (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ecom_attributes_v1:count_add_to_cart": 99}')],
];

describe('server failures keep the local values and back off', () => {
  for (const [label, answer] of failures) {
    it(label, async () => {
      respond = answer;
      requests = 0;
      const tracker = { id: 'sp', namespace: `fail${label.length}`, core: { track: () => undefined }, getDomainUserId: () => 'u', getDomainSessionId: () => 's', getUserId: () => null } as unknown as BrowserTracker;
      const runtime = createFullRuntime(tracker, {
        definitions: tutorial, storage: 'memory', trackMeasurementEvents: false,
        signals: { endpoint, service: 'ecom_attributes', refreshIntervalMs: 50, timeoutMs: 100 },
      }, { warn: () => undefined, info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined });
      await runtime.ready;
      for (let i = 0; i < 4; i++) runtime.onPayload(add(i + label.length * 100));
      await new Promise((r) => setTimeout(r, 1500));
      expect(runtime.read({})).toEqual({ count_product_views: 0, count_add_to_cart: 4, total_cart_value: 120 });
      // Without back-off, 1.5 s at 50 ms would be ~30 requests; backing off (100, 200, 400, 800 ms…) gives a handful.
      expect(requests).toBeGreaterThanOrEqual(2);
      expect(requests).toBeLessThanOrEqual(8);
      runtime.close();
    });
  }
});
