// The official Node clients, unchanged, against the dev server: @snowplow/signals-node 0.2.0 (axios, which
// runs signals-core 0.2.0) and @snowplow/signals-core 0.3.0 (given a fetch, its documented extension point)
// read service and group attributes in sandbox mode after tracker events reach the collector. Their wire
// requests are recorded by a pass-through proxy and compared with test/fixtures/signals-clients/node-*.json.
// Account mode: both SDKs send the token exchange to the hard-coded Console host, so the exchange is
// replayed from the fixtures (exact path and headers) against the dev server, and the JWT it returns is
// used as the bearer; signals-core 0.3.0 is also run in account mode with a fetch that sends the Console
// host to the dev server, which exercises the SDK's own token reuse (it decodes the JWT's exp).
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Signals } from '@snowplow/signals-node';
import { SignalsAPIError, SignalsCore, type SignalsCoreOptions, type SignalsCoreSandboxOptions, type SignalsFetchOptions, type SignalsFetchResponse } from '@snowplow/signals-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevServer } from '../../../demo/server/create-dev-server.js';
import { ecommerceAction, openSse, postEvents, useDevServers, waitFor } from './dev-server-helpers.js';
import { readClientFixture, type ClientRequest } from './read-client-fixture.js';

const NODE_READS = readClientFixture('node-get-online-attributes.json');
const NODE_EXCHANGE = readClientFixture('node-token-exchange.json');
const PYTHON_EXCHANGE = readClientFixture('python-token-exchange.json');
const BROWSER_STREAM = readClientFixture('browser-interventions-stream.json');

// The ids the fixtures were recorded with.
const DUID = 'c6ab0e56-3b3a-4e5e-8d4c-2f1b1c9e0a11';
const SID = '7d1f3e2a-9b8c-4d6e-a5f4-3c2b1a0f9e8d';
const CONSOLE = 'https://console.snowplowanalytics.com';

// Default auth (no publicServices override): the tutorial service is `authenticated`, so every read needs the bearer.
const startServer = useDevServers();
const start = () => startServer({ publicServices: false });

/** The tutorial journey of the fixtures' user: 4 product views, one add to cart of 129.99. */
async function trackTutorialUser(server: DevServer): Promise<void> {
  const res = await postEvents(server.url, [
    ...[1, 2, 3, 4].map(() => ecommerceAction({ type: 'product_view', duid: DUID, sid: SID })),
    ecommerceAction({ type: 'add_to_cart', duid: DUID, sid: SID, price: 129.99 }),
  ]);
  expect(res.status).toBe(200);
  expect(server.processed()).toBe(5);
}

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A pass-through HTTP proxy in front of the dev server that records every request as it arrived on the wire. */
interface Recorder {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}
const recorders: Server[] = [];
afterEach(async () => {
  await Promise.all(recorders.splice(0).map((s) => new Promise((r) => s.close(r))));
});
async function startRecorder(target: string): Promise<Recorder> {
  const requests: Recorded[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: body.toString('utf8') });
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  recorders.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** signals-core 0.3.0 as its README says to extend it: a subclass that brings its own fetch. */
class CoreClient extends SignalsCore {
  readonly fetched: string[] = [];
  constructor(params: SignalsCoreOptions | SignalsCoreSandboxOptions, private readonly route: (url: string) => string = (u) => u) {
    super(params);
  }
  protected override fetch(url: string, options: SignalsFetchOptions): Promise<SignalsFetchResponse> {
    this.fetched.push(url);
    return globalThis.fetch(this.route(url), options);
  }
}

/** The fixture's SDK headers are on the recorded request, with the same values (header names compared case-insensitively). */
function expectSdkHeaders(recorded: Recorded, expected: Record<string, string> = {}, replace: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ ...expected, ...replace })) {
    expect(recorded.headers[name.toLowerCase()], `${recorded.method} ${recorded.path} ${name}`).toBe(value);
  }
}

/** The recorded requests are the fixture's: method, path, SDK headers, body (keys in the same order). */
function expectAsRecorded(recorded: Recorded[], expected: ClientRequest[], sdkName: string): void {
  expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual(expected.map((e) => `${e.method} ${e.path}${e.query === undefined ? '' : `?${e.query}`}`));
  recorded.forEach((r, i) => {
    const want = expected[i]!;
    expectSdkHeaders(r, want.headers, { 'X-Signals-Sdk-Name': sdkName });
    expect(r.body).toBe(JSON.stringify(want.body));
  });
}

const decodeJwt = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** The three attribute reads both npm SDKs offer, for the tutorial user of trackTutorialUser. */
type AttributeReads = Pick<Signals, 'getServiceAttributes' | 'getGroupAttributes' | 'getBatchServiceAttributes'>;

