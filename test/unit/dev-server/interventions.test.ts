import { afterEach, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import { AUTH, ecommerceAction, newId, openSse, postEvents, waitFor, type SseReader } from './dev-server-helpers.js';

const servers: DevServer[] = [];
const readers: SseReader[] = [];
async function start(options: Parameters<typeof createDevServer>[0] = {}): Promise<DevServer> {
  const server = await createDevServer({ log: () => {}, publicServices: true, ...options });
  servers.push(server);
  return server;
}
async function subscribe(server: DevServer, query: string): Promise<SseReader> {
  const reader = await openSse(`${server.url}/api/v1/interventions?${query}`);
  readers.push(reader);
  await waitFor(() => reader.comments.includes('connected'));
  return reader;
}
afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const push = (server: DevServer, query: string, body: unknown, headers: Record<string, string> = AUTH) =>
  fetch(`${server.url}/api/v1/interventions?${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GET /api/v1/interventions (SSE)', () => {
  it('streams one unnamed data frame per crossing of a subscribed id, once per crossing, without a token', async () => {
    const server = await start({ lagMs: 20 });
    const duid = newId();
    const origin = 'http://shop.example';
    const reader = await openSse(`${server.url}/api/v1/interventions?domain_userid=${duid}`, { Origin: origin });
    readers.push(reader);
    expect(reader.response.status).toBe(200);
    expect(reader.response.headers.get('content-type')).toBe('text/event-stream');
    expect(reader.response.headers.get('access-control-allow-origin')).toBe(origin);

    await postEvents(server.url, [1, 2, 3, 4].map(() => ecommerceAction({ type: 'product_view', duid })));
    await waitFor(() => reader.frames.length === 1);
    const [discount] = reader.frames;
    expect(Object.keys(discount).sort()).toEqual(['attributes', 'intervention_id', 'name', 'target_attribute_key', 'version']);
    expect(discount).toEqual({
      intervention_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'discount',
      version: 1,
      target_attribute_key: { name: 'domain_userid', id: duid },
      attributes: { count_product_views: '4' },
    });

    await postEvents(server.url, [
      ecommerceAction({ type: 'product_view', duid }),
      ecommerceAction({ type: 'add_to_cart', duid, price: 120 }),
    ]);
    await waitFor(() => reader.frames.length === 3);
    expect(reader.frames.slice(1).map((f) => f.name).sort()).toEqual(['cart_abandonment', 'free_shipping']);
    expect(reader.frames.find((f) => f.name === 'free_shipping').attributes).toEqual({ total_cart_value: '120' });
    await waitFor(() => server.processed() === 6);
    await new Promise((r) => setTimeout(r, 30));
    expect(reader.frames).toHaveLength(3); // the 5th view makes no second discount
  });

  it('serves several keys and repeated ids; a crossing reaching two subscribed targets comes once, with one intervention_id', async () => {
    const server = await start();
    const [duid, uid, other] = [newId(), `user-${newId()}`, newId()];
    const both = await subscribe(server, `domain_userid=${duid}&user_id=${uid}`);
    const userOnly = await subscribe(server, `user_id=${uid}`);
    const twoDevices = await subscribe(server, `domain_userid=${duid}&domain_userid=${other}`);
    const stranger = await subscribe(server, `domain_userid=${newId()}`);

    await postEvents(server.url, [
      ecommerceAction({ type: 'add_to_cart', duid, uid, price: 5 }),
      ecommerceAction({ type: 'add_to_cart', duid: other, price: 5 }),
    ]);
    await waitFor(() => both.frames.length >= 1 && userOnly.frames.length >= 1 && twoDevices.frames.length >= 2);
    await new Promise((r) => setTimeout(r, 30));
    expect(both.frames).toHaveLength(1);
    expect(userOnly.frames).toHaveLength(1);
    expect(userOnly.frames[0].target_attribute_key).toEqual({ name: 'user_id', id: uid });
    expect(userOnly.frames[0].intervention_id).toBe(both.frames[0].intervention_id);
    expect(twoDevices.frames.map((f) => f.target_attribute_key.id)).toEqual([duid, other]);
    expect(stranger.frames).toHaveLength(0);
  });

  it('sends keep-alive comments at the configured interval', async () => {
    const server = await start({ keepAliveMs: 25 });
    const reader = await subscribe(server, `domain_userid=${newId()}`);
    await waitFor(() => reader.comments.filter((c) => c === 'keep-alive').length >= 3);
    expect(reader.frames).toHaveLength(0);
  });

  it('opens a stream without a target (the browser plugin never retries a refusal), answers 422 for a bad key name, and ends streams on close', async () => {
    const server = await start();
    const none = await fetch(`${server.url}/api/v1/interventions`);
    expect(none.status).toBe(200);
    expect(none.headers.get('content-type')).toBe('text/event-stream');
    await none.body?.cancel();
    expect((await fetch(`${server.url}/api/v1/interventions?bad-key=1`)).status).toBe(422);
    expect((await fetch(`${server.url}/api/v1/interventions?domain_userid=`)).status).toBe(422);
    const many = new URLSearchParams(Array.from({ length: 51 }, (_, i) => ['domain_userid', `id-${i}`]));
    expect((await fetch(`${server.url}/api/v1/interventions?${many}`)).status).toBe(422);

    const reader = await subscribe(server, `domain_userid=${newId()}`);
    await server.close();
    await reader.ended;
  });
});

describe('POST /api/v1/interventions (direct push)', () => {
  it('delivers to subscribers → success; nobody listening → undelivered', async () => {
    const server = await start();
    const duid = newId();
    const reader = await subscribe(server, `domain_userid=${duid}`);
    const res = await push(server, `domain_userid=${duid}`, { name: 'my_intervention', version: 1, attributes: { score: 0.9 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'success' });
    await waitFor(() => reader.frames.length === 1);
    expect(reader.frames[0]).toEqual({
      intervention_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'my_intervention',
      version: 1,
      target_attribute_key: { name: 'domain_userid', id: duid },
      attributes: { score: '0.9' },
    });

    // Without attributes the frame still has them (the official browser plugin throws on a frame without).
    const fixed = '6f1c2a4e-0b7d-4c3a-9e21-5d8f0a7b3c11';
    const given = await push(server, `domain_userid=${duid}&domain_sessionid=x`, { intervention_id: fixed, name: 'again', version: 2 });
    expect(await given.json()).toEqual({ status: 'success' });
    await waitFor(() => reader.frames.length === 2);
    expect(reader.frames[1]).toEqual({ intervention_id: fixed, name: 'again', version: 2, target_attribute_key: { name: 'domain_userid', id: duid }, attributes: {} });
    const notUuid = await push(server, `domain_userid=${duid}`, { intervention_id: 'fixed-id', name: 'again', version: 2 });
    expect(notUuid.status).toBe(422);
    expect(JSON.stringify(await notUuid.json())).toContain('intervention_id');

    const nobody = await push(server, `domain_userid=${newId()}`, { name: 'my_intervention', version: 1 });
    expect(await nobody.json()).toEqual({ status: 'undelivered' });

    reader.close(); // a subscriber that went away no longer counts
    let status = '';
    for (let i = 0; i < 50 && status !== 'undelivered'; i++) {
      status = (await (await push(server, `domain_userid=${duid}`, { name: 'late', version: 1 })).json()).status;
      if (status !== 'undelivered') await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toBe('undelivered');
  });

  it('needs the bearer and a valid body', async () => {
    const server = await start();
    expect((await push(server, 'domain_userid=a', { name: 'x', version: 1 }, {})).status).toBe(401);
    const bad = await push(server, 'domain_userid=a', { name: 'bad name', version: '1' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([['body', 'name'], ['body', 'version']]);
    expect((await push(server, '', { name: 'x', version: 1 })).status).toBe(422);
    expect((await push(server, 'domain_userid=a', { version: 1, target_attribute_key: 'x' })).status).toBe(422);
  });
});
