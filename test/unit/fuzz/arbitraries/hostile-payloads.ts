// Tracker payloads that are not what the tracker sends: objects with random keys and values (any
// JavaScript value, random bytes as strings, base64 of random bytes in `cx`/`ue_px`), and near-valid
// payloads made by damaging the recorded ones of examples/tutorial-events.ndjson.
import fc from 'fast-check';
import { readTutorialPayloads } from '../../../fixtures/cli/event-shapes.js';
import type { Payload } from './tracker-payloads.js';

/** Tracker parameters, the ones the reader parses as numbers, booleans, dimensions, times or JSON among them. */
export const TRACKER_PARAMS = [
  'e', 'eid', 'dtm', 'ttm', 'stm', 'url', 'refr', 'duid', 'sid', 'uid', 'vid', 'p', 'aid', 'tna', 'tv', 'res', 'vp', 'ds', 'cookie',
  'co', 'cx', 'ue_pr', 'ue_px', 'se_ca', 'se_ac', 'se_va', 'ev_va', 'tr_tt', 'tr_tx', 'ti_qu', 'ti_pr', 'pp_mix', 'f_pdf', 'tid',
  'nuid', 'tnuid', 'page', 'lang', '__proto__', 'constructor', 'toString',
] as const;

const bytes = fc.uint8Array({ maxLength: 48 });
/** Random bytes read as text in the ways a transport might: Latin-1, lossy UTF-8, lone surrogates. */
export const byteString: fc.Arbitrary<string> = fc.oneof(
  bytes.map((b) => Buffer.from(b).toString('latin1')),
  bytes.map((b) => Buffer.from(b).toString('utf8')),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 3 }).map((codes) => String.fromCharCode(...codes)),
);
/** base64 (url-safe or standard, padded or not, sometimes damaged) of random bytes or of random JSON. */
export const base64Text: fc.Arbitrary<string> = fc.tuple(
  fc.oneof(bytes, fc.jsonValue({ maxDepth: 3 }).map((v) => new TextEncoder().encode(JSON.stringify(v) ?? 'null'))),
  fc.constantFrom<BufferEncoding>('base64url', 'base64'),
  fc.constantFrom('', '=', '==', '===', '!', '%3D', '\n'),
).map(([data, encoding, tail]) => `${Buffer.from(data).toString(encoding)}${tail}`);
/** Runs of 1 to 400 digits: integers of every size up to far beyond a double's range (1e308). */
const digits = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('0', '1', '7', '9')).map(([n, d]) => d.repeat(n));
/** Numbers as text at and beyond the ranges the reader accepts. */
const numberText = fc.oneof(
  fc.stringMatching(/^\d{1,20}$/),
  digits,
  fc.tuple(digits, digits).map(([w, h]) => `${w}x${h}`),
  fc.constantFrom('-1', '1e3', '1e400', '0x10', ' 1 ', '1.5', 'Infinity', 'NaN', '9007199254740993', '-0', '1x', 'x1', '0x0'),
  fc.integer({ min: -1e15, max: 1e16 }).map(String),
);

/** Parameters read as integers, decimals, booleans, `WIDTHxHEIGHT` or epoch milliseconds. */
const NUMBER_PARAMS = ['vid', 'tid', 'res', 'vp', 'ds', 'se_va', 'ev_va', 'tr_tt', 'tr_tx', 'ti_pr', 'ti_qu', 'pp_mix', 'cookie', 'f_pdf', 'dtm', 'ttm', 'stm'];

/** Any value a parameter might hold. */
export const paramValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: byteString },
  { weight: 2, arbitrary: base64Text },
  { weight: 3, arbitrary: numberText },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true, withSparseArray: true, withObjectString: true }) },
  { weight: 1, arbitrary: fc.constantFrom('pv', 'ue', 'se', 'pp', 'tr', 'ti', 'ad', 'ev', 'constructor', '__proto__', '', '1', 'true', 'web', 'mob') },
);

/** An object of random parameters (usually with an event type and id, so the reading goes on). */
export const randomPayload: fc.Arbitrary<Payload> = fc.record({
  e: fc.oneof(fc.constantFrom('pv', 'ue', 'se', 'pp', 'tr', 'ti', 'ad'), paramValue),
  eid: fc.oneof(fc.uuid(), paramValue),
  dtm: fc.oneof(fc.integer({ min: 0, max: 4e12 }).map(String), paramValue),
  rest: fc.dictionary(fc.oneof(fc.constantFrom(...TRACKER_PARAMS), fc.string({ maxLength: 6 })), paramValue, { maxKeys: 10 }),
}, { requiredKeys: ['rest'] }).map(({ rest, ...head }) => {
  const payload: Payload = {};
  for (const [key, value] of [...Object.entries(head), ...Object.entries(rest)]) {
    Object.defineProperty(payload, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return payload;
});

const TUTORIAL = readTutorialPayloads();

/** A JSON text damaged: cut short, a character put in, a value replaced, wrapped or left out. */
const damagedJson = (text: string): fc.Arbitrary<string> => fc.oneof(
  fc.nat(text.length).map((n) => text.slice(0, n)),
  fc.tuple(fc.nat(text.length), fc.constantFrom('"', '}', ']', ',', '\\', '\u2028', 'x', '\u0000')).map(([n, c]) => `${text.slice(0, n)}${c}${text.slice(n)}`),
  fc.tuple(fc.nat(text.length), fc.nat(text.length)).map(([a, b]) => `${text.slice(0, Math.min(a, b))}${text.slice(Math.max(a, b))}`),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom('{}', '[]', 'null', '{"schema":1}', '{"data":[]}', '{"schema":"iglu:a/b/jsonschema/1-0-0","data":{}}', '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"nope","data":1}]}'),
);

type Damage = (payload: Payload) => fc.Arbitrary<Payload>;
const with_ = (payload: Payload, key: string, value: unknown): Payload => {
  const copy = { ...payload };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};
const DAMAGES: readonly Damage[] = [
  (p) => fc.tuple(fc.constantFrom(...TRACKER_PARAMS, ...Object.keys(p)), paramValue).map(([key, value]) => with_(p, key, value)),
  (p) => fc.constantFrom(...Object.keys(p)).map((key) => {
    const { [key]: _gone, ...rest } = p;
    return rest;
  }),
  (p) => {
    const key = typeof p.ue_pr === 'string' ? 'ue_pr' : 'co';
    const text = typeof p[key] === 'string' ? (p[key] as string) : '{}';
    return fc.tuple(damagedJson(text), fc.boolean()).map(([json, encode]) => {
      const { [key]: _plain, ...rest } = p;
      return encode ? with_(rest, key === 'ue_pr' ? 'ue_px' : 'cx', Buffer.from(json, 'utf8').toString('base64url')) : with_(rest, key, json);
    });
  },
  (p) => fc.tuple(fc.constantFrom('cx', 'ue_px'), base64Text).map(([key, value]) => with_(p, key, value)),
  (p) => fc.tuple(fc.constantFrom(...NUMBER_PARAMS), numberText).map(([key, value]) => with_(p, key, value)),
];

/** A recorded tutorial payload with one to three damages. */
export const nearValidPayload: fc.Arbitrary<Payload> = fc.tuple(
  fc.constantFrom(...TUTORIAL),
  fc.array(fc.constantFrom(...DAMAGES), { minLength: 1, maxLength: 3 }),
).chain(([payload, damages]) => damages.reduce<fc.Arbitrary<Payload>>((arb, damage) => arb.chain(damage), fc.constant(payload)));
