import { EventError } from '../errors.js';
import type { AtomicEvent, AtomicValue, SelfDescribing } from './atomic-event.js';
import { decodeBase64Url } from './base64url.js';
import { EVENT_TYPES, assignEventSchema } from './event-schema.js';
import { parseJsonText, readContextsValue, readUnstructValue } from './self-describing.js';
import { deriveTimestamp, formatTimestamp } from './timestamps.js';
import { toJsonValue } from './to-json-value.js';
import { PARAMS, type Param } from './tracker-params.js';
import { type CampaignFields, type ColumnPairs, readPageUrlColumns, readReferrerUrlColumns } from './url-parts.js';

/** Options of {@link fromTrackerPayload}. */
export interface TrackerPayloadOptions {
  /** `serverNow − clientNow` in ms, added to `dtm` for `derived_tstamp` (browser rule, docs/semantics.md#timestamps). */
  clockOffsetMs?: number;
  /** Collector time (epoch ms) when known (replay): `collector_tstamp`, and `derived_tstamp` by Enrich's rule (docs/semantics.md#timestamps). */
  collectorTstamp?: number;
  /** Campaign attribution parameters for `mkt_*`; default Enrich's (`utm_*`, gclid/msclkid/dclid). */
  campaign?: CampaignFields;
  /**
   * The atomic columns to set (a plan's `columns`); default all. The event id, type and derived_tstamp are
   * always set, and every parameter is checked as usual: a payload is refused exactly as without it.
   */
  columns?: ReadonlySet<string>;
  /**
   * The objects the tracker serialized into this payload's `ue_pr`/`ue_px` and `co`/`cx` (what `afterTrack`
   * can have from the payload builder; see plugin/capture-tracked-json.ts): read in place of that text, as
   * JSON semantics would give them, with the same checks. The payload must be the one built from them.
   */
  tracked?: TrackedJson;
}

/** The self-describing JSON objects of one tracked event, as the tracker's payload builder holds them. */
export interface TrackedJson {
  /** The `unstruct_event` wrapper, or undefined when the event has none. */
  unstruct: unknown;
  /** The entities, in the order the tracker wrote them into `co`/`cx`; undefined when it wrote none. */
  contexts: readonly unknown[] | undefined;
}

/** Columns filled from `url` (with its `utm_*`/click-id and `_sp` parameters) and from `refr`. */
const PAGE_URL_PARTS = ['page_url', 'mkt_', 'refr_d'];
const REFERRER_PARTS = ['page_referrer', 'refr_'];

/** Columns that a legacy parameter (`ev_*`, `nuid`, `ti_na`) can fill too. */
const HAS_LEGACY: ReadonlySet<string> = new Set([...PARAMS.values()].filter((p) => p.weak === true).map((p) => p.column));

/**
 * Builds the atomic event view of one tracker payload: what `afterTrack` receives, or one item of a
 * tp2 POST `data[]`/GET query (values strings or numbers). Maps every parameter as Enrich does
 * (docs/semantics.md#tracker-payloads), decodes `ue_pr`/`ue_px` and `co`/`cx`, and computes `derived_tstamp`
 * as docs/semantics.md#timestamps says (`ttm`; else Enrich's rule with `collectorTstamp`; else `dtm` +
 * `clockOffsetMs`). Empty parameters count as absent; pipeline-only columns stay absent (null). Does not mutate `payload`.
 * @throws EventError naming the parameter: not an object, no `e`/`eid`, unknown `e`, malformed JSON, number,
 * boolean, `WxH` or timestamp, or no time at all.
 */
