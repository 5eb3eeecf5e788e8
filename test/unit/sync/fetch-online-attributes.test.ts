// The get-online-attributes client against a real HTTP server on loopback: request shape, answers,
// the Date header, and every failure rejecting without half an answer.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignalsConfig, fetchOnlineAttributes } from '../../../src/sync/fetch-online-attributes.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = () => undefined;
let endpoint = '';
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => handler(req, body, res));
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
};

describe('fetchOnlineAttributes', () => {
  it('asks for the service in the full-name form and reads one record per id, with the server date', async () => {
    let request: { url?: string | undefined; auth?: string | undefined; body?: unknown } = {};
    handler = (req, body, res) => {
      request = { url: req.url, auth: req.headers.authorization, body: JSON.parse(body) };
      json(res, 200, {
        domain_userid: ['a', 'b'],
        'ecom_attributes_v1:count_add_to_cart': [3, null],
        'ecom_attributes_v1:urls': [['/x'], null],
      }, { Date: 'Tue, 01 Sep 2026 10:00:00 GMT' });
    };
    const answer = await fetchOnlineAttributes({ endpoint: `${endpoint}/`, service: 'ecom', getToken: () => 'tok' }, 'domain_userid', ['a', 'b']);
    expect(request).toEqual({
      url: '/api/v1/get-online-attributes', auth: 'Bearer tok',
      body: { service: 'ecom', attribute_keys: { domain_userid: ['a', 'b'] }, full_attribute_names: true },
    });
    expect(answer.serverDate).toBe(Date.UTC(2026, 8, 1, 10));
    expect(answer.values.get('domain_userid')!.get('a')).toEqual({ 'ecom_attributes_v1:count_add_to_cart': 3, 'ecom_attributes_v1:urls': ['/x'] });
    expect(answer.values.get('domain_userid')!.get('b')).toEqual({ 'ecom_attributes_v1:count_add_to_cart': null, 'ecom_attributes_v1:urls': null });
  });

  for (const [label, respond, message] of [
    ['HTTP 500', (res: ServerResponse) => json(res, 500, { detail: 'boom' }), /HTTP 500/],
    ['HTTP 503', (res: ServerResponse) => json(res, 503, {}), /HTTP 503/],
    ['HTTP 401', (res: ServerResponse) => json(res, 401, { detail: 'no token' }), /HTTP 401/],
    ['malformed JSON', (res: ServerResponse) => json(res, 200, '{"count": [1'), /JSON/],
    ['a list instead of columns', (res: ServerResponse) => json(res, 200, [1, 2]), /object of columns/],
    ['a column of the wrong length', (res: ServerResponse) => json(res, 200, { 'g_v1:n': [1, 2] }), /one value per requested id/],
    ['a column that is not a list', (res: ServerResponse) => json(res, 200, { 'g_v1:n': 1 }), /one value per requested id/],
  ] as const) {
    it(`rejects on ${label}`, async () => {
      handler = (_req, _body, res) => respond(res);
      await expect(fetchOnlineAttributes({ endpoint, service: 's' }, 'domain_userid', ['a'])).rejects.toThrow(message);
    });
  }

  it('rejects on a timeout', async () => {
    handler = () => undefined; // never answers
    const started = Date.now();
    await expect(fetchOnlineAttributes({ endpoint, service: 's', timeoutMs: 200 }, 'domain_userid', ['a'])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('checkSignalsConfig', () => {
  it('refuses an API key in the page, naming the field', () => {
    expect(() => checkSignalsConfig({ endpoint: 'https://x.signals.snowplowanalytics.com', service: 's', apiKey: 'k' }))
      .toThrow(/signals\.apiKey: a Signals API key must never be in the page/);
    expect(() => checkSignalsConfig({ endpoint: 'https://x', service: 's', api_key_id: 'k' })).toThrow(/signals\.api_key_id/);
  });

  it('names a missing endpoint or service', () => {
    expect(() => checkSignalsConfig({ service: 's' })).toThrow(/signals\.endpoint/);
    expect(() => checkSignalsConfig({ endpoint: 'https://x' })).toThrow(/signals\.service/);
    expect(checkSignalsConfig({ endpoint: 'https://x', service: 's' })).toEqual({ endpoint: 'https://x', service: 's' });
  });
});
