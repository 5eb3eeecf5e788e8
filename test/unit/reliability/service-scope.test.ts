// Found by the clock tests of issue 7 (test/e2e/reliability-signals.test.ts): groups the configured
// Signals service does not serve never get a server value, so their shown value is the local one
// (reconcile.md: "with no server answer yet, shown = local"; state is kept "per (attribute key id,
// group version)"). Acknowledging events for the service's groups must not take them away from the
// other groups on the same key.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { inspectState } from '../../../src/plugin/inspect-state.js';

const DEFINITIONS = JSON.parse(readFileSync(new URL('../../e2e/fixtures/reliability-definitions.json', import.meta.url), 'utf8')) as object;
const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';

/** The server has processed every add this browser tracked: it answers with `processed` of them. */
let processed = 0;
let answers = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    answers++;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
      'ecom_attributes_v1:count_product_views': [0],
      'ecom_attributes_v1:count_add_to_cart': [processed],
      'ecom_attributes_v1:total_cart_value': [processed === 0 ? null : processed * 10],
      domain_userid: ['u1'],
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

let eid = 0;
const add = () => ({
  e: 'ue', eid: `5c000000-0000-4000-8000-${String(++eid).padStart(12, '0')}`, tna: 'scope', p: 'web', url: 'https://shop.example/', duid: 'u1', dtm: String(Date.now()),
  ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } } }),
  co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price: 10, currency: 'USD' } }] }),
});

it('a group outside the service keeps its local values once the server has processed the events', async () => {
  const tracker = {
    id: 'scope', namespace: 'scope', core: { track: () => undefined },
    getDomainUserId: () => 'u1', getDomainSessionId: () => 's1', getUserId: () => null,
  } as unknown as BrowserTracker;
  const runtime = createFullRuntime(tracker, {
    definitions: DEFINITIONS, storage: 'memory', trackMeasurementEvents: false,
    signals: { endpoint, service: 'ecom_attributes', refreshIntervalMs: 50 },
  }, null);
  await runtime.ready;
  runtime.onPayload(add());
  runtime.onPayload(add());
  const { since_last_add: _since, ...before } = runtime.read({ group: 'clock' });
  expect(before).toMatchObject({ adds: 2, adds_1h: 2 });

  // The server catches up with both adds; the next answers acknowledge them.
  processed = 2;
  const seen = answers;
  while (answers < seen + 3) await new Promise((r) => setTimeout(r, 10));
  expect(runtime.read({ group: 'ecom_attributes' })).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 20 });
  expect(inspectState(runtime.view()!).filter((d) => d.group === 'ecom_attributes').map((d) => d.pending)).toEqual([0, 0, 0]);
  // The `clock` group is not in the service: no server value, so the local one.
  expect(runtime.read({ group: 'clock' })).toMatchObject(before);
  runtime.close();
});