/** The tutorial user's values through a service, a group and a batch read (SID was never a domain_userid: nulls). */
async function expectTutorialReads(signals: AttributeReads): Promise<void> {
  expect(await signals.getServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifier: DUID })).toEqual({
    domain_userid: DUID, count_product_views: 4, count_add_to_cart: 1, total_cart_value: 129.99,
  });
  expect(await signals.getGroupAttributes({
    name: 'ecom_attributes', version: 1, attributes: ['count_product_views', 'count_add_to_cart', 'total_cart_value'], attribute_key: 'domain_userid', identifier: DUID,
  })).toEqual({ domain_userid: DUID, count_product_views: 4, count_add_to_cart: 1, total_cart_value: 129.99 });
  expect(await signals.getBatchServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifiers: [DUID, SID] })).toEqual({
    domain_userid: [DUID, SID], count_product_views: [4, null], count_add_to_cart: [1, null], total_cart_value: [129.99, null],
  });
}

describe('@snowplow/signals-node 0.2.0, sandbox (dev-token)', () => {
  it('reads service, group and batch service attributes of tracked users, with the fixture requests', async () => {
    const server = await start();
    await trackTutorialUser(server);
    const recorder = await startRecorder(server.url);
    const signals = new Signals({ baseUrl: `${recorder.url}/`, sandboxToken: 'dev-token' });

    await expectTutorialReads(signals);

    expectAsRecorded(recorder.requests, NODE_READS, 'signals-ts 0.2.0');
    for (const r of recorder.requests) expectSdkHeaders(r, { Authorization: 'Bearer dev-token' });
  });

  it('rejects with the status for a wrong sandbox token (401) and an unknown service (404)', async () => {
    const server = await start();
    const wrong = new Signals({ baseUrl: server.url, sandboxToken: 'not-the-token' });
    await expect(wrong.getServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifier: DUID })).rejects.toThrow(/API error: 401/);
    const signals = new Signals({ baseUrl: server.url, sandboxToken: 'dev-token' });
    await expect(signals.getServiceAttributes({ name: 'no_such_service', attribute_key: 'domain_userid', identifier: DUID })).rejects.toThrow(/API error: 404/);
  });
});

describe('@snowplow/signals-core 0.3.0, sandbox (dev-token)', () => {
  it('reads service and group attributes of tracked users, with the fixture requests (header signals-ts 0.3.0)', async () => {
    const server = await start();
    await trackTutorialUser(server);
    const recorder = await startRecorder(server.url);
    const signals = new CoreClient({ baseUrl: recorder.url, sandboxToken: 'dev-token' });

    await expectTutorialReads(signals);
    expectAsRecorded(recorder.requests, NODE_READS, 'signals-ts 0.3.0');
  });

  it('throws SignalsAPIError with the status for a wrong token and for an attribute of an unknown group', async () => {
    const server = await start();
    const wrong = new CoreClient({ baseUrl: server.url, sandboxToken: 'not-the-token' });
    const denied = await wrong.getServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifier: DUID }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(SignalsAPIError);
    expect((denied as SignalsAPIError).status).toBe(401);
    const signals = new CoreClient({ baseUrl: server.url, sandboxToken: 'dev-token' });
    const unknown = await signals.getGroupAttributes({ name: 'nope', version: 1, attributes: ['x'], attribute_key: 'domain_userid', identifier: DUID }).catch((e: unknown) => e);
    expect((unknown as SignalsAPIError).status).toBe(404);
  });
});

