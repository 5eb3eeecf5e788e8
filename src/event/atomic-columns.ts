/**
 * The canonical enriched-event columns (Snowplow canonical event model), in enriched TSV order.
 * Order and types checked against the Snowplow Analytics SDKs (Scala `Event`, Python
 * `ENRICHED_EVENT_FIELD_TYPES`) and Signals' `AtomicProperty` (Python SDK 0.4.2 `models/model.py`).
 * Position 124 is `refr_dvce_tstamp` (canonical model, warehouse); the SDKs and Signals call it
 * `refr_device_tstamp` (see {@link ATOMIC_COLUMN_ALIASES}).
 */
export const ATOMIC_COLUMNS: readonly string[] = Object.freeze([
  'app_id', 'platform', 'etl_tstamp', 'collector_tstamp', 'dvce_created_tstamp', 'event', 'event_id',
  'txn_id', 'name_tracker', 'v_tracker', 'v_collector', 'v_etl', 'user_id', 'user_ipaddress',
  'user_fingerprint', 'domain_userid', 'domain_sessionidx', 'network_userid', 'geo_country', 'geo_region',
  'geo_city', 'geo_zipcode', 'geo_latitude', 'geo_longitude', 'geo_region_name', 'ip_isp',
  'ip_organization', 'ip_domain', 'ip_netspeed', 'page_url', 'page_title', 'page_referrer',
  'page_urlscheme', 'page_urlhost', 'page_urlport', 'page_urlpath', 'page_urlquery', 'page_urlfragment',
  'refr_urlscheme', 'refr_urlhost', 'refr_urlport', 'refr_urlpath', 'refr_urlquery', 'refr_urlfragment',
  'refr_medium', 'refr_source', 'refr_term', 'mkt_medium', 'mkt_source', 'mkt_term', 'mkt_content',
  'mkt_campaign', 'contexts', 'se_category', 'se_action', 'se_label', 'se_property', 'se_value',
  'unstruct_event', 'tr_orderid', 'tr_affiliation', 'tr_total', 'tr_tax', 'tr_shipping', 'tr_city',
  'tr_state', 'tr_country', 'ti_orderid', 'ti_sku', 'ti_name', 'ti_category', 'ti_price', 'ti_quantity',
  'pp_xoffset_min', 'pp_xoffset_max', 'pp_yoffset_min', 'pp_yoffset_max', 'useragent', 'br_name',
  'br_family', 'br_version', 'br_type', 'br_renderengine', 'br_lang', 'br_features_pdf',
  'br_features_flash', 'br_features_java', 'br_features_director', 'br_features_quicktime',
  'br_features_realplayer', 'br_features_windowsmedia', 'br_features_gears', 'br_features_silverlight',
  'br_cookies', 'br_colordepth', 'br_viewwidth', 'br_viewheight', 'os_name', 'os_family',
  'os_manufacturer', 'os_timezone', 'dvce_type', 'dvce_ismobile', 'dvce_screenwidth', 'dvce_screenheight',
  'doc_charset', 'doc_width', 'doc_height', 'tr_currency', 'tr_total_base', 'tr_tax_base',
  'tr_shipping_base', 'ti_currency', 'ti_price_base', 'base_currency', 'geo_timezone', 'mkt_clickid',
  'mkt_network', 'etl_tags', 'dvce_sent_tstamp', 'refr_domain_userid', 'refr_dvce_tstamp',
  'derived_contexts', 'domain_sessionid', 'derived_tstamp', 'event_vendor', 'event_name', 'event_format',
  'event_version', 'event_fingerprint', 'true_tstamp',
]);

/**
 * Other spellings of a column → its canonical name. The Analytics SDKs' JSON and Signals'
 * `AtomicProperty` say `refr_device_tstamp`; the view sets both names to the same value
 * (docs/semantics.md#structured-form).
 */
export const ATOMIC_COLUMN_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  refr_device_tstamp: 'refr_dvce_tstamp',
});

/**
 * The names Signals accepts for atomic properties: Python SDK `AtomicProperty` (which spells
 * `refr_device_tstamp`) plus the canonical `refr_dvce_tstamp`.
 */
export const ATOMIC_PROPERTY_NAMES: ReadonlySet<string> = new Set([...ATOMIC_COLUMNS, 'refr_device_tstamp']);

/** Date-time columns (ISO-8601 UTC with milliseconds in the view). Includes the `refr_device_tstamp` alias. */
export const TIMESTAMP_COLUMNS: ReadonlySet<string> = new Set([
  'etl_tstamp', 'collector_tstamp', 'dvce_created_tstamp', 'dvce_sent_tstamp', 'refr_dvce_tstamp',
  'refr_device_tstamp', 'derived_tstamp', 'true_tstamp',
]);

/** Integer columns. */
export const INTEGER_COLUMNS: ReadonlySet<string> = new Set([
  'txn_id', 'domain_sessionidx', 'page_urlport', 'refr_urlport', 'ti_quantity', 'pp_xoffset_min',
  'pp_xoffset_max', 'pp_yoffset_min', 'pp_yoffset_max', 'br_viewwidth', 'br_viewheight',
  'dvce_screenwidth', 'dvce_screenheight', 'doc_width', 'doc_height',
]);

/** Floating-point (double / decimal) columns. */
export const DECIMAL_COLUMNS: ReadonlySet<string> = new Set([
  'geo_latitude', 'geo_longitude', 'se_value', 'tr_total', 'tr_tax', 'tr_shipping', 'ti_price',
  'tr_total_base', 'tr_tax_base', 'tr_shipping_base', 'ti_price_base',
]);

/** Every numeric column (integer or decimal). */
export const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([...INTEGER_COLUMNS, ...DECIMAL_COLUMNS]);

/** Boolean columns (`1`/`0` in TSV). */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set([
  'br_features_pdf', 'br_features_flash', 'br_features_java', 'br_features_director',
  'br_features_quicktime', 'br_features_realplayer', 'br_features_windowsmedia', 'br_features_gears',
  'br_features_silverlight', 'br_cookies', 'dvce_ismobile',
]);

/**
 * Columns holding self-describing JSON. They are not scalar: the view keeps them in
 * `AtomicEvent.unstruct` / `AtomicEvent.contexts`, never in `AtomicEvent.atomic`.
 */
export const JSON_COLUMNS: ReadonlySet<string> = new Set(['contexts', 'unstruct_event', 'derived_contexts']);

/** Type of a column's value in the view. */
export type ColumnKind = 'string' | 'integer' | 'decimal' | 'boolean' | 'timestamp' | 'json';

/** Kind of every name in {@link ATOMIC_PROPERTY_NAMES}. */
export const COLUMN_KINDS: ReadonlyMap<string, ColumnKind> = /* @__PURE__ */ new Map(
  [...ATOMIC_PROPERTY_NAMES].map((name): [string, ColumnKind] => [name, kindOf(name)]),
);

function kindOf(name: string): ColumnKind {
  if (TIMESTAMP_COLUMNS.has(name)) return 'timestamp';
  if (INTEGER_COLUMNS.has(name)) return 'integer';
  if (DECIMAL_COLUMNS.has(name)) return 'decimal';
  if (BOOLEAN_COLUMNS.has(name)) return 'boolean';
  if (JSON_COLUMNS.has(name)) return 'json';
  return 'string';
}
