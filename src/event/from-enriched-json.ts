import { EventError } from '../errors.js';
import { ATOMIC_COLUMN_ALIASES, COLUMN_KINDS, type ColumnKind } from './atomic-columns.js';
import type { AtomicEvent, AtomicValue, SelfDescribing } from './atomic-event.js';
import { assignEventSchema } from './event-schema.js';
import { parseJsonText, readContextsValue, readUnstructValue } from './self-describing.js';
import { type SchemaHint, type ShreddedColumn, parseShreddedColumn, resolveColumnBody, toColumnBody } from './shredded-column.js';
import { deriveTimestamp, formatTimestamp, parseTimestamp } from './timestamps.js';

/** Options of {@link fromEnrichedJson}. */
export interface EnrichedJsonOptions {
  /**
   * (vendor, name) pairs that may appear as Analytics SDK columns, typically every event and entity
   * schema the definitions mention: they recover the vendor's dots exactly. Pass the same object
   * every time (it is indexed once).
   */
  schemas?: Iterable<SchemaHint>;
}

/**
 * Builds the atomic event view of one enriched event in JSON:
 * - the Snowplow Analytics SDK shape: atomic columns by name, `unstruct_event_<vendor>_<name>_<major>`
 *   (the event's data object) and `contexts_…`/`derived_contexts_…` (arrays of entity data objects);
 * - or with `unstruct_event` / `contexts` / `derived_contexts` as self-describing JSON (objects or JSON
 *   strings); then those win and the SDK-shape columns are ignored.
 *
 * Values are typed by column (numeric/boolean strings accepted, timestamps as ISO, TSV text or epoch ms
 * → ISO-8601 UTC with ms); `refr_device_tstamp`/`refr_dvce_tstamp` both set. `derivedTstamp` is
 * `derived_tstamp`, else Enrich's rule (docs/semantics.md#timestamps) from the other timestamps, else `dvce_created_tstamp`.
 *
 * SDK-shape self-describing data (the column loses the vendor's dots and the version):
 * - the event: vendor/name/format/version from `event_vendor`/`event_name`/`event_format`/`event_version`
 *   when they give the same column name;
 * - otherwise, and for entities: vendor/name from `options.schemas`, then well-known schemas and
 *   vendors, else split at the last `_` (then `event_vendor`/`event_name` are not filled from it);
 *   `major` from the column; `version` is `''` (unknown) and `schema` is the column name itself.
 *   Either way, `schemaColumnName(vendor, name, major, …)` reproduces the column name, so matching by
 *   column name always works.
 * Entity order: `contexts` then `derived_contexts`; in the SDK shape, by column order then array order.
 * The view shares `data` objects with the input (treat them as read-only).
 * @throws EventError naming the field: not an object, no `event_id`, a value of the wrong type,
 * malformed self-describing JSON, no timestamp to order by.
 */
export function fromEnrichedJson(event: Record<string, unknown>, options?: EnrichedJsonOptions): AtomicEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new EventError('enriched event: expected a JSON object');
  }
  return buildFromEnriched(event, options?.schemas);
}

