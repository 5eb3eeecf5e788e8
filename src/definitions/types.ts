/**
 * Typed, normalised definitions: what `parseDefinitions` returns and what the engine compiles.
 * Wire-format details (legacy property strings, durations, `==`, string targets) are resolved here.
 */

export type Scalar = string | number | boolean;

export const AGGREGATIONS = [
  'counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list',
  'most_frequent', 'least_frequent', 'approx_count_distinct', 'category_count',
  'time_since_last', 'time_since_first',
] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const SCALAR_TYPES = ['bytes', 'string', 'int32', 'int64', 'double', 'float', 'bool', 'unix_timestamp'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];
export type AttributeType = ScalarType | `${ScalarType}_list` | 'dict';

export const DATE_PARTS = ['hour_of_day', 'day_of_week', 'month_of_year', 'active_day', 'active_week', 'active_month'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export type TimeUnit = 's' | 'min' | 'h' | 'd';

/** A path into a self-describing JSON: field names and array indexes. */
export type PathSegment = string | number;

/** Where a value is read from in an event. */
export type PropertyRef =
  | { kind: 'atomic'; name: string; datePart: DatePart | null }
  | { kind: 'event'; vendor: string; name: string; major: number; path: PathSegment[]; datePart: DatePart | null }
  | {
      kind: 'entity'; vendor: string; name: string; major: number; index: number;
      path: PathSegment[]; datePart: DatePart | null;
    }
  /**
   * A legacy string property for an event or entity (`unstruct_event_com_acme_thing_1:a.b`,
   * `contexts_com_acme_ctx_1[0].x`): matched against the column name computed for each candidate schema.
   * Path segments are resolved by exact key, then by snake_case-normalised key.
   */
  | {
      kind: 'column'; column: string; entity: boolean; index: number;
      path: PathSegment[]; datePart: DatePart | null;
    };

export type CriterionOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'like' | 'in';

export interface Criterion {
  property: PropertyRef;
  operator: CriterionOperator;
  value: Scalar | Scalar[];
}

/** Event filter: every `all` item holds and, when `any` is non-empty, at least one `any` item holds. */
export interface Criteria {
  all: Criterion[];
  any: Criterion[];
}

/** Event selector; an absent field is a wildcard, `version` is an exact SchemaVer. */
export interface EventRef {
  vendor: string | null;
  name: string | null;
  version: string | null;
}

export interface AttributeDef {
  name: string;
  description: string | null;
  type: AttributeType;
  aggregation: Aggregation;
  /** Empty = every event. */
  events: EventRef[];
  /** null for `counter` and `time_since_*` (which use derived_tstamp). */
  property: PropertyRef | null;
  criteria: Criteria;
  /** Rolling window length in ms, or null for a lifetime attribute. */
  periodMs: number | null;
  /** Effective TTL in ms (attribute → group → key), lifetime attributes only; null = no expiry. */
  ttlMs: number | null;
  /** Effective default: explicit `default_value`, else 0 for `counter`, else null. */
  defaultValue: unknown;
  timeUnit: TimeUnit | null;
}

export interface AttributeKeyDef {
  name: string;
  description: string | null;
  /** Where the key's ID is read: built-ins and `key` read the atomic column. */
  property: PropertyRef;
  ttlMs: number | null;
}

export type GroupKind = 'stream' | 'batch' | 'external';

export interface FieldDef {
  name: string;
  type: string;
  description: string | null;
}

export interface AttributeGroupDef {
  name: string;
  version: number;
  key: AttributeKeyDef;
  kind: GroupKind;
  online: boolean;
  published: boolean;
  ttlMs: number | null;
  /** Attributes (stream and batch groups); empty for external batch groups. */
  attributes: AttributeDef[];
  /** Fields of an external batch group; empty otherwise. */
  fields: FieldDef[];
}

/** Who may read a service (Signals, 2026-11): `public` services are read without a token, one UUID at a time. */
export const SERVICE_ACCESS_MODES = ['authenticated', 'public'] as const;
export type ServiceAccessMode = (typeof SERVICE_ACCESS_MODES)[number];

export interface ServiceDef {
  name: string;
  groups: { name: string; version: number }[];
  published: boolean;
  /** Default `authenticated`. */
  accessMode: ServiceAccessMode;
}

export const INTERVENTION_OPERATORS = [
  '=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'rlike', 'not rlike', 'in', 'not in',
  'is null', 'is not null', 'changed',
] as const;
export type InterventionOperator = (typeof INTERVENTION_OPERATORS)[number];

export type InterventionNode =
  | { op: 'all' | 'any' | 'none'; children: InterventionNode[] }
  | {
      op: 'leaf';
      /** Group name as written (no version); resolved to the latest published version holding the attribute. */
      group: string;
      attribute: string;
      operator: InterventionOperator;
      value: Scalar | Scalar[] | null;
    };

export interface InterventionDef {
  name: string;
  version: number;
  description: string | null;
  criteria: InterventionNode;
  /** Explicit target key names, or null for the keys of the referenced groups. */
  targets: string[] | null;
  published: boolean;
}

export interface Definitions {
  groups: AttributeGroupDef[];
  services: ServiceDef[];
  interventions: InterventionDef[];
  /** Attribute keys declared in the bundle (`attribute_keys`) or used by its groups. */
  keys: AttributeKeyDef[];
}
