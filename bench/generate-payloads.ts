// Seeded tracker payloads shaped like the real browser tracker's (POST form: plain `co` / `ue_pr`):
// page views, ecommerce product views, list views, adds and removes, for a number of users.

import { createRandom } from '../test/reference/random-stream.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const CATEGORIES = ['shoes', 'jackets', 'socks', 'home', 'gear', 'bags', 'hats', 'books'];
const PATHS = ['/', '/catalog', '/faq', '/help/returns', '/cart', '/checkout', '/about'];

export interface PayloadOptions {
  seed: number;
  events: number;
  users: number;
  /** dtm of the first event, epoch ms; default 2026-11-01. Events are 0–4 s apart. */
  start?: number;
}

/** The payloads, as an array. */
export function generatePayloads(options: PayloadOptions): Record<string, unknown>[] {
  return [...iteratePayloads(options)];
}

/** The same payloads one at a time, so a million of them never sit in memory together. */
export function* iteratePayloads(options: PayloadOptions): Generator<Record<string, unknown>> {
  const { next: random, pick, uuid } = createRandom(options.seed);
  const users = Array.from({ length: options.users }, () => ({ duid: uuid(), sid: uuid() }));
  let now = options.start ?? Date.UTC(2026, 10, 1);
  for (let i = 0; i < options.events; i++) {
    now += Math.floor(random() * 4000);
    const user = pick(users);
    if (random() < 0.01) user.sid = uuid();
    const url = `https://shop.example.com${pick(PATHS)}`;
    const base: Record<string, unknown> = {
      eid: uuid(), tv: 'js-4.10.1', tna: 'sp', aid: 'shop', p: 'web', cookie: '1', cs: 'UTF-8', lang: 'en-US',
      res: '1920x1080', cd: 24, tz: 'Europe/London', dtm: String(now), vp: '1280x720', ds: '1280x3000', vid: 1,
      sid: user.sid, duid: user.duid, url,
    };
    const webPage = { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: uuid() } };
    if (random() < 0.3) {
      yield { e: 'pv', page: 'Shop', ...base, co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [webPage] }) };
      continue;
    }
    const type = pick(['product_view', 'product_view', 'list_view', 'add_to_cart', 'remove_from_cart']);
    const products = Array.from({ length: type === 'list_view' ? 3 : 1 }, () => ({
      schema: `iglu:${ECOM}/product/jsonschema/1-0-0`,
      data: { id: `sku-${Math.floor(random() * 5000)}`, category: pick(CATEGORIES), price: Math.round(random() * 20000) / 100, currency: 'USD' },
    }));
    yield {
      e: 'ue', ...base,
      ue_pr: JSON.stringify({
        schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
        data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type } },
      }),
      co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [...products, webPage] }),
    };
  }
}
