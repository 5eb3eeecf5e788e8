/** A scalar value of an atomic (enriched) event column. Timestamps are ISO-8601 UTC strings with milliseconds. */
export type AtomicValue = string | number | boolean | null;

/** One self-describing JSON (the event's own data or one entity), with its Iglu URI split up. */
export interface SelfDescribing {
  /** Full Iglu URI, e.g. `iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0`. */
  schema: string;
  vendor: string;
  name: string;
  format: string;
  /** Full SchemaVer, e.g. `1-0-2`. */
  version: string;
  major: number;
  data: unknown;
}

/**
 * The view of one event that attributes are computed from: the enriched atomic columns (names as in
 * Signals' `AtomicProperty`), the self-describing event and the entities in event order.
 */
export interface AtomicEvent {
  /** Atomic columns by name (`event_id`, `domain_userid`, `page_url`, `derived_tstamp`, ...); absent = null. */
  atomic: Record<string, AtomicValue>;
  /** `derived_tstamp` as epoch milliseconds: the time the engine orders and windows by. */
  derivedTstamp: number;
  /** The self-describing event (`unstruct_event`), or null. */
  unstruct: SelfDescribing | null;
  /** Entities (`contexts` then `derived_contexts`), in event order. */
  contexts: SelfDescribing[];
}
