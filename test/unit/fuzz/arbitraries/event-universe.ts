// The small world that generated definitions and generated tracker payloads share: a few
// self-describing events and entities (with the paths properties may read) and the atomic columns, so
// that generated attributes, filters and keys meet generated events often enough to compute something.
import fc from 'fast-check';
import { ATOMIC_PROPERTY_NAMES, JSON_COLUMNS, TIMESTAMP_COLUMNS } from '../../../../src/event/atomic-columns.js';

/** One schema of the universe: what properties may name and how to make its data. */
export interface UniverseSchema {
  vendor: string;
  name: string;
  /** Full SchemaVer of the events made; properties name its major. */
  version: string;
  major: number;
  /** The warehouse column of its legacy property strings, written out by hand (`unstruct_event_…_1`, `contexts_…_1`). */
  column: string;
  /** Paths a structured property may read (all readable by the path parser). */
  paths: readonly string[];
  data: fc.Arbitrary<Record<string, unknown>>;
}

const ECOMMERCE = 'com.snowplowanalytics.snowplow.ecommerce';
const CATEGORIES = ['shoes', 'hats', 'Bags', 'shoes ', 'é', '%', '_', '__proto__', ''];

/** Values a field holds, of every JSON type: what a real event might carry, and what it should not. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 500 }) },
  { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }) },
  { weight: 4, arbitrary: fc.constantFrom(...CATEGORIES) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, '12.5', '2026-11-03T10:00:00.000Z', 'not a date') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...CATEGORIES, 3, 4.5), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant({ deep: { deeper: 1 } }) },
);
const timestamp = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());
const maybe = (value: fc.Arbitrary<unknown>) => fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: anyValue });

export const EVENT_SCHEMAS: readonly UniverseSchema[] = [
  {
    vendor: ECOMMERCE, name: 'snowplow_ecommerce_action', version: '1-0-2', major: 1,
    column: 'unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1', paths: ['type', '$.type', 'name'],
    data: fc.record({
      type: maybe(fc.constantFrom('product_view', 'add_to_cart', 'remove_from_cart', 'list_view')),
      name: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
    }, { requiredKeys: ['type'] }),
  },
  {
    vendor: 'com.acme.shop', name: 'checkoutStep', version: '2-1-0', major: 2, column: 'unstruct_event_com_acme_shop_checkout_step_2',
    paths: ['step', 'price', 'category', 'tags', 'tags[0]', 'nested.value', 'items[0].price', '$.items[1].sku', 'when'],
    data: fc.record({
      step: maybe(fc.integer({ min: 1, max: 5 })),
      price: maybe(fc.double({ min: 0, max: 500, noNaN: true })),
      category: maybe(fc.constantFrom(...CATEGORIES)),
      tags: fc.array(fc.constantFrom(...CATEGORIES), { maxLength: 3 }),
      nested: fc.record({ value: anyValue }),
      items: fc.array(fc.record({ price: maybe(fc.integer({ min: 0, max: 99 })), sku: fc.constantFrom('a1', 'b2', 'c3') }), { maxLength: 3 }),
      when: maybe(timestamp),
    }, { requiredKeys: [] }),
  },
];

export const ENTITY_SCHEMAS: readonly UniverseSchema[] = [
  {
    vendor: ECOMMERCE, name: 'product', version: '1-0-0', major: 1, column: 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1',
    paths: ['id', 'price', 'category', 'name'],
    data: fc.record({
      id: fc.constantFrom('p1', 'p2', 'p3', '__proto__'),
      price: maybe(fc.double({ min: 0, max: 200, noNaN: true })),
      category: maybe(fc.constantFrom(...CATEGORIES)),
      name: fc.constantFrom('Red shoe', 'Blue hat'),
    }, { requiredKeys: ['id'] }),
  },
  {
    vendor: 'io.example-co', name: 'user_profile', version: '3-0-1', major: 3, column: 'contexts_io_example_co_user_profile_3',
    paths: ['tier', 'score', 'signupTstamp', 'nested.value', 'badges[0]'],
    data: fc.record({
      tier: maybe(fc.constantFrom('gold', 'silver', 'bronze')),
      score: maybe(fc.integer({ min: 0, max: 100 })),
      signupTstamp: maybe(timestamp),
      nested: fc.record({ value: anyValue }),
      badges: fc.array(fc.constantFrom('new', 'vip'), { maxLength: 2 }),
    }, { requiredKeys: [] }),
  },
];

/** Atomic columns the generated payloads fill (most of the time), then the rest. */
export const FILLED_COLUMNS: readonly string[] = [
  'app_id', 'platform', 'page_url', 'page_title', 'page_urlpath', 'page_urlhost', 'page_urlquery', 'page_referrer',
  'mkt_source', 'mkt_medium', 'se_category', 'se_action', 'se_label', 'se_value', 'user_id', 'domain_userid',
  'domain_sessionid', 'domain_sessionidx', 'br_lang', 'br_cookies', 'dvce_screenwidth', 'event', 'event_name',
  'event_vendor', 'event_version', 'event_id', 'derived_tstamp', 'dvce_created_tstamp', 'true_tstamp', 'tr_total',
  'ti_quantity', 'pp_yoffset_max',
];

/** Every atomic column a property may name (not the JSON ones). */
export const PROPERTY_COLUMNS: readonly string[] = [...ATOMIC_PROPERTY_NAMES].filter((name) => !JSON_COLUMNS.has(name));

/** The date-time columns, which alone take a `date_part` on an atomic property. */
export const DATE_TIME_COLUMNS: readonly string[] = [...TIMESTAMP_COLUMNS];

/** Event names for event filters: the universe's, the tracker's built-ins, and one no event has. */
export const EVENT_FILTER_NAMES: readonly string[] = ['snowplow_ecommerce_action', 'checkoutStep', 'page_view', 'page_ping', 'event', 'link_click'];