export function fromTrackerPayload(payload: Record<string, unknown>, options?: TrackerPayloadOptions): AtomicEvent {
  if (typeof payload !== 'object' || payload === null) throw new EventError('payload: expected an object');
  const code = readText(payload, 'e');
  if (code === null) throw new EventError('e: missing event type');
  const event = Object.prototype.hasOwnProperty.call(EVENT_TYPES, code) ? EVENT_TYPES[code] : undefined;
  if (event === undefined) throw new EventError(`e: unknown event type "${code}"`);
  const eventId = readText(payload, 'eid');
  if (eventId === null) throw new EventError('eid: missing event id');

  const columns = options?.columns;
  const needs = columns === undefined ? () => true : (column: string) => columns.has(column);
  const params = paramsFor(columns);
  const atomic: Record<string, AtomicValue> = { event, event_id: eventId };
  for (const key in payload) {
    const param = params.get(key);
    if (param === undefined) continue;
    const { spec, set } = param;
    if (spec.weak === true && atomic[spec.column] != null) continue;
    const value = readText(payload, key);
    if (value !== null && (set || spec.kind !== 'text')) assignParam(atomic, key, spec, value, set);
  }

  const urls = columns === undefined ? null : urlNeeds(columns);
  const url = readText(payload, 'url');
  if (url !== null && (urls === null || urls.page)) {
    atomic['page_url'] = url;
    copyPairs(atomic, readPageUrlColumns(url, options?.campaign));
  }
  const refr = readText(payload, 'refr');
  if (refr !== null && (urls === null || urls.referrer)) {
    atomic['page_referrer'] = refr;
    copyPairs(atomic, readReferrerUrlColumns(refr));
  }

  const dtm = readEpoch(payload, 'dtm', atomic, 'dvce_created_tstamp');
  const stm = readEpoch(payload, 'stm', atomic, 'dvce_sent_tstamp', needs('dvce_sent_tstamp'));
  const ttm = readEpoch(payload, 'ttm', atomic, 'true_tstamp', needs('true_tstamp'));
  const collector = options?.collectorTstamp;
  let derived: number | null;
  if (collector !== undefined && Number.isFinite(collector)) {
    const iso = formatTimestamp(collector);
    if (iso === null) throw new EventError(`collectorTstamp: ${collector} is outside years 0–9999`);
    atomic['collector_tstamp'] = iso;
    derived = deriveTimestamp(ttm, stm, dtm, collector);
  } else if (ttm !== null) {
    derived = ttm;
  } else if (dtm !== null) {
    const offset = options?.clockOffsetMs;
    derived = dtm + (offset !== undefined && Number.isFinite(offset) ? offset : 0);
  } else {
    derived = stm;
  }
  if (derived === null) throw new EventError('dtm: missing (no dtm, ttm, stm or collector time to derive derived_tstamp)');
  const derivedIso = derived === dtm ? (atomic['dvce_created_tstamp'] as string) : formatTimestamp(derived);
  if (derivedIso === null) throw new EventError(`dtm: derived_tstamp ${derived} is outside years 0–9999`);
  atomic['derived_tstamp'] = derivedIso;

  const tracked = options?.tracked;
  const unstruct = readUnstruct(payload, tracked);
  const contexts: SelfDescribing[] = [];
  readContexts(payload, tracked, contexts);
  assignEventSchema(atomic, event, unstruct);

  return { atomic, derivedTstamp: derived, unstruct, contexts };
}

