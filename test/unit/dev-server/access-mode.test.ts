import { afterEach, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer, type DevServerOptions } from '../../../demo/server/create-dev-server.js';
import { AUTH, TUTORIAL, ecommerceAction, newId, postEvents } from './dev-server-helpers.js';

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The tutorial group served by a public service `open` and by `closed` (no access_mode: authenticated). */
const tutorial = TUTORIAL as { services: Record<string, unknown>[] };
const ACCESS_MODES = {
  ...tutorial,
  services: [
    { ...tutorial.services[0], name: 'open', access_mode: 'public' },
    { ...tutorial.services[0], name: 'closed' },
    { ...tutorial.services[0], name: 'explicit', access_mode: 'authenticated' },
  ],
};

/** A server with those services and one device `duid` that viewed 2 products. */
async function start(options: DevServerOptions = {}) {
  const server = await createDevServer({ log: () => {}, definitions: ACCESS_MODES, ...options });
  servers.push(server);
  const duid = newId();
  await postEvents(server.url, [ecommerceAction({ type: 'product_view', duid }), ecommerceAction({ type: 'product_view', duid })]);
  return { server, duid };
}

/** A get-online-attributes call → status, the headers that matter here, and the body. */
async function read(server: DevServer, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/get-online-attributes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    cache: res.headers.get('cache-control'),
    origin: res.headers.get('access-control-allow-origin'),
    challenge: res.headers.get('www-authenticate'),
    body: await res.json(),
  };
}

const service = (name: string, keys: Record<string, string[]>) => ({ service: name, attribute_keys: keys });

describe('access_mode of services (tokenless reads)', () => {
  it('serves one UUID of a public service without a token, to any origin, never cached', async () => {
    const { server, duid } = await start();
    for (const origin of ['https://shop.example', 'http://localhost:5173']) {
      const res = await read(server, service('open', { domain_userid: [duid] }), { Origin: origin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ domain_userid: [duid], count_product_views: [2], count_add_to_cart: [0], total_cart_value: [null] });
      expect(res.cache).toBe('no-store');
      expect(res.origin).toBe(origin);
    }
    const noOrigin = await read(server, service('open', { domain_userid: [duid.toUpperCase()] }));
    expect([noOrigin.status, noOrigin.origin]).toEqual([200, '*']);
    // The browser's preflight for that read is answered for any origin too.
    const preflight = await fetch(`${server.url}/api/v1/get-online-attributes`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('answers 400 naming the rule for several ids, several keys, no id or a non-UUID id', async () => {
    const { server, duid } = await start();
    const several = await read(server, service('open', { domain_userid: [duid, newId()] }));
    expect(several.status).toBe(400);
    expect(several.body.detail).toBe('public service "open": a request without a token reads exactly one identifier of one attribute key (got 1 keys, 2 identifiers)');
    const twoKeys = await read(server, service('open', { domain_userid: [duid], domain_sessionid: [newId()] }));
    expect(twoKeys.status).toBe(400);
    expect(twoKeys.body.detail).toContain('exactly one identifier of one attribute key (got 2 keys, 2 identifiers)');
    expect((await read(server, service('open', { domain_userid: [] }))).status).toBe(400);
    expect((await read(server, service('open', {}))).status).toBe(400);
    const notUuid = await read(server, service('open', { domain_userid: ['user-42'] }));
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.detail).toBe('public service "open": the identifier of domain_userid must be a UUID');
    // Malformed requests are still 422 first.
    expect((await read(server, { service: 'open', attribute_keys: { domain_userid: [7] } })).status).toBe(422);
  });

  it('answers 404 for a tokenless read of a service that is not public (or unknown), 401 for an attributes read', async () => {
    const { server, duid } = await start();
    for (const name of ['closed', 'explicit', 'nope']) {
      const res = await read(server, service(name, { domain_userid: [duid] }));
      expect(res.status, name).toBe(404);
      expect(res.body).toEqual({ detail: `service "${name}" not found` });
    }
    const attributes = await read(server, { attributes: ['ecom_attributes_v1:count_product_views'], attribute_keys: { domain_userid: [duid] } });
    expect([attributes.status, attributes.challenge]).toEqual([401, 'Bearer']);
  });

  it('answers 401 to a wrong bearer even for a public service; a valid one reads any service, any ids', async () => {
    const { server, duid } = await start();
    const wrong = await read(server, service('open', { domain_userid: [duid] }), { Authorization: 'Bearer nope' });
    expect([wrong.status, wrong.challenge, wrong.body]).toEqual([401, 'Bearer', { detail: 'Invalid token' }]);
    expect((await read(server, service('open', { domain_userid: [duid] }), { Authorization: '' })).status).toBe(401);

    const jwt = (await (await fetch(`${server.url}/api/msc/v1/organizations/dev-org/credentials/v3/token`, {
      headers: { 'X-API-Key-Id': 'dev-key-id', 'X-API-Key': 'dev-key' },
    })).json()).accessToken as string;
    for (const headers of [AUTH, { Authorization: `Bearer ${jwt}` }]) {
      const many = await read(server, service('closed', { domain_userid: [duid, 'not-a-uuid', newId()] }), headers);
      expect(many.status).toBe(200);
      expect(many.body.count_product_views).toEqual([2, null, null]);
      expect((await read(server, service('open', { domain_userid: ['x', 'y'] }), headers)).status).toBe(200);
    }
  });

  it('publicServices: true serves every service without a token and any ids; false serves none (401)', async () => {
    const all = await start({ publicServices: true });
    const res = await read(all.server, service('closed', { domain_userid: [all.duid, 'not-a-uuid'] }));
    expect([res.status, res.body.count_product_views]).toEqual([200, [2, null]]);

    const none = await start({ publicServices: false });
    const refused = await read(none.server, service('open', { domain_userid: [none.duid] }));
    expect([refused.status, refused.challenge]).toEqual([401, 'Bearer']);
    expect((await read(none.server, service('open', { domain_userid: [none.duid] }), AUTH)).status).toBe(200);
  });

  it('follows the access modes by default: the tutorial service is public only if its definitions say so', async () => {
    const server = await createDevServer({ log: () => {} });
    servers.push(server);
    const mode = tutorial.services[0]!['access_mode'];
    const res = await read(server, service('ecom_attributes', { domain_userid: [newId()] }));
    expect(res.status).toBe(mode === 'public' ? 200 : 404);
  });
});
