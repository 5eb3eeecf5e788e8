/**
 * The Signals definitions wire format as signals-edge emits it (docs/semantics.md#wire-format):
 * snake_case keys, null keys omitted, structured properties only, durations as ISO-8601 strings.
 * These are the shapes the builders return; `parseDefinitions` accepts a superset (legacy property
 * strings, `==`, string targets, registry output fields).
 */
import type {
  Aggregation, AttributeType, CriterionOperator, DatePart, InterventionOperator, Scalar, ServiceAccessMode, TimeUnit,
} from './types.js';

/** An ISO-8601 duration as emitted: `PnDTnHnMnS`, zero parts omitted (`PT10M`, `P1D`, `PT0S`). */
export type WireDuration = string;

/** The 131 atomic columns of the Python SDK's `AtomicProperty`, plus the enriched name `refr_dvce_tstamp`. */
export type AtomicColumn =
  | 'app_id' | 'platform' | 'etl_tstamp' | 'collector_tstamp' | 'dvce_created_tstamp' | 'event' | 'event_id'
  | 'txn_id' | 'name_tracker' | 'v_tracker' | 'v_collector' | 'v_etl' | 'user_id' | 'user_ipaddress'
  | 'user_fingerprint' | 'domain_userid' | 'domain_sessionidx' | 'network_userid' | 'geo_country' | 'geo_region'
  | 'geo_city' | 'geo_zipcode' | 'geo_latitude' | 'geo_longitude' | 'geo_region_name' | 'ip_isp'
  | 'ip_organization' | 'ip_domain' | 'ip_netspeed' | 'page_url' | 'page_title' | 'page_referrer'
  | 'page_urlscheme' | 'page_urlhost' | 'page_urlport' | 'page_urlpath' | 'page_urlquery' | 'page_urlfragment'
  | 'refr_urlscheme' | 'refr_urlhost' | 'refr_urlport' | 'refr_urlpath' | 'refr_urlquery' | 'refr_urlfragment'
  | 'refr_medium' | 'refr_source' | 'refr_term' | 'mkt_medium' | 'mkt_source' | 'mkt_term' | 'mkt_content'
  | 'mkt_campaign' | 'contexts' | 'se_category' | 'se_action' | 'se_label' | 'se_property' | 'se_value'
  | 'unstruct_event' | 'tr_orderid' | 'tr_affiliation' | 'tr_total' | 'tr_tax' | 'tr_shipping' | 'tr_city'
  | 'tr_state' | 'tr_country' | 'ti_orderid' | 'ti_sku' | 'ti_name' | 'ti_category' | 'ti_price'
  | 'ti_quantity' | 'pp_xoffset_min' | 'pp_xoffset_max' | 'pp_yoffset_min' | 'pp_yoffset_max' | 'useragent'
  | 'br_name' | 'br_family' | 'br_version' | 'br_type' | 'br_renderengine' | 'br_lang' | 'br_features_pdf'
  | 'br_features_flash' | 'br_features_java' | 'br_features_director' | 'br_features_quicktime'
  | 'br_features_realplayer' | 'br_features_windowsmedia' | 'br_features_gears' | 'br_features_silverlight'
  | 'br_cookies' | 'br_colordepth' | 'br_viewwidth' | 'br_viewheight' | 'os_name' | 'os_family'
  | 'os_manufacturer' | 'os_timezone' | 'dvce_type' | 'dvce_ismobile' | 'dvce_screenwidth' | 'dvce_screenheight'
  | 'doc_charset' | 'doc_width' | 'doc_height' | 'tr_currency' | 'tr_total_base' | 'tr_tax_base'
  | 'tr_shipping_base' | 'ti_currency' | 'ti_price_base' | 'base_currency' | 'geo_timezone' | 'mkt_clickid'
  | 'mkt_network' | 'etl_tags' | 'dvce_sent_tstamp' | 'refr_domain_userid' | 'refr_device_tstamp'
  | 'refr_dvce_tstamp' | 'derived_contexts' | 'domain_sessionid' | 'derived_tstamp' | 'event_vendor'
  | 'event_name' | 'event_format' | 'event_version' | 'event_fingerprint' | 'true_tstamp';

/** Event selector (docs/semantics.md#event-selectors): an absent field is a wildcard; `version` is an exact SchemaVer. */
export interface WireEvent {
  name?: string;
  vendor?: string;
  version?: string;
}

export interface WireAtomicProperty {
  type: 'atomic';
  name: AtomicColumn;
  date_part?: DatePart;
}

