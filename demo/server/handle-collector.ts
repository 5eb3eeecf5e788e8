import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventError } from '../../src/errors.js';
import type { AtomicEvent } from '../../src/event/atomic-event.js';
import { fromTrackerPayload } from '../../src/event/from-tracker-payload.js';
import { isRecord } from '../../src/is-record.js';
import { HttpError } from './http-error.js';
import { readBody } from './read-body.js';
import type { ServerContext } from './server-context.js';

const PAYLOAD_DATA = /^iglu:com\.snowplowanalytics\.snowplow\/payload_data\/jsonschema\/1-0-\d+$/;
/** 1×1 transparent GIF, the collector's answer to `GET /i`. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The collector: `POST /com.snowplowanalytics.snowplow/tp2` (a `payload_data` batch) and `GET /i`
 * (the query is one payload). Every payload is read into an atomic event with `collector_tstamp` =
 * arrival, so `derived_tstamp` follows Enrich (tracker-events.md §5.1); then all are queued for
 * processing and the request is answered at once. A request with any unreadable payload is
 * answered 400 naming it, and none of its events is queued.
 */
export async function handleCollector(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> {
  const arrival = ctx.now();
  if (req.method === 'GET') {
    const events = [readEvent(readQueryPayload(url.searchParams), arrival, 'query')];
    ctx.stage.enqueue(events, arrival);
    res.writeHead(200, { 'Content-Type': 'image/gif', 'Content-Length': String(PIXEL.length) });
    res.end(PIXEL);
    return;
  }
  const payloads = readPostPayloads(await readBody(req));
  const events = payloads.map((payload, i) => readEvent(payload, arrival, `data[${i}]`));
  ctx.stage.enqueue(events, arrival);
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': '2' });
  res.end('ok');
}

function readQueryPayload(params: URLSearchParams): Record<string, unknown> {
  const first = new Map<string, string>();
  for (const [key, value] of params) if (!first.has(key)) first.set(key, value);
  if (first.size === 0) throw new HttpError(400, 'GET /i: the query holds no tracker payload');
  return Object.fromEntries(first);
}

function readPostPayloads(text: string): Record<string, unknown>[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `body: not JSON (${(error as Error).message})`);
  }
  if (!isRecord(body)) throw new HttpError(400, 'body: expected a payload_data object {"schema", "data": [...]}');
  if (typeof body['schema'] !== 'string' || !PAYLOAD_DATA.test(body['schema'])) {
    throw new HttpError(400, 'schema: expected iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-*');
  }
  const data = body['data'];
  if (!Array.isArray(data)) throw new HttpError(400, 'data: expected an array of tracker payloads');
  data.forEach((item, i) => {
    if (!isRecord(item)) throw new HttpError(400, `data[${i}]: expected an object`);
  });
  return data as Record<string, unknown>[];
}

function readEvent(payload: Record<string, unknown>, arrival: number, where: string): AtomicEvent {
  try {
    return fromTrackerPayload(payload, { collectorTstamp: arrival });
  } catch (error) {
    if (error instanceof EventError) throw new HttpError(400, `${where}.${error.message}`);
    throw error;
  }
}