/** A parameter as text: strings as given, numbers/booleans stringified; empty or absent → null. */
function readText(payload: Record<string, unknown>, key: string): string | null {
  const v = payload[key];
  if (typeof v === 'string') return v === '' ? null : v;
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  throw new EventError(`${key}: expected a string, got ${Array.isArray(v) ? 'array' : typeof v}`);
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Checks one parameter's value and, when `set`, writes its column(s). */
function assignParam(atomic: Record<string, AtomicValue>, key: string, spec: Param, value: string, set: boolean): void {
  switch (spec.kind) {
    case 'text':
      if (set) atomic[spec.column] = value;
      return;
    case 'integer': {
      // As Enrich reads these columns: a 32-bit signed integer in decimal digits.
      const n = /^[+-]?[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
      if (!(n >= INT_MIN && n <= INT_MAX)) throw new EventError(`${key}: "${value}" is not an integer (32-bit, decimal digits)`);
      if (set) atomic[spec.column] = n;
      return;
    }
    case 'decimal': {
      const n = Number(value);
      if (!Number.isFinite(n) || (n === 0 && value.trim() === '')) throw new EventError(`${key}: "${value}" is not a number`);
      if (set) atomic[spec.column] = n;
      return;
    }
    case 'boolean':
      if (value !== '1' && value !== 'true' && value !== '0' && value !== 'false') throw new EventError(`${key}: "${value}" is not 1 or 0`);
      if (set) atomic[spec.column] = value === '1' || value === 'true';
      return;
    case 'dimensions': {
      const x = value.indexOf('x');
      const width = Number(value.slice(0, x));
      const height = Number(value.slice(x + 1));
      if (x <= 0 || x === value.length - 1 || !isDigits(value, 0, x) || !isDigits(value, x + 1, value.length) || width > INT_MAX || height > INT_MAX) {
        throw new EventError(`${key}: "${value}" is not WIDTHxHEIGHT (32-bit integers)`);
      }
      if (!set) return;
      atomic[spec.column] = width;
      atomic[spec.column2!] = height;
      return;
    }
  }
}

function isDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function copyPairs(atomic: Record<string, AtomicValue>, pairs: ColumnPairs): void {
  for (const [column, value] of pairs) atomic[column] = value;
}

/** Reads an epoch-ms parameter, sets its ISO column (when `set`), returns the ms (null when absent). */
function readEpoch(payload: Record<string, unknown>, key: string, atomic: Record<string, AtomicValue>, column: string, set = true): number | null {
  const value = readText(payload, key);
  if (value === null) return null;
  const ms = Number(value);
  const iso = Number.isInteger(ms) ? formatTimestamp(ms) : null;
  if (iso === null) throw new EventError(`${key}: "${value}" is not epoch milliseconds within years 0–9999`);
  if (set) atomic[column] = iso;
  return ms;
}

/** A parameter, and whether its column(s) are set (else it is only checked). */
interface ParamUse {
  spec: Param;
  set: boolean;
}

const everyParam: ReadonlyMap<string, ParamUse> = new Map([...PARAMS].map(([key, spec]) => [key, { spec, set: true }]));
const paramsBySet = new WeakMap<ReadonlySet<string>, ReadonlyMap<string, ParamUse>>();

/** The parameters to read for `columns` (every one when undefined), worked out once per set. */
function paramsFor(columns: ReadonlySet<string> | undefined): ReadonlyMap<string, ParamUse> {
  if (columns === undefined) return everyParam;
  let params = paramsBySet.get(columns);
  if (params === undefined) {
    // A column a legacy parameter can also fill is always set, so that which one wins stays the same.
    const set = ({ column, column2 }: Param) => columns.has(column) || (column2 !== undefined && columns.has(column2)) || HAS_LEGACY.has(column);
    params = new Map([...PARAMS].map(([key, spec]) => [key, { spec, set: set(spec) }]));
    paramsBySet.set(columns, params);
  }
  return params;
}

const urlNeedsBySet = new WeakMap<ReadonlySet<string>, { page: boolean; referrer: boolean }>();

/** Whether `columns` holds a column read from `url` or from `refr` (worked out once per set). */
function urlNeeds(columns: ReadonlySet<string>): { page: boolean; referrer: boolean } {
  let needs = urlNeedsBySet.get(columns);
  if (needs === undefined) {
    const any = (prefixes: readonly string[]) => [...columns].some((c) => prefixes.some((p) => c.startsWith(p)));
    urlNeedsBySet.set(columns, (needs = { page: any(PAGE_URL_PARTS), referrer: any(REFERRER_PARTS) }));
  }
  return needs;
}

/** In place of a tracked object: read the parameter's text. */
const FROM_TEXT = Symbol('from text');

/**
 * The JSON of a plain/base64 parameter pair, preferring the plain one; or `tracked`, the object the
 * tracker wrote it from (undefined: it wrote none), copied as its text would give it. An object that
 * cannot be copied (nested too deep) is read from the text too.
 */
function readJsonParam(payload: Record<string, unknown>, plain: string, encoded: string, tracked: unknown): [unknown, string] | null {
  if (tracked !== FROM_TEXT) {
    if (tracked === undefined) return null;
    const copy = copyTracked(tracked);
    if (copy !== FROM_TEXT) return [copy, payload[plain] === undefined ? encoded : plain];
  }
  const p = readText(payload, plain);
  if (p !== null) return [parseJsonText(p, plain), plain];
  const b = readText(payload, encoded);
  if (b === null) return null;
  const decoded = decodeBase64Url(b);
  if (decoded === null) throw new EventError(`${encoded}: not valid base64url-encoded UTF-8`);
  return [parseJsonText(decoded, encoded), encoded];
}

function copyTracked(value: unknown): unknown {
  try {
    return toJsonValue(value);
  } catch {
    return FROM_TEXT;
  }
}

function readUnstruct(payload: Record<string, unknown>, tracked: TrackedJson | undefined): SelfDescribing | null {
  const json = readJsonParam(payload, 'ue_pr', 'ue_px', tracked === undefined ? FROM_TEXT : tracked.unstruct);
  return json === null ? null : readUnstructValue(json[0], json[1]);
}

function readContexts(payload: Record<string, unknown>, tracked: TrackedJson | undefined, out: SelfDescribing[]): void {
  const json = readJsonParam(payload, 'co', 'cx', tracked === undefined ? FROM_TEXT : tracked.contexts);
  if (json !== null) readContextsValue(json[0], json[1], out);
}