export interface WireEventProperty {
  type: 'event';
  vendor: string;
  name: string;
  major_version: number;
  path: string;
  date_part?: DatePart;
}

export interface WireEntityProperty {
  type: 'entity';
  vendor: string;
  name: string;
  major_version: number;
  path: string;
  index: number;
  date_part?: DatePart;
}

/** Structured property (docs/semantics.md#structured-form), told apart by `type`. */
export type WireProperty = WireAtomicProperty | WireEventProperty | WireEntityProperty;

/** One attribute event filter (docs/semantics.md#criteria). */
export interface WireCriterion {
  property: WireProperty;
  operator: CriterionOperator;
  value: Scalar | Scalar[];
}

/** Attribute event filter: every `all` item holds and at least one `any` item holds. */
export interface WireCriteria {
  all?: WireCriterion[];
  any?: WireCriterion[];
}

/** Attribute (docs/semantics.md#aggregations). */
export interface WireAttribute {
  name: string;
  description?: string;
  type: AttributeType;
  aggregation: Aggregation;
  events?: WireEvent[];
  property?: WireProperty;
  criteria?: WireCriteria;
  period?: WireDuration;
  default_value?: Scalar | Scalar[];
  ttl?: WireDuration;
  time_unit?: TimeUnit;
}

/** Attribute key (docs/semantics.md#attribute-keys); `{ name }` alone refers to a key by name. */
export interface WireAttributeKey {
  name: string;
  description?: string;
  key?: string;
  external_column?: string;
  property?: WireProperty;
  owner?: string;
  ttl?: WireDuration;
  is_published?: boolean;
}

/** A reference to an attribute key by name (`LinkAttributeKey`). */
export interface WireLinkAttributeKey {
  name: string;
}

/** Column of an external batch group. */
export interface WireField {
  name: string;
  description?: string;
  type: AttributeType;
}

/** Warehouse table of a batch group. */
export interface WireBatchSource {
  name: string;
  description?: string;
  owner?: string;
  database: string;
  schema: string;
  table: string;
  timestamp_field?: string;
}

/** Attribute group (docs/semantics.md#groups-services-and-interventions): stream (`offline: false`), batch or external batch (`offline: true`). */
export interface WireAttributeGroup {
  name: string;
  version: number;
  attribute_key: WireAttributeKey;
  ttl?: WireDuration;
  batch_source?: WireBatchSource;
  online: boolean;
  offline: boolean;
  description?: string;
  owner?: string;
  fields?: WireField[];
  attributes?: WireAttribute[];
  is_published: boolean;
  backfill_since_tstamp?: string;
}

/** A versioned reference to an attribute group, as in a service. */
export interface WireAttributeGroupLink {
  name: string;
  version: number;
}

/** Service. */
export interface WireService {
  name: string;
  description?: string;
  attribute_groups: WireAttributeGroupLink[];
  owner?: string;
  is_published: boolean;
  /** Default `authenticated`; `public` services are read without a token. */
  access_mode?: ServiceAccessMode;
}

/** `group:attribute` (no version), as intervention criteria name attributes (docs/semantics.md#criteria-trees). */
export type AttributeReference = `${string}:${string}`;

/** Leaf of an intervention criteria tree (docs/semantics.md#rule-operators); no `value` for `is null`, `is not null`, `changed`. */
export interface WireInterventionCriterion {
  attribute: AttributeReference;
  operator: InterventionOperator;
  value?: Scalar | Scalar[];
}

export interface WireInterventionCriteriaAll {
  all: WireInterventionNode[];
}

export interface WireInterventionCriteriaAny {
  any: WireInterventionNode[];
}

export interface WireInterventionCriteriaNone {
  none: WireInterventionNode[];
}

/** Intervention criteria tree node (docs/semantics.md#criteria-trees): `all` / `any` / `none` or a leaf. */
export type WireInterventionNode =
  | WireInterventionCriteriaAll | WireInterventionCriteriaAny | WireInterventionCriteriaNone
  | WireInterventionCriterion;

/** Rule intervention (docs/semantics.md#rules). */
export interface WireRuleIntervention {
  name: string;
  version: number;
  description?: string;
  owner?: string;
  is_published: boolean;
  criteria: WireInterventionNode;
  target_attribute_keys?: WireLinkAttributeKey[];
}

/** A definitions bundle file (docs/semantics.md#wire-format). */
export interface WireBundle {
  attribute_groups: WireAttributeGroup[];
  services: WireService[];
  interventions: WireRuleIntervention[];
  attribute_keys?: WireAttributeKey[];
}
