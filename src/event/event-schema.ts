import type { AtomicValue, SelfDescribing } from './atomic-event.js';

/** Tracker `e` codes → atomic `event` (Enrich `extractEventType`; `ev` and `ad` are legacy). */
export const EVENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  pv: 'page_view',
  pp: 'page_ping',
  se: 'struct',
  ev: 'struct',
  ue: 'unstruct',
  tr: 'transaction',
  ti: 'transaction_item',
  ad: 'ad_impression',
});

interface EventSchema {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  readonly version: string;
}

const fixed = (vendor: string, name: string): EventSchema => Object.freeze({ vendor, name, format: 'jsonschema', version: '1-0-0' });

/** Schemas Enrich assigns to the non-self-describing event types (docs/semantics.md#event-columns). */
const FIXED_SCHEMAS: ReadonlyMap<string, EventSchema> = new Map([
  ['page_view', fixed('com.snowplowanalytics.snowplow', 'page_view')],
  ['page_ping', fixed('com.snowplowanalytics.snowplow', 'page_ping')],
  ['struct', fixed('com.google.analytics', 'event')],
  ['transaction', fixed('com.snowplowanalytics.snowplow', 'transaction')],
  ['transaction_item', fixed('com.snowplowanalytics.snowplow', 'transaction_item')],
]);

/**
 * Sets `event_vendor`, `event_name`, `event_format`, `event_version` for an atomic `event` as Enrich
 * does (docs/semantics.md#event-columns): fixed schemas for page views, pings, structured and transaction events,
 * the event's own schema for `unstruct`; nothing for other types or a missing self-describing event.
 * With `onlyMissing`, columns already present in `atomic` are kept.
 */
export function assignEventSchema(
  atomic: Record<string, AtomicValue>,
  event: string | null,
  unstruct: SelfDescribing | null,
  onlyMissing = false,
): void {
  let s: EventSchema | undefined;
  if (event === 'unstruct') s = unstruct ?? undefined;
  else if (event !== null) s = FIXED_SCHEMAS.get(event);
  if (s === undefined) return;
  setColumn(atomic, 'event_vendor', s.vendor, onlyMissing);
  setColumn(atomic, 'event_name', s.name, onlyMissing);
  setColumn(atomic, 'event_format', s.format, onlyMissing);
  setColumn(atomic, 'event_version', s.version, onlyMissing);
}

function setColumn(atomic: Record<string, AtomicValue>, column: string, value: string, onlyMissing: boolean): void {
  if (value === '') return;
  if (onlyMissing && atomic[column] != null) return;
  atomic[column] = value;
}
