import { isRecord } from '../is-record.js';
import { decodeBase64Url } from './base64url.js';
import { EVENT_TYPES } from './event-schema.js';
import { parseIgluUri } from './iglu-uri.js';
import { paramsOfColumn } from './tracker-params.js';
import { readPageUrlColumns, readReferrerUrlColumns } from './url-parts.js';

const ENTITY_ROOTS = new Set(['co', 'cx', 'context', 'entity', 'entities']);
const EVENT_ROOTS = new Set(['ue', 'ue_pr', 'ue_px', 'unstruct', 'unstruct_event', 'self_describing', 'sde']);
const INDEX = /^(0|[1-9][0-9]*)$/;

interface Entity {
  readonly format: string;
  readonly major: number;
  readonly data: unknown;
}

/** A tracker payload with its `co`/`cx` and `ue_*` decoded at most once, when a pointer needs them. */
interface PayloadView {
  readonly payload: Record<string, unknown>;
  entities?: Map<string, Map<string, Entity[]>>;
  event?: Record<string, Record<string, unknown>>;
}

/**
 * Resolves one JSON pointer into a tracker payload as the official interventions plugin reads
 * attribute key ids (docs/semantics.md#interventions-stream): raw parameters (`/duid`), atomic names (`/domain_userid`,
 * `/page_urlhost`, `/event`), entities (`/co/<vendor>/<name>/<field>`, also `/cx/<vendor>/<name>/jsonschema/<major>/<field>`)
 * and the self-describing event (`/ue/<vendor>/<name>/<field>`). `~1` is `/`, `~0` is `~`; a missing leading
 * `/` is added; one-element arrays unwrap (also the result); numeric segments index arrays.
 * Returns undefined when the path does not resolve; never throws.
 */
export function readPayloadPointer(payload: Record<string, unknown>, pointer: string): unknown {
  if (!isRecord(payload) || typeof pointer !== 'string') return undefined;
  return unwrapSingle(resolvePointer({ payload }, pointer));
}

/**
 * Reads attribute key ids from a tracker payload: for each key, its pointers in order, the first
 * non-null value wins, stringified (objects as JSON). A key none of whose pointers resolves is left out.
 */
export function readAttributeKeyIds(
  payload: Record<string, unknown>,
  targets: Readonly<Record<string, string | readonly string[]>>,
): Record<string, string> {
  const ids: Record<string, string> = {};
  if (!isRecord(payload)) return ids;
  const view: PayloadView = { payload };
  for (const key of Object.keys(targets)) {
    const pointers = targets[key];
    for (const pointer of typeof pointers === 'string' ? [pointers] : Array.isArray(pointers) ? pointers : []) {
      if (typeof pointer !== 'string') continue;
      const value = unwrapSingle(resolvePointer(view, pointer));
      if (value === undefined || value === null) continue;
      ids[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
      break;
    }
  }
  return ids;
}

function resolvePointer(view: PayloadView, pointer: string): unknown {
  const segments = (pointer.startsWith('/') ? pointer.slice(1) : pointer)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const root = segments[0] ?? '';
  if (ENTITY_ROOTS.has(root)) return resolveEntities(view, segments);
  if (EVENT_ROOTS.has(root)) return walk(readEvent(view), segments, 1);
  return walk(readRoot(view.payload, root), segments, 1);
}

/** A first segment: an atomic name (mapped to its parameter or computed from `url`/`refr`/`e`), else a raw parameter. */
function readRoot(payload: Record<string, unknown>, name: string): unknown {
  const params = paramsOfColumn(name);
  if (params.length > 0) {
    for (const param of params) {
      const v = ownValue(payload, param);
      if (v !== undefined && v !== null && v !== '') return v;
    }
    return undefined;
  }
  if (name === 'event') {
    const e = ownValue(payload, 'e');
    return typeof e === 'string' && Object.hasOwn(EVENT_TYPES, e) ? EVENT_TYPES[e] : undefined;
  }
  if (name.startsWith('page_url') || name.startsWith('mkt_') || name.startsWith('refr_d')) {
    const url = ownValue(payload, 'url');
    if (typeof url === 'string' && url !== '') {
      const found = readPageUrlColumns(url).find(([column]) => column === name);
      if (found !== undefined) return found[1];
    }
  } else if (name.startsWith('refr_url')) {
    const refr = ownValue(payload, 'refr');
    if (typeof refr === 'string' && refr !== '') {
      const found = readReferrerUrlColumns(refr).find(([column]) => column === name);
      if (found !== undefined) return found[1];
    }
  }
  return ownValue(payload, name);
}

/** `/co/<vendor>/<name>[/<format>/<major>]/…`: all entities of that schema (every version unless format and major are given). */
function resolveEntities(view: PayloadView, segments: string[]): unknown {
  view.entities ??= readEntities(view.payload);
  if (segments.length === 1) return indexToObject(view.entities);
  const byName = view.entities.get(segments[1] ?? '');
  if (byName === undefined) return undefined;
  if (segments.length === 2) {
    const out: Record<string, unknown[]> = {};
    for (const [name, list] of byName) out[name] = list.map((e) => e.data);
    return out;
  }
  let list = byName.get(segments[2] ?? '');
  if (list === undefined) return undefined;
  let next = 3;
  const format = segments[3];
  const major = segments[4];
  // 0.2.0 form: /cx/<vendor>/<name>/jsonschema/<major>/<field>; a field named like a format still wins.
  if (format !== undefined && major !== undefined && INDEX.test(major) && list.some((e) => e.format === format) &&
    !list.some((e) => isRecord(e.data) && Object.hasOwn(e.data, format))) {
    list = list.filter((e) => e.format === format && e.major === Number(major));
    next = 5;
  }
  return walk(list.map((e) => e.data), segments, next);
}

function indexToObject(index: Map<string, Map<string, Entity[]>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [vendor, byName] of index) {
    const names: Record<string, unknown[]> = {};
    for (const [name, list] of byName) names[name] = list.map((e) => e.data);
    out[vendor] = names;
  }
  return out;
}