/** Shared by the JSON and TSV readers: `record` holds columns by name, TSV values as text. */
export function buildFromEnriched(record: Record<string, unknown>, hints?: Iterable<SchemaHint>): AtomicEvent {
  const atomic: Record<string, AtomicValue> = {};
  let unstruct: SelfDescribing | null = null;
  let fullUnstruct = false;
  let fullContexts = false;
  const contexts: SelfDescribing[] = [];
  const derivedContexts: SelfDescribing[] = [];
  let shredded: [string, ShreddedColumn, unknown][] | null = null;

  for (const key in record) {
    const value = record[key];
    if (value === null || value === undefined || value === '') continue;
    const kind = COLUMN_KINDS.get(key);
    if (kind === undefined) {
      const column = parseShreddedColumn(key);
      if (column !== null) (shredded ??= []).push([key, column, value]);
      continue;
    }
    if (kind !== 'json') {
      const typed = coerce(key, kind, value);
      atomic[ATOMIC_COLUMN_ALIASES[key] ?? key] = typed;
      continue;
    }
    const json = typeof value === 'string' ? parseJsonText(value, key) : value;
    if (key === 'unstruct_event') {
      unstruct = readUnstructValue(json, key);
      fullUnstruct = true;
    } else {
      readContextsValue(json, key, key === 'contexts' ? contexts : derivedContexts);
      fullContexts = true;
    }
  }
  const refr = atomic['refr_dvce_tstamp'];
  if (refr != null) atomic['refr_device_tstamp'] = refr;

  const eventId = atomic['event_id'];
  if (typeof eventId !== 'string') throw new EventError('event_id: missing');

  let unstructKnown = fullUnstruct;
  if (shredded !== null) {
    for (const [key, column, value] of shredded) {
      if (column.kind === 'unstruct') {
        if (fullUnstruct) continue;
        if (unstruct !== null) throw new EventError(`${key}: more than one unstruct_event_* column`);
        const [sd, known] = readShreddedUnstruct(key, column, value, atomic, hints);
        unstruct = sd;
        unstructKnown = known;
      } else if (!fullContexts) {
        readShreddedContexts(key, column, value, hints, column.kind === 'contexts' ? contexts : derivedContexts);
      }
    }
  }
  for (const sd of derivedContexts) contexts.push(sd);

  const event = atomic['event'];
  assignEventSchema(atomic, typeof event === 'string' ? event : null, unstructKnown ? unstruct : null, true);

  let derived = msOf(atomic, 'derived_tstamp');
  if (derived === null) {
    derived = deriveTimestamp(
      msOf(atomic, 'true_tstamp'), msOf(atomic, 'dvce_sent_tstamp'),
      msOf(atomic, 'dvce_created_tstamp'), msOf(atomic, 'collector_tstamp'),
    ) ?? msOf(atomic, 'dvce_created_tstamp');
    if (derived === null) {
      throw new EventError('derived_tstamp: missing, and no true_tstamp, collector_tstamp or dvce_created_tstamp to derive it from');
    }
    atomic['derived_tstamp'] = formatTimestamp(derived);
  }
  return { atomic, derivedTstamp: derived, unstruct, contexts };
}

function msOf(atomic: Record<string, AtomicValue>, column: string): number | null {
  const v = atomic[column];
  return typeof v === 'string' ? Date.parse(v) : null;
}

/** Types one column value; TSV text and loosely typed JSON both accepted. */
function coerce(key: string, kind: Exclude<ColumnKind, 'json'>, value: unknown): AtomicValue {
  switch (kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'timestamp': {
      const ms = parseTimestamp(value);
      if (ms !== null) return formatTimestamp(ms);
      throw new EventError(`${key}: ${JSON.stringify(value)} is not a timestamp`);
    }
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (kind === 'integer' ? Number.isInteger(n) : Number.isFinite(n)) return n;
      throw new EventError(`${key}: ${JSON.stringify(value)} is not ${kind === 'integer' ? 'an integer' : 'a number'}`);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === '1' || value === 1 || value === 'true') return true;
      if (value === '0' || value === 0 || value === 'false') return false;
      throw new EventError(`${key}: ${JSON.stringify(value)} is not a boolean`);
  }
  throw new EventError(`${key}: expected a string, got ${Array.isArray(value) ? 'array' : typeof value}`);
}

function readShreddedUnstruct(
  key: string,
  column: ShreddedColumn,
  value: unknown,
  atomic: Record<string, AtomicValue>,
  hints: Iterable<SchemaHint> | undefined,
): [SelfDescribing, boolean] {
  const data = typeof value === 'string' ? parseJsonText(value, key) : value;
  const vendor = atomic['event_vendor'];
  const name = atomic['event_name'];
  if (typeof vendor === 'string' && typeof name === 'string' && toColumnBody(vendor, name) === column.body) {
    const fmt = atomic['event_format'];
    const format = typeof fmt === 'string' ? fmt : 'jsonschema';
    const ver = atomic['event_version'];
    const version = typeof ver === 'string' && majorOf(ver) === column.major ? ver : '';
    const schema = version === '' ? key : `iglu:${vendor}/${name}/${format}/${version}`;
    return [{ schema, vendor, name, format, version, major: column.major, data }, true];
  }
  const r = resolveColumnBody(column.body, hints);
  return [{ schema: key, vendor: r.vendor, name: r.name, format: 'jsonschema', version: '', major: column.major, data }, r.known];
}

function majorOf(version: string): number {
  const dash = version.indexOf('-');
  return Number(dash < 0 ? version : version.slice(0, dash));
}

function readShreddedContexts(
  key: string,
  column: ShreddedColumn,
  value: unknown,
  hints: Iterable<SchemaHint> | undefined,
  out: SelfDescribing[],
): void {
  const parsed = typeof value === 'string' ? parseJsonText(value, key) : value;
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const r = resolveColumnBody(column.body, hints);
  for (const data of list) {
    out.push({ schema: key, vendor: r.vendor, name: r.name, format: 'jsonschema', version: '', major: column.major, data });
  }
}
