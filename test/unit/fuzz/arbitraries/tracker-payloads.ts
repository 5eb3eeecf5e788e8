// Readable tracker payloads (what afterTrack receives) over the event universe: page views, page
// pings, structured and self-describing events, with entities, plain or base64url-encoded JSON, a few
// users and sessions, in time order.
import fc from 'fast-check';
import { ENTITY_SCHEMAS, EVENT_SCHEMAS, type UniverseSchema } from './event-universe.js';

export type Payload = Record<string, unknown>;

const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
const UNSTRUCT = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
/** When the generated events start: 2026-11-03. */
export const PAYLOADS_START = Date.UTC(2026, 10, 3);

const selfDescribing = (schema: UniverseSchema) => schema.data.map((data) => ({
  schema: `iglu:${schema.vendor}/${schema.name}/jsonschema/${schema.version}`, data,
}));

/** A JSON parameter as the tracker sends it: plain in `plain`, or base64url in `encoded`. */
const jsonParam = (plain: string, encoded: string, value: unknown) => fc.boolean().map((base64): Payload => {
  const text = JSON.stringify(value);
  return base64 ? { [encoded]: Buffer.from(text, 'utf8').toString('base64url') } : { [plain]: text };
});

const entities = fc.array(fc.constantFrom(...ENTITY_SCHEMAS).chain(selfDescribing), { maxLength: 3 })
  .chain((list) => (list.length === 0 ? fc.constant({}) : jsonParam('co', 'cx', { schema: CONTEXTS, data: list })));

const byType = fc.oneof(
  fc.constant<Payload>({ e: 'pv' }),
  fc.record({ pp_mix: fc.nat(100), pp_max: fc.nat(900), pp_miy: fc.nat(100), pp_may: fc.nat(3000) }).map((p) => ({ e: 'pp', ...p })),
  fc.record({
    se_ca: fc.constantFrom('video', 'promo', 'shoes'), se_ac: fc.constantFrom('play', 'click'),
    se_la: fc.constantFrom('intro', ''), se_va: fc.oneof(fc.constantFrom('1', '2.5', '-3'), fc.integer({ min: 0, max: 9 })),
  }, { requiredKeys: ['se_ca', 'se_ac'] }).map((p) => ({ e: 'se', ...p })),
  fc.constantFrom(...EVENT_SCHEMAS).chain(selfDescribing)
    .chain((event) => jsonParam('ue_pr', 'ue_px', { schema: UNSTRUCT, data: event }))
    .map((p) => ({ e: 'ue', ...p })),
);

const common = fc.record({
  eid: fc.uuid(),
  p: fc.constant('web'),
  aid: fc.constantFrom('shop', 'blog'),
  tv: fc.constant('js-4.10.1'),
  url: fc.constantFrom('https://shop.example.com/products/1?utm_source=news', 'https://shop.example.com/cart', 'http://127.0.0.1:8080/help#faq'),
  page: fc.constantFrom('Shop', 'Cart', ''),
  refr: fc.constantFrom('https://www.google.com/search?q=shoes', 'https://shop.example.com/'),
  duid: fc.constantFrom('u1', 'u2', 'u3'),
  sid: fc.constantFrom('s1', 's2', 's3', 's4'),
  uid: fc.constantFrom('alice', 'bob', '__proto__'),
  tnuid: fc.constantFrom('n1', 'n2'),
  vid: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('1', '2')),
  res: fc.constantFrom('1280x720', '390x844'),
  lang: fc.constantFrom('en-US', 'fr'),
  cookie: fc.constantFrom('1', '0'),
  tr_tt: fc.constantFrom('10.5', '0', '99'),
  ti_qu: fc.constantFrom('1', '3'),
}, { requiredKeys: ['eid', 'p', 'url', 'duid', 'sid', 'tnuid'] });

/** One readable payload tracked `at` (epoch ms). */
const payloadAt = (at: number) => fc.tuple(common, byType, entities).map(([base, typed, contexts]) => ({
  ...base, ...typed, ...contexts, dtm: String(at), stm: String(at + 50),
}));

/** 1 to `max` readable payloads, seconds to hours apart. */
export function trackerPayloads(max: number): fc.Arbitrary<Payload[]> {
  return fc.array(fc.integer({ min: 0, max: 6 * 3_600_000 }), { minLength: 1, maxLength: max }).chain((gaps) => {
    let at = PAYLOADS_START;
    return fc.tuple(...gaps.map((gap) => payloadAt((at += gap))));
  });
}