/** Entities of `co` (plain, preferred) or `cx` (base64url), in order, grouped by vendor and name. */
function readEntities(payload: Record<string, unknown>): Map<string, Map<string, Entity[]>> {
  const index = new Map<string, Map<string, Entity[]>>();
  const wrapper = readJsonParam(payload, 'co', 'cx');
  const list = isRecord(wrapper) ? wrapper['data'] : wrapper;
  if (!Array.isArray(list)) return index;
  for (const item of list) {
    if (!isRecord(item) || typeof item['schema'] !== 'string') continue;
    const parts = parseIgluUri(item['schema']);
    if (parts === null) continue;
    let byName = index.get(parts.vendor);
    if (byName === undefined) index.set(parts.vendor, (byName = new Map()));
    let entities = byName.get(parts.name);
    if (entities === undefined) byName.set(parts.name, (entities = []));
    entities.push({ format: parts.format, major: parts.major, data: item['data'] });
  }
  return index;
}

/** The self-describing event of `ue_pr` (plain, preferred) or `ue_px` as `{vendor: {name: data}}`. */
function readEvent(view: PayloadView): Record<string, Record<string, unknown>> {
  if (view.event !== undefined) return view.event;
  const event: Record<string, Record<string, unknown>> = {};
  view.event = event;
  const wrapper = readJsonParam(view.payload, 'ue_pr', 'ue_px');
  const inner = isRecord(wrapper) ? wrapper['data'] : undefined;
  const sd = isRecord(inner) && typeof inner['schema'] === 'string' ? inner : wrapper;
  if (!isRecord(sd) || typeof sd['schema'] !== 'string') return event;
  const parts = parseIgluUri(sd['schema']);
  if (parts === null || (parts.name === 'unstruct_event' && sd === wrapper)) return event;
  event[parts.vendor] = { [parts.name]: sd['data'] };
  return event;
}

/** JSON of the plain parameter if present, else of the base64url one; undefined when absent or unreadable. */
function readJsonParam(payload: Record<string, unknown>, plain: string, encoded: string): unknown {
  const text = ownValue(payload, plain);
  if (typeof text === 'string' && text !== '') return parseJson(text);
  if (isRecord(text) || Array.isArray(text)) return text;
  const b64 = ownValue(payload, encoded);
  if (typeof b64 !== 'string' || b64 === '') return undefined;
  const decoded = decodeBase64Url(b64);
  return decoded === null ? undefined : parseJson(decoded);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Follows `segments[from…]` into `value`: numeric segments index arrays, one-element arrays unwrap, own keys only. */
function walk(value: unknown, segments: readonly string[], from: number): unknown {
  let current = value;
  for (let i = from; i < segments.length; i++) {
    const segment = segments[i]!;
    if (Array.isArray(current)) {
      if (INDEX.test(segment)) {
        current = current[Number(segment)];
        continue;
      }
      if (current.length !== 1) return undefined;
      current = current[0];
    }
    if (!isRecord(current)) return undefined;
    current = ownValue(current, segment);
  }
  return current;
}

function unwrapSingle(value: unknown): unknown {
  let current = value;
  while (Array.isArray(current) && current.length === 1) current = current[0];
  return current;
}

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
