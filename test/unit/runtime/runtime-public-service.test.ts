// A storefront reading a public service straight from Signals (here the dev server, honouring access modes):
// the runtime sends no token and one identifier per request, and the server's values are shown.
import 'fake-indexeddb/auto';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as {
  services: Record<string, unknown>[];
};
const bundle = { ...tutorial, services: tutorial.services.map((s) => ({ ...s, access_mode: 'public' })) };
const USER = '3b1f7c2e-6d4a-4f0b-9e8c-1a2b3c4d5e6f';

let server: DevServer;
beforeAll(async () => {
  server = await createDevServer({ port: 0, definitions: bundle, log: () => undefined });
});
afterAll(() => server.close());

it('reads a public service without a token, one identifier per request', async () => {
  const sent: { authorization: string | null; body: unknown }[] = [];
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const headers = new Headers(init?.headers);
    if (String(input).endsWith('/api/v1/get-online-attributes')) sent.push({ authorization: headers.get('authorization'), body: JSON.parse(String(init?.body)) });
    return realFetch(input, init);
  });
  try {
    // Another device's view on the server first.
    const view = { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: 'product_view' } };
    const now = Date.now();
    const response = await realFetch(`${server.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{
        e: 'ue', eid: '7a0c1a3e-0000-4000-8000-000000000001', tna: 'sp', p: 'web', url: 'https://shop.example/', duid: USER, dtm: String(now), stm: String(now),
        ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: view }),
      }] }),
    });
    expect(response.status).toBe(200);
    const tracker = {
      id: 'pub', namespace: 'pub', core: { track: () => undefined },
      getDomainUserId: () => USER, getDomainSessionId: () => 's', getUserId: () => null,
    } as unknown as BrowserTracker;
    const runtime = createFullRuntime(tracker, {
      definitions: bundle, storage: 'memory', trackMeasurementEvents: false,
      signals: { endpoint: server.url, service: 'ecom_attributes', refreshIntervalMs: 100 },
    }, null);
    await runtime.ready;
    await vi.waitFor(() => expect(runtime.read({})).toMatchObject({ count_product_views: 1 }), { timeout: 5000 });
    runtime.close();
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.authorization).toBeNull();
      expect(request.body).toMatchObject({ service: 'ecom_attributes', attribute_keys: { domain_userid: [USER] } });
    }
  } finally {
    spy.mockRestore();
  }
});
