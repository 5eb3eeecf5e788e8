/**
 * The compact event form of the spec tables (`test/fixtures/spec-tables/*.json`) and its conversion to
 * the engine's `AtomicEvent` view.
 *
 * The kind of event follows from the fields: `action` → a `snowplow_ecommerce_action` (with `products`
 * as `product` entities), `unstruct` → that self-describing event, any `se_*` → a structured event,
 * otherwise a page view (`event` overrides: `page_view`, `page_ping`, `struct`, `unstruct`).
 */
import type { AtomicEvent, AtomicValue, SelfDescribing } from '../../src/event/atomic-event.js';
import { EventError } from '../../src/errors.js';

/** A self-describing JSON as written in a table: full Iglu URI and data. */
export interface CompactSelfDescribing {
  schema: string;
  data: unknown;
}

/** One event of a spec table. */
export interface CompactEvent {
  /** derived_tstamp, ISO-8601 UTC. */
  t: string;
  /** event_id; defaults to a UUID derived from the event's index in the table. */
  eid?: string;
  /** domain_userid, domain_sessionid, user_id. */
  duid?: string | null;
  sid?: string | null;
  uid?: string | null;
  page_url?: string | null;
  event?: 'page_view' | 'page_ping' | 'struct' | 'unstruct';
  /** `snowplow_ecommerce_action` `type` (e.g. `add_to_cart`). */
  action?: string;
  /** SchemaVer of the ecommerce action event; default `1-0-2`. */
  action_version?: string;
  /** `name` of the ecommerce action (list name). */
  list_name?: string;
  /** `product/1-0-0` entities, in order; fields as in the schema (`price`, `name`, `category`, ...). */
  products?: Record<string, unknown>[];
  se_category?: string | null;
  se_action?: string | null;
  se_label?: string | null;
  se_property?: string | null;
  se_value?: number | null;
  /** Any other self-describing event. */
  unstruct?: CompactSelfDescribing;
  /** Extra entities, after the product entities. */
  contexts?: CompactSelfDescribing[];
  /** Extra or overriding atomic columns. */
  atomic?: Record<string, AtomicValue>;
}

export const ECOMMERCE_VENDOR = 'com.snowplowanalytics.snowplow.ecommerce';
const IGLU_RE = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/(([0-9]+)-[0-9]+-[0-9]+)$/;

/** Splits an Iglu URI into a `SelfDescribing`; throws `EventError` naming `where` when malformed. */
export function toSelfDescribing(sd: CompactSelfDescribing, where: string): SelfDescribing {
  const m = IGLU_RE.exec(sd.schema);
  if (m === null) throw new EventError(`${where}.schema: not an Iglu URI: ${JSON.stringify(sd.schema)}`);
  const [, vendor = '', name = '', format = '', version = '', major = '0'] = m;
  return { schema: sd.schema, vendor, name, format, version, major: Number(major), data: sd.data };
}

/** A deterministic event id for the `index`th event of a table. */
export function indexEventId(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** Converts a compact table event (the `index`th of its list) to an `AtomicEvent`. */
export function toAtomicEvent(compact: CompactEvent, index = 0): AtomicEvent {
  const where = `events[${index}]`;
  const derivedTstamp = Date.parse(compact.t);
  if (typeof compact.t !== 'string' || !Number.isFinite(derivedTstamp)) {
    throw new EventError(`${where}.t: not an ISO-8601 timestamp: ${JSON.stringify(compact.t)}`);
  }
  const iso = new Date(derivedTstamp).toISOString();

  let unstruct: SelfDescribing | null = null;
  if (compact.action !== undefined) {
    const data: Record<string, unknown> = { type: compact.action };
    if (compact.list_name !== undefined) data['name'] = compact.list_name;
    const version = compact.action_version ?? '1-0-2';
    unstruct = toSelfDescribing(
      { schema: `iglu:${ECOMMERCE_VENDOR}/snowplow_ecommerce_action/jsonschema/${version}`, data }, `${where}.action`);
  } else if (compact.unstruct !== undefined) {
    unstruct = toSelfDescribing(compact.unstruct, `${where}.unstruct`);
  }
  const isStruct = ['se_category', 'se_action', 'se_label', 'se_property', 'se_value'].some((k) => k in compact);
  const kind = compact.event ?? (unstruct !== null ? 'unstruct' : isStruct ? 'struct' : 'page_view');

  const atomic: Record<string, AtomicValue> = {
    event_id: compact.eid ?? indexEventId(index),
    app_id: 'spec',
    platform: 'web',
    event: kind,
    event_format: 'jsonschema',
    domain_userid: compact.duid ?? null,
    domain_sessionid: compact.sid ?? null,
    user_id: compact.uid ?? null,
    page_url: compact.page_url ?? null,
    derived_tstamp: iso,
    dvce_created_tstamp: iso,
  };
  if (kind === 'unstruct') {
    if (unstruct === null) throw new EventError(`${where}.event: "unstruct" needs "action" or "unstruct"`);
    Object.assign(atomic, { event_vendor: unstruct.vendor, event_name: unstruct.name, event_version: unstruct.version });
  } else if (kind === 'struct') {
    Object.assign(atomic, {
      event_vendor: 'com.google.analytics', event_name: 'event', event_version: '1-0-0',
      se_category: compact.se_category ?? null, se_action: compact.se_action ?? null,
      se_label: compact.se_label ?? null, se_property: compact.se_property ?? null, se_value: compact.se_value ?? null,
    });
  } else {
    Object.assign(atomic, { event_vendor: 'com.snowplowanalytics.snowplow', event_name: kind, event_version: '1-0-0' });
  }
  Object.assign(atomic, compact.atomic ?? {});

  const contexts: SelfDescribing[] = [];
  (compact.products ?? []).forEach((p, i) => {
    contexts.push(toSelfDescribing(
      { schema: `iglu:${ECOMMERCE_VENDOR}/product/jsonschema/1-0-0`, data: p }, `${where}.products[${i}]`));
  });
  (compact.contexts ?? []).forEach((c, i) => contexts.push(toSelfDescribing(c, `${where}.contexts[${i}]`)));

  return { atomic, derivedTstamp, unstruct: kind === 'unstruct' ? unstruct : null, contexts };
}
