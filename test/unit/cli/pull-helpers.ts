// Shared by the pull-*.test.ts files: a dev server whose registry is filled as the Python SDK fills it
// (the recorded requests of test/fixtures/signals-clients/python-publish.json), a Console proxy that
// counts token exchanges, and `runPull` (pullCommand with an env, its errors turned into exit codes as
// main.ts does).
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import { createDevServer, type DevServer, type DevServerOptions } from '../../../demo/server/create-dev-server.js';
import { EXIT, InputError, UsageError } from '../../../src/cli/main.js';
import { pullCommand, type PullOptions } from '../../../src/cli/pull-command.js';
import { RemoteError } from '../../../src/cli/remote-error.js';
import { createTextSink } from '../../fixtures/cli/run-cli.js';
import { readClientFixture } from '../dev-server/read-client-fixture.js';

type Json = Record<string, any>;

/** Distinct secrets, so a test can look for them in every output. */
export const SECRETS = { token: 'sandbox-secret-7f3a9c', apiKeyId: 'key-id-4411', apiKey: 'api-key-secret-91c2e8', orgId: 'org-5501' };
export const EMPTY = { attribute_groups: [], services: [], interventions: [] };

/** The Python SDK's publish of the tutorial (group, service, three interventions), bodies as recorded. */
export const SDK_PUBLISH = readClientFixture('python-publish.json').map((r) => ({ path: r.path, body: r.body as Json }));

/** `useServers()` → start(options): dev servers with an empty registry and these secrets, closed after each test. */
export function useServers(): (options?: DevServerOptions) => Promise<DevServer> {
  const servers: DevServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await createDevServer({
      log: () => {}, definitions: EMPTY, publicServices: false,
      token: SECRETS.token, apiKeyId: SECRETS.apiKeyId, apiKey: SECRETS.apiKey, orgId: SECRETS.orgId, ...options,
    });
    servers.push(server);
    return server;
  };
}

/** One registry write with the sandbox token as the SDK makes it: POST, and PUT the same body on a 400. */
export async function publish(server: DevServer, path: string, body: Json): Promise<void> {
  const headers = { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${SECRETS.token}` };
  let res = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status === 400) {
    const name = String(body['name']);
    const item = /\/(attribute_groups|interventions)\/$/.test(path) ? `${name}/versions/${body['version'] ?? 1}` : name;
    res = await fetch(`${server.url}${path}${item}`, { method: 'PUT', headers, body: JSON.stringify(body) });
  }
  expect(res.status, `${path} ${await res.clone().text()}`).toBe(200);
}

/** Replays the SDK's publish of the tutorial. */
export async function publishTutorial(server: DevServer): Promise<void> {
  for (const { path, body } of SDK_PUBLISH) await publish(server, path, body);
}

export const GROUPS = '/api/v1/registry/attribute_groups/';
export const SERVICES = '/api/v1/registry/services/';
export const INTERVENTIONS = '/api/v1/registry/interventions/';
export const KEYS = '/api/v1/registry/attribute_keys/';

/** A published stream group on `domain_sessionid` with one counter. */
export function sessionGroup(name: string, version = 1): Json {
  return {
    name, version, is_published: true, online: true, offline: false, owner: 'user@company.com',
    attribute_key: { name: 'domain_sessionid', key: 'domain_sessionid', description: 'The domain session ID.' },
    attributes: [{ name: 'page_views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
  };
}

export interface PullRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pullCommand(args, io, env, options)`, its errors written and turned into exit codes as main.ts does. */
export async function runPull(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: PullOptions = {}): Promise<PullRun> {
  const stdout = createTextSink();
  const stderr = createTextSink();
  let code: number;
  try {
    code = await pullCommand(args, { stdin: process.stdin, stdout, stderr }, env, options);
  } catch (error) {
    if (error instanceof UsageError) code = EXIT.usage;
    else if (error instanceof RemoteError) code = EXIT[error.kind];
    else if (error instanceof InputError) code = EXIT.invalid;
    else throw error;
    stderr.write(`${error.message}\n`);
  }
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The flags of sandbox mode against `server`. */
export const sandbox = (server: DevServer) => ['--api-url', server.url, '--sandbox-token', SECRETS.token];
/** The flags of account mode with the server as the Console too. */
export const account = (server: DevServer, consoleUrl = server.url) => [
  '--api-url', server.url, '--api-key-id', SECRETS.apiKeyId, '--api-key', SECRETS.apiKey, '--org-id', SECRETS.orgId, '--console-url', consoleUrl,
];

/** Fails when a secret (or one of `more`, e.g. the JWTs issued) appears in any of the texts. */
export function expectNoSecret(texts: readonly string[], more: readonly string[] = []): void {
  const secrets = [SECRETS.token, SECRETS.apiKey, ...more, 'wrong-secret-0d1e'];
  for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `a secret in: ${text.slice(0, 300)}`).toBe(false);
}

export interface ConsoleProxy {
  url: string;
  /** Token exchanges answered so far. */
  exchanges: number;
  /** The access tokens it passed on. */
  tokens: string[];
  close(): Promise<void>;
}

/**
 * A Console in front of the dev server's: forwards each request (path and the API key headers) to
 * `target`, counts the exchanges, keeps the tokens and calls `onExchange` after each one is answered.
 */
export async function startConsoleProxy(target: string, onExchange: (count: number) => void = () => {}): Promise<ConsoleProxy> {
  const proxy: ConsoleProxy = { url: '', exchanges: 0, tokens: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const name of ['x-api-key-id', 'x-api-key']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${target}${req.url ?? '/'}`, { headers });
      const text = await answer.text();
      if (answer.status === 200) {
        proxy.exchanges++;
        proxy.tokens.push((JSON.parse(text) as { accessToken: string }).accessToken);
        onExchange(proxy.exchanges);
      }
      res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  return proxy;
}

/** A plain HTTP server answering every request with `handler`; for answers Signals never gives. */
export async function startPlainServer(handler: RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Polls `condition` every 20 ms until true; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('until: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
