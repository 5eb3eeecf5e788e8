import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer, type DevServerOptions } from '../../../demo/server/create-dev-server.js';
import { ecommerceAction, newId, openSse, postEvents, waitFor } from './dev-server-helpers.js';

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(options: DevServerOptions = {}): Promise<DevServer> {
  const server = await createDevServer({ log: () => {}, ...options });
  servers.push(server);
  return server;
}

const TOKEN_PATH = (org: string) => `/api/msc/v1/organizations/${org}/credentials/v3/token`;
const DEV_KEY = { 'X-API-Key-Id': 'dev-key-id', 'X-API-Key': 'dev-key' };

/** `GET path` with headers → status, `WWW-Authenticate` and the parsed body. */
async function call(server: DevServer, path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: text === '' ? null : JSON.parse(text) };
}

/** The exchange exactly as the Signals SDKs make it. */
async function exchange(server: DevServer, org = 'dev-org', headers: Record<string, string> = DEV_KEY): Promise<string> {
  const res = await call(server, TOKEN_PATH(org), headers);
  expect(res.status).toBe(200);
  expect(Object.keys(res.body)).toEqual(['accessToken']);
  return res.body.accessToken as string;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const SERVICES = '/api/v1/registry/services/';

describe('Console token exchange', () => {
  it('answers GET …/organizations/{org}/credentials/v3/token with X-API-Key-Id and X-API-Key → a JWT the registry accepts', async () => {
    const t0 = 1_767_225_600_000;
    const server = await start({ now: () => t0 });
    const jwt = await exchange(server);
    const [header, payload, signature] = jwt.split('.');
    expect(decode(header!)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decode(payload!)).toEqual({ sub: 'dev-key-id', org: 'dev-org', iat: t0 / 1000, exp: t0 / 1000 + 3600 });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const services = await call(server, SERVICES, bearer(jwt));
    expect(services.status).toBe(200);
    expect(services.body).toEqual([expect.objectContaining({ name: 'ecom_attributes' })]);
    // Header names are case-insensitive, as HTTP says; a trailing slash is allowed.
    const lower = await call(server, `${TOKEN_PATH('dev-org')}/`, { 'x-api-key-id': 'dev-key-id', 'x-api-key': 'dev-key' });
    expect(lower.status).toBe(200);
  });

  it('answers 401 for a wrong key, key id or organization, or a missing header, without echoing them; 405 for other methods', async () => {
    const server = await start();
    const cases: [string, Record<string, string>][] = [
      ['dev-org', { ...DEV_KEY, 'X-API-Key': 'wrong-key-value' }],
      ['dev-org', { ...DEV_KEY, 'X-API-Key-Id': 'other-id' }],
      ['other-org', DEV_KEY],
      ['dev-org', { 'X-API-Key-Id': 'dev-key-id' }],
      ['dev-org', { 'X-API-Key': 'dev-key' }],
      ['dev-org', {}],
    ];
    for (const [org, headers] of cases) {
      const res = await call(server, TOKEN_PATH(org), headers);
      expect(res.status, JSON.stringify([org, headers])).toBe(401);
      expect(typeof res.body.detail).toBe('string');
      expect(res.body.detail).not.toMatch(/wrong-key-value|dev-key/);
    }
    expect((await call(server, TOKEN_PATH('dev-org'), DEV_KEY, { method: 'POST' })).status).toBe(405);
  });

  it('plays the Console of the organization and key it is given, and refuses the defaults then', async () => {
    const server = await start({ orgId: 'acme', apiKeyId: 'key-1', apiKey: 's3cret' });
    expect((await call(server, TOKEN_PATH('dev-org'), DEV_KEY)).status).toBe(401);
    expect((await call(server, TOKEN_PATH('acme'), DEV_KEY)).status).toBe(401);
    const jwt = await exchange(server, 'acme', { 'X-API-Key-Id': 'key-1', 'X-API-Key': 's3cret' });
    expect(decode(jwt.split('.')[1]!)).toMatchObject({ sub: 'key-1', org: 'acme' });
    expect((await call(server, SERVICES, bearer(jwt))).status).toBe(200);
  });
});

describe('bearer check', () => {
  it('accepts a JWT until it expires, then 401 "Token expired" with WWW-Authenticate: Bearer', async () => {
    let now = 1_767_225_600_000;
    const server = await start({ now: () => now, tokenTtlMs: 60_000 });
    const jwt = await exchange(server);
    now += 59_000;
    expect((await call(server, SERVICES, bearer(jwt))).status).toBe(200);
    now += 1_000;
    const expired = await call(server, SERVICES, bearer(jwt));
    expect(expired).toEqual({ status: 401, challenge: 'Bearer', body: { detail: 'Token expired' } });
    // A fresh exchange works again.
    expect((await call(server, SERVICES, bearer(await exchange(server)))).status).toBe(200);
  });

  it('accepts the sandbox token, and refuses a tampered, forged or foreign JWT and any other bearer', async () => {
    const server = await start({ token: 'sandbox-1' });
    expect((await call(server, SERVICES, bearer('sandbox-1'))).status).toBe(200);
    expect((await call(server, SERVICES, bearer('dev-token'))).status).toBe(401);

    const jwt = await exchange(server);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = decode(payload);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const tampered = [
      `${header}.${encode({ ...claims, exp: claims.exp + 86_400 })}.${signature}`,
      `${header}.${encode({ ...claims, sub: 'someone-else' })}.${signature}`,
      `${header}.${payload}.${flipped}`,
      `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      `${header}.${payload}`,
      'not-a-jwt',
    ];
    for (const token of tampered) {
      const res = await call(server, SERVICES, bearer(token));
      expect(res, token).toEqual({ status: 401, challenge: 'Bearer', body: { detail: 'Invalid token' } });
    }
    // A JWT issued by another dev server (another secret) is not this one's.
    const other = await start({ token: 'sandbox-2' });
    const foreign = await exchange(other);
    expect((await call(server, SERVICES, bearer(foreign))).status).toBe(401);
    expect((await call(other, SERVICES, bearer(foreign))).status).toBe(200);
    // Also one from a server with the same sandbox token: the check is per server, not per token.
    const twin = await start({ token: 'sandbox-1' });
    expect((await call(server, SERVICES, bearer(await exchange(twin)))).status).toBe(401);
  });

  it('protects registry reads and writes, testing, engines/publish, attribute reads and the push; not the SSE stream', async () => {
    const server = await start();
    const jwt = await exchange(server);
    const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const duid = newId();
    const protectedCalls: [string, RequestInit][] = [
      [SERVICES, {}],
      ['/api/v1/registry/attribute_groups/ecom_attributes', {}],
      ['/api/v1/registry/attribute_groups/', json({})],
      ['/api/v1/testing/attribute_groups', json({})],
      ['/api/v1/engines/publish', json({})],
      ['/api/v1/get-online-attributes', json({ attributes: ['ecom_attributes_v1:count_product_views'], attribute_keys: { domain_userid: [duid] } })],
      [`/api/v1/interventions?domain_userid=${duid}`, json({ name: 'x', version: 1 })],
    ];
    for (const [path, init] of protectedCalls) {
      for (const headers of [{}, bearer('wrong'), { Authorization: 'Basic dev-token' }]) {
        const res = await call(server, path, headers, init);
        expect([path, res.status, res.challenge]).toEqual([path, 401, 'Bearer']);
      }
      for (const token of [jwt, 'dev-token']) {
        const res = await call(server, path, bearer(token), init);
        expect([path, res.status]).not.toEqual([path, 401]);
      }
    }
    const attributes = await call(server, '/api/v1/get-online-attributes', bearer(jwt), protectedCalls[5]![1]);
    expect(attributes.body).toEqual({ domain_userid: [duid], count_product_views: [null] });

    const stream = await openSse(`${server.url}/api/v1/interventions?domain_userid=${duid}`);
    try {
      expect(stream.response.status).toBe(200);
      await waitFor(() => stream.comments.includes('connected'));
      const push = await call(server, `/api/v1/interventions?domain_userid=${duid}`, bearer(jwt), json({ name: 'promo', version: 1 }));
      expect(push.body).toEqual({ status: 'success' });
      await waitFor(() => stream.frames.length === 1);
    } finally {
      stream.close();
    }
    // The collector needs no token either.
    expect((await postEvents(server.url, [ecommerceAction({ type: 'product_view', duid })])).status).toBe(200);
  });
});

describe('dev-server CLI credentials', () => {
  it('prints the exchange URL and the credentials, masks a key given by flag, and serves that key', { timeout: 20_000 }, async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', '--port', '0', '--org-id', 'acme', '--api-key', 'cli-s3cret'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('sandbox token:')) resolve();
        });
        child.on('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)![1]!;
      expect(stdout).toBe([
        `listening on ${url}`,
        `console: GET ${url}/api/msc/v1/organizations/acme/credentials/v3/token`,
        '  org id acme, X-API-Key-Id dev-key-id, X-API-Key ****** (as given)',
        'sandbox token: dev-token',
        '',
      ].join('\n'));
      const res = await fetch(`${url}${TOKEN_PATH('acme')}`, { headers: { 'X-API-Key-Id': 'dev-key-id', 'X-API-Key': 'cli-s3cret' } });
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(stdout).not.toContain('cli-s3cret');
  });
});
