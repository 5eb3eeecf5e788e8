// The benchmark's page server, on 127.0.0.1 and a free port. Every response is cross-origin isolated
// (COOP same-origin + COEP require-corp, and CORP same-origin on what it serves), so the pages get
// `crossOriginIsolated === true` and microsecond timers. It serves the built script-tag bundle, the
// Snowplow UMD builds, pages and page scripts added in memory, and a collector that answers 200 to
// every tracker request (the tracker's own costs stay in; no network processing is measured).
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout root. */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** Fixed URL paths → files of the checkout. */
const FILES: Record<string, string> = {
  '/vendor/browser-tracker.js': 'node_modules/@snowplow/browser-tracker/dist/index.umd.min.js',
  '/vendor/ecommerce.js': 'node_modules/@snowplow/browser-plugin-snowplow-ecommerce/dist/index.umd.min.js',
  '/dist/signals-edge.iife.js': 'dist/signals-edge.iife.js',
  '/dist/signals-edge.full.iife.js': 'dist/signals-edge.full.iife.js',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The headers that make a page cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

export interface BenchServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Tracker requests received by the collector endpoints. */
  collectorRequests(): number;
  /** Serves `body` at `path`. */
  addFile(path: string, body: string): void;
  close(): Promise<void>;
}

/** Starts the cross-origin-isolated bench server on a free port of 127.0.0.1. */
export async function startBenchServer(): Promise<BenchServer> {
  const memory = new Map<string, string>();
  let collected = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = { ...ISOLATION_HEADERS, 'cache-control': 'no-store' };
    if (url.pathname === '/com.snowplowanalytics.snowplow/tp2' || url.pathname === '/i') {
      collected++;
      request.resume();
      await new Promise((done) => request.on('end', done));
      response.writeHead(200, { ...headers, 'content-type': 'text/plain' });
      response.end('ok');
      return;
    }
    const inMemory = memory.get(url.pathname);
    if (inMemory !== undefined) {
      response.writeHead(200, { ...headers, 'content-type': TYPES[extname(url.pathname)] ?? 'text/plain' });
      response.end(inMemory);
      return;
    }
    const file = FILES[url.pathname];
    if (file === undefined) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const body = await readFile(resolve(ROOT, file));
    response.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    collectorRequests: () => collected,
    addFile: (path, body) => memory.set(path, body),
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
