// Shared helpers of the dev-server tests: tracker payloads, HTTP calls, an SSE reader, polling.
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';

export const TUTORIAL = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as unknown;
export const PAYLOAD_DATA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';
export const AUTH = { Authorization: 'Bearer dev-token' };

/**
 * A `start` for dev servers (silent by default) that the test file closes after each test. Its service
 * reads need no token (`publicServices: true`, the demo's override), unless the test says otherwise.
 */
export function useDevServers(): (options?: Parameters<typeof createDevServer>[0]) => Promise<DevServer> {
  const servers: DevServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await createDevServer({ log: () => {}, publicServices: true, ...options });
    servers.push(server);
    return server;
  };
}

let counter = 0;
/** A fresh UUID-like id (unique per call). */
export function newId(): string {
  counter++;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export interface ActionOptions {
  type: 'product_view' | 'add_to_cart';
  duid?: string;
  uid?: string;
  sid?: string;
  price?: number;
  dtm?: number;
  stm?: number;
  ttm?: number;
  eid?: string;
  url?: string;
}

/** A tracker payload (tp2 `data[]` item) of a Snowplow ecommerce action, as the JS tracker sends it by POST. */
export function ecommerceAction(options: ActionOptions): Record<string, string> {
  const payload: Record<string, string> = {
    e: 'ue',
    eid: options.eid ?? newId(),
    tv: 'js-4.10.1',
    tna: 'sp',
    aid: 'dev-server-test',
    p: 'web',
    ue_pr: JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: options.type } },
    }),
  };
  if (options.ttm !== undefined) payload['ttm'] = String(options.ttm);
  else payload['dtm'] = String(options.dtm ?? Date.now());
  if (options.stm !== undefined) payload['stm'] = String(options.stm);
  if (options.duid !== undefined) payload['duid'] = options.duid;
  if (options.uid !== undefined) payload['uid'] = options.uid;
  if (options.sid !== undefined) payload['sid'] = options.sid;
  if (options.url !== undefined) payload['url'] = options.url;
  if (options.price !== undefined) {
    payload['co'] = JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
      data: [{ schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: 'p1', category: 'c', price: options.price, currency: 'USD' } }],
    });
  }
  return payload;
}

/** A page view payload. */
export function pageView(options: { duid?: string; sid?: string; url: string; dtm?: number; stm?: number }): Record<string, string> {
  const payload: Record<string, string> = { e: 'pv', eid: newId(), p: 'web', tv: 'js-4.10.1', url: options.url, dtm: String(options.dtm ?? Date.now()) };
  if (options.stm !== undefined) payload['stm'] = String(options.stm);
  if (options.duid !== undefined) payload['duid'] = options.duid;
  if (options.sid !== undefined) payload['sid'] = options.sid;
  return payload;
}

/** POSTs payloads to the tp2 endpoint; resolves with the response. */
export function postEvents(base: string, payloads: readonly Record<string, unknown>[], headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/com.snowplowanalytics.snowplow/tp2`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
    body: JSON.stringify({ schema: PAYLOAD_DATA, data: payloads }),
  });
}

/** POSTs a get-online-attributes request; resolves with status and parsed body. */
export async function getAttributes(base: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/v1/get-online-attributes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls `predicate` every few ms until true; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface SseReader {
  response: Response;
  /** Parsed `data:` payloads, in order. */
  frames: any[];
  /** Comment lines (without the leading `:`), in order. */
  comments: string[];
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an SSE stream with fetch and parses its frames in the background. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const frames: any[] = [];
  const comments: string[] = [];
  const ended = (async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          for (const line of block.split('\n')) {
            if (line.startsWith('data: ')) frames.push(JSON.parse(line.slice(6)));
            else if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
          }
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  ended.catch(() => undefined);
  return { response, frames, comments, ended, close: () => controller.abort() };
}