describe('account mode (API key → Console token exchange → JWT bearer)', () => {
  /** The recorded exchange, sent to the dev server's origin instead of the hard-coded Console host. */
  async function replayExchange(server: DevServer, exchange: ClientRequest, headers: Record<string, string> = {}) {
    expect(exchange.host).toBe(CONSOLE);
    expect(exchange.method).toBe('GET');
    const res = await fetch(`${server.url}${exchange.path}`, { method: exchange.method, headers: { ...exchange.headers, ...headers } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  for (const [name, file] of [['signals-node', NODE_EXCHANGE], ['Python SDK', PYTHON_EXCHANGE]] as const) {
    it(`${name}: the recorded exchange gives a JWT with a numeric exp, accepted as the bearer of a registry GET and get-online-attributes`, async () => {
      const server = await start();
      await trackTutorialUser(server);
      const [exchange, ...calls] = file;
      const answer = await replayExchange(server, exchange!);
      expect(exchange!.expect.status).toContain(answer.status);
      const jwt = answer.body['accessToken'];
      expect(typeof jwt).toBe('string');
      expect(jwt as string).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const claims = decodeJwt(jwt as string);
      expect(typeof claims['exp']).toBe('number');
      expect(claims['exp'] as number).toBeGreaterThan(Date.now() / 1000);
      const bearer = { Authorization: `Bearer ${jwt as string}` };

      // The fixture's own API calls, with the issued token in place of the illustrative one.
      for (const call of calls) {
        const res = await fetch(`${server.url}${call.path}`, {
          method: call.method,
          headers: { ...call.headers, ...bearer },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        });
        expect(call.expect.status, `${call.method} ${call.path}`).toContain(res.status);
        if (call.path === '/api/v1/get-online-attributes') {
          expect(await res.json()).toEqual({ domain_userid: [DUID], count_product_views: [4], count_add_to_cart: [1], total_cart_value: [129.99] });
        } else {
          expect(Array.isArray(await res.json())).toBe(true);
        }
        // The fixture's illustrative JWT was not issued by this server: refused.
        const stale = await fetch(`${server.url}${call.path}`, { method: call.method, headers: { ...call.headers }, ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }) });
        expect(stale.status).toBe(401);
      }

      const services = await fetch(`${server.url}/api/v1/registry/services/ecom_attributes`, { headers: bearer });
      expect(services.status).toBe(200);
      expect(await services.json()).toMatchObject({ name: 'ecom_attributes', owner: expect.stringContaining('@') });
    });
  }

  it('answers 401 to the recorded exchange with a wrong key, and the JWT-less call is refused', async () => {
    const server = await start();
    const wrongKey = await replayExchange(server, NODE_EXCHANGE[0]!, { 'X-API-Key': 'wrong-key' });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).not.toHaveProperty('accessToken');
    const wrongId = await replayExchange(server, PYTHON_EXCHANGE[0]!, { 'X-API-Key-Id': 'wrong-id' });
    expect(wrongId.status).toBe(401);
    const none = await fetch(`${server.url}/api/v1/registry/services/`);
    expect(none.status).toBe(401);
  });

  it('signals-core 0.3.0 in account mode, its Console host sent to the dev server: one exchange, the token reused while unexpired', async () => {
    expect(process.env['BDP_NEXT']).toBeUndefined();
    const server = await start();
    await trackTutorialUser(server);
    const recorder = await startRecorder(server.url);
    const toDevServer = (url: string) => (url.startsWith(`${CONSOLE}/`) ? recorder.url + url.slice(CONSOLE.length) : url);
    const signals = new CoreClient({ baseUrl: recorder.url, apiKey: 'dev-key', apiKeyId: 'dev-key-id', organizationId: 'dev-org' }, toDevServer);

    const read = () => signals.getServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifier: DUID });
    const values = { domain_userid: DUID, count_product_views: 4, count_add_to_cart: 1, total_cart_value: 129.99 };
    expect(await read()).toEqual(values);
    expect(await read()).toEqual(values);
    expect(signals.fetched[0]).toBe(`${CONSOLE}${NODE_EXCHANGE[0]!.path}`);
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${NODE_EXCHANGE[0]!.path}`, 'POST /api/v1/get-online-attributes', 'POST /api/v1/get-online-attributes',
    ]);
    const [exchange, first, second] = recorder.requests;
    expectSdkHeaders(exchange!, NODE_EXCHANGE[0]!.headers, { 'X-Signals-Sdk-Name': 'signals-ts 0.3.0' });
    expect(exchange!.headers['authorization']).toBeUndefined();
    expect(first!.headers['authorization']).toMatch(/^Bearer ey/);
    expect(second!.headers['authorization']).toBe(first!.headers['authorization']);

    const wrong = new CoreClient({ baseUrl: recorder.url, apiKey: 'wrong-key', apiKeyId: 'dev-key-id', organizationId: 'dev-org' }, toDevServer);
    // core's _fetchToken reads `.accessToken` of the 401 body (undefined) and sends `Bearer undefined`: refused.
    const denied = await wrong.getServiceAttributes({ name: 'ecom_attributes', attribute_key: 'domain_userid', identifier: DUID }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(SignalsAPIError);
    expect((denied as SignalsAPIError).status).toBe(401);
  });
});

describe('@snowplow/signals-browser-plugin 0.2.1 subscription URLs (EventSource: no credentials, no retry after a non-200)', () => {
  it('the recorded subscription answers 200 text/event-stream at once, with the page origin allowed', async () => {
    const server = await start();
    const [subscription] = BROWSER_STREAM;
    const reader = await openSse(`${server.url}${subscription!.path}?${subscription!.query!}`, subscription!.headers);
    try {
      expect(reader.response.status).toBe(200);
      expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(reader.response.headers.get('access-control-allow-origin')).toBe(subscription!.headers!['Origin']);
      await waitFor(() => reader.comments.includes('connected'));
    } finally {
      reader.close();
    }
  });

  it('with no id known yet (`…/interventions?`, anonymous tracking) the stream opens all the same, with nothing to deliver', async () => {
    const server = await startServer({ publicServices: false, keepAliveMs: 20 });
    for (const query of ['?', '']) {
      const reader = await openSse(`${server.url}/api/v1/interventions${query}`, { Origin: 'http://127.0.0.1:5173' });
      try {
        expect(reader.response.status).toBe(200);
        await waitFor(() => reader.comments.filter((c) => c === 'keep-alive').length >= 2);
        expect(reader.frames).toEqual([]);
      } finally {
        reader.close();
      }
    }
    // Malformed targets are still refused, and a direct push still needs one.
    expect((await fetch(`${server.url}/api/v1/interventions?bad-key=1`)).status).toBe(422);
    const push = await fetch(`${server.url}/api/v1/interventions?`, { method: 'POST', headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' }, body: '{"name":"x","version":1}' });
    expect(push.status).toBe(422);
  });
});
