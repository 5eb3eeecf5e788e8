import { describe, expect, it } from 'vitest';
import { AUTH, PAYLOAD_DATA, ecommerceAction, getAttributes, newId, postEvents, waitFor, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();

const serviceRead = (id: string) => ({ service: 'ecom_attributes', attribute_keys: { domain_userid: [id] } });

describe('collector', () => {
  it('answers a tp2 POST at once and processes its events after the lag, not before', async () => {
    const server = await start({ lagMs: 150 });
    const duid = newId();
    const sent = Date.now();
    const res = await postEvents(server.url, [
      ecommerceAction({ type: 'product_view', duid }),
      ecommerceAction({ type: 'add_to_cart', duid, price: 30 }),
    ]);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(server.pending()).toBe(2);
    expect(server.processed()).toBe(0);
    const early = await getAttributes(server.url, serviceRead(duid));
    expect(early.body).toEqual({ domain_userid: [duid], count_product_views: [null], count_add_to_cart: [null], total_cart_value: [null] });

    await waitFor(() => server.processed() === 2);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(145);
    expect(server.pending()).toBe(0);
    const late = await getAttributes(server.url, serviceRead(duid));
    expect(late.body).toEqual({ domain_userid: [duid], count_product_views: [1], count_add_to_cart: [1], total_cart_value: [30] });
  });

  it('reads GET /i (query = one payload, base64 ue_px) and answers with a GIF', async () => {
    const server = await start();
    const duid = newId();
    const payload = ecommerceAction({ type: 'add_to_cart', duid, price: 12.5 });
    const { ue_pr: uePr, co, ...rest } = payload;
    const query = new URLSearchParams({
      ...rest,
      ue_px: Buffer.from(uePr!).toString('base64url'),
      cx: Buffer.from(co!).toString('base64url'),
    });
    const res = await fetch(`${server.url}/i?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    expect(server.processed()).toBe(1);
    const read = await getAttributes(server.url, serviceRead(duid));
    expect(read.body.count_add_to_cart).toEqual([1]);
    expect(read.body.total_cart_value).toEqual([12.5]);
  });

  it('uses the arrival time as collector_tstamp, so derived_tstamp follows Enrich (stm, ttm)', async () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0);
    const bundle = {
      attribute_groups: [{
        name: 'times', version: 1, attribute_key: { name: 'domain_userid' }, is_published: true,
        attributes: [{ name: 'last_derived', type: 'string', aggregation: 'last', events: [], property: { type: 'atomic', name: 'derived_tstamp' } }],
      }],
      services: [{ name: 'times', attribute_groups: [{ name: 'times', version: 1 }] }],
    };
    const server = await start({ definitions: bundle, now: () => now });
    const [a, b, c] = [newId(), newId(), newId()];
    await postEvents(server.url, [
      ecommerceAction({ type: 'product_view', duid: a, dtm: now - 10_000, stm: now - 4_000 }),
      ecommerceAction({ type: 'product_view', duid: b, dtm: now - 10_000 }),
      ecommerceAction({ type: 'product_view', duid: c, ttm: now - 60_000 }),
    ]);
    const read = await getAttributes(server.url, { service: 'times', attribute_keys: { domain_userid: [a, b, c] } });
    expect(read.body.last_derived).toEqual([
      new Date(now - 6_000).toISOString(), // collector − (sent − created)
      new Date(now).toISOString(), // no stm: the collector time
      new Date(now - 60_000).toISOString(), // true timestamp
    ]);
  });

  it('answers malformed bodies 400 with a message, queues none of their events, and keeps running', async () => {
    const server = await start();
    const duid = newId();
    const post = (body: string) => fetch(`${server.url}/com.snowplowanalytics.snowplow/tp2`, { method: 'POST', body });
    const cases: [string, string][] = [
      ['{not json', 'body: not JSON'],
      ['[]', 'body: expected a payload_data object'],
      [JSON.stringify({ schema: 'iglu:x/y/jsonschema/1-0-0', data: [] }), 'schema:'],
      [JSON.stringify({ schema: PAYLOAD_DATA, data: {} }), 'data: expected an array'],
      [JSON.stringify({ schema: PAYLOAD_DATA, data: [1] }), 'data[0]: expected an object'],
      [JSON.stringify({ schema: PAYLOAD_DATA, data: [ecommerceAction({ type: 'product_view', duid }), { eid: 'x' }] }), 'data[1].e: missing event type'],
      [JSON.stringify({ schema: PAYLOAD_DATA, data: [{ e: 'zz', eid: 'x', dtm: '1' }] }), 'data[0].e: unknown event type'],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect((await res.json()).detail).toContain(message);
    }
    const noQuery = await fetch(`${server.url}/i`);
    expect(noQuery.status).toBe(400);
    const badQuery = await fetch(`${server.url}/i?e=pv&eid=1&dtm=notanumber`);
    expect(badQuery.status).toBe(400);
    expect((await badQuery.json()).detail).toContain('query.dtm');
    const tooLarge = await post('x'.repeat(1024 * 1024 + 1));
    expect(tooLarge.status).toBe(413);

    expect(server.processed() + server.pending()).toBe(0);
    const ok = await postEvents(server.url, [ecommerceAction({ type: 'product_view', duid })]);
    expect(ok.status).toBe(200);
    expect(server.processed()).toBe(1);
    expect((await getAttributes(server.url, serviceRead(duid))).body.count_product_views).toEqual([1]);
  });

  it('echoes the Origin with credentials, exposes Date and answers preflights on every endpoint', async () => {
    const now = Date.UTC(2026, 5, 1, 8, 30, 0);
    const server = await start({ now: () => now });
    const origin = 'http://shop.example:5173';
    const res = await postEvents(server.url, [ecommerceAction({ type: 'product_view', duid: newId() })], { Origin: origin });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe('Date');
    expect(res.headers.get('date')).toBe(new Date(now).toUTCString());

    for (const path of ['/com.snowplowanalytics.snowplow/tp2', '/i', '/api/v1/get-online-attributes', '/api/v1/interventions?domain_userid=x', '/api/v1/registry/attribute_groups/', '/definitions.json']) {
      const pre = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,authorization,sp-anonymous' },
      });
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
      expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
      expect(pre.headers.get('access-control-allow-headers')).toBe('content-type,authorization,sp-anonymous');
    }
    const error = await fetch(`${server.url}/api/v1/get-online-attributes`, { method: 'POST', body: '{', headers: { Origin: origin } });
    expect(error.status).toBe(422);
    expect(error.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('answers unknown paths 404 and wrong methods 405', async () => {
    const server = await start();
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not Found' });
    const wrong = await fetch(`${server.url}/com.snowplowanalytics.snowplow/tp2`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST, OPTIONS');
    const registryPatch = await fetch(`${server.url}/api/v1/registry/attribute_groups/`, { method: 'PATCH', body: '{}', headers: AUTH });
    expect(registryPatch.status).toBe(405);
    expect(registryPatch.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});
