import type { AttributeType, DatePart, Scalar, TimeUnit } from '../types.js';
import type {
  AtomicColumn, WireAtomicProperty, WireAttribute, WireCriteria, WireCriterion, WireEntityProperty, WireEvent,
  WireEventProperty, WireProperty,
} from '../wire-types.js';
import { formatDurationInput, type DurationInput } from './format-duration-input.js';
import { omitNullish } from './omit-nullish.js';

// ---- events ------------------------------------------------------------------------------------

export interface EventOptions {
  name?: string;
  vendor?: string;
  /** Exact SchemaVer (`1-0-2`); omit to accept every version. */
  version?: string;
}

/** An event selector; every field left out is a wildcard. */
export function Event(options: EventOptions = {}): WireEvent {
  return omitNullish<WireEvent>({ vendor: options.vendor, name: options.name, version: options.version });
}

/** The `page_view` event (`com.snowplowanalytics.snowplow`, 1-0-0). */
export function PageView(): WireEvent {
  return { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' };
}

/** The `page_ping` event (`com.snowplowanalytics.snowplow`, 1-0-0). */
export function PagePing(): WireEvent {
  return { vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping', version: '1-0-0' };
}

/** The structured event (`com.google.analytics` `event`, 1-0-0). */
export function StructuredEvent(): WireEvent {
  return { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' };
}

// ---- properties --------------------------------------------------------------------------------

export interface AtomicPropertyOptions {
  name: AtomicColumn;
  date_part?: DatePart;
}

export interface EventPropertyOptions {
  vendor: string;
  name: string;
  major_version: number;
  /** Dot-separated fields and `[n]` indexes, leading `$.` optional: `type`, `$.items[0].price`. */
  path: string;
  date_part?: DatePart;
}

export interface EntityPropertyOptions extends EventPropertyOptions {
  /** Which entity of that schema in the event (default 0). */
  index?: number;
}

/** An atomic column of the event (`page_url`, `derived_tstamp`, ...). */
export function AtomicProperty(options: AtomicPropertyOptions): WireAtomicProperty {
  return omitNullish<WireAtomicProperty>({ type: 'atomic', name: options.name, date_part: options.date_part });
}

/** A field of the self-describing event of a schema (any version of `major_version`). */
export function EventProperty(options: EventPropertyOptions): WireEventProperty {
  const { vendor, name, major_version, path, date_part } = options;
  return omitNullish<WireEventProperty>({ type: 'event', vendor, name, major_version, path, date_part });
}

/** A field of the `index`th entity of a schema in the event (any version of `major_version`). */
export function EntityProperty(options: EntityPropertyOptions): WireEntityProperty {
  const { vendor, name, major_version, path, index = 0, date_part } = options;
  return omitNullish<WireEntityProperty>({ type: 'entity', vendor, name, major_version, path, index, date_part });
}

// ---- criteria ----------------------------------------------------------------------------------

/** Options of `Criterion`: the value's type follows the operator (`in` takes a list, `like` a string). */
export type CriterionOptions =
  | { property: WireProperty; operator: '=' | '!='; value: Scalar }
  | { property: WireProperty; operator: '<' | '>' | '<=' | '>='; value: number | string }
  | { property: WireProperty; operator: 'like'; value: string }
  | { property: WireProperty; operator: 'in'; value: readonly Scalar[] };

/** One event filter condition: `{ property, operator, value }`. Shorthands: `Criterion.eq(...)` etc. */
export function Criterion(options: CriterionOptions): WireCriterion {
  const { property, operator, value } = options;
  return { property, operator, value: Array.isArray(value) ? [...value] : (value as Scalar) };
}
/** `property = value` */
Criterion.eq = (property: WireProperty, value: Scalar): WireCriterion =>
  Criterion({ property, operator: '=', value });
/** `property != value` */
Criterion.neq = (property: WireProperty, value: Scalar): WireCriterion =>
  Criterion({ property, operator: '!=', value });
/** `property > value` */
Criterion.gt = (property: WireProperty, value: number): WireCriterion =>
  Criterion({ property, operator: '>', value });
/** `property >= value` */
Criterion.gte = (property: WireProperty, value: number): WireCriterion =>
  Criterion({ property, operator: '>=', value });
/** `property < value` */
Criterion.lt = (property: WireProperty, value: number): WireCriterion =>
  Criterion({ property, operator: '<', value });
/** `property <= value` */
Criterion.lte = (property: WireProperty, value: number): WireCriterion =>
  Criterion({ property, operator: '<=', value });
/** `property like value` (SQL LIKE: `%` any run, `_` one character). */
Criterion.like = (property: WireProperty, value: string): WireCriterion =>
  Criterion({ property, operator: 'like', value });
/** `property in values` */
Criterion.in_list = (property: WireProperty, values: readonly Scalar[]): WireCriterion =>
  Criterion({ property, operator: 'in', value: values });

export interface CriteriaOptions {
  /** Conditions that must all hold. */
  all?: readonly WireCriterion[];
  /** Conditions of which at least one must hold. */
  any?: readonly WireCriterion[];
}

/** An attribute's event filter: every `all` condition and at least one `any` condition. */
export function Criteria(options: CriteriaOptions): WireCriteria {
  return omitNullish<WireCriteria>({ all: options.all && [...options.all], any: options.any && [...options.any] });
}

// ---- attribute ---------------------------------------------------------------------------------

interface AttributeCommon {
  name: string;
  type: AttributeType;
  description?: string;
  /** Events the attribute is computed from; leave out for every event. */
  events?: readonly WireEvent[];
  criteria?: WireCriteria;
  default_value?: Scalar | readonly Scalar[];
}

/** A rolling window (`period`) or a lifetime attribute with an optional `ttl`, never both. */
type AttributeLifetime =
  | { period?: DurationInput; ttl?: never }
  | { period?: never; ttl?: DurationInput };

/** Aggregations that read the value of `property`. */
export type ValueAggregation =
  | 'sum' | 'min' | 'max' | 'mean' | 'first' | 'last' | 'unique_list'
  | 'most_frequent' | 'least_frequent' | 'approx_count_distinct' | 'category_count';

/**
 * Options of `Attribute`. `property` is required by the aggregations that read a value; the
 * `time_since_*` aggregations require `time_unit`.
 */
export type AttributeOptions = AttributeCommon & AttributeLifetime & (
  | { aggregation: 'counter'; property?: WireProperty; time_unit?: never }
  | { aggregation: ValueAggregation; property: WireProperty; time_unit?: never }
  | { aggregation: 'time_since_first' | 'time_since_last'; time_unit: TimeUnit; property?: WireProperty }
);

/**
 * An attribute: `aggregation` of `property` over the `events` that pass `criteria`, within `period`
 * (rolling) or for the attribute's lifetime. Durations become ISO-8601 strings; a bad `period` or
 * `ttl` throws a DefinitionsError with the path `<name>.period` / `<name>.ttl`.
 */
export function Attribute(options: AttributeOptions): WireAttribute {
  const { name, events, default_value: defaultValue, period, ttl } = options;
  return omitNullish<WireAttribute>({
    name,
    description: options.description,
    type: options.type,
    aggregation: options.aggregation,
    events: events && [...events],
    property: options.property,
    criteria: options.criteria,
    period: period === undefined ? undefined : formatDurationInput(period, `${name}.period`),
    default_value: Array.isArray(defaultValue) ? [...defaultValue] : (defaultValue as Scalar | undefined),
    ttl: ttl === undefined ? undefined : formatDurationInput(ttl, `${name}.ttl`),
    time_unit: options.time_unit,
  });
}
