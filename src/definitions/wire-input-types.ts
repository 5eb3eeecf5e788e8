/**
 * The Signals definitions wire format as `parseDefinitions` accepts it once checked by
 * the wire schema (`wire-schema.ts`): nulls for unset fields, legacy property strings, `==`, string targets.
 * What the builders emit is in `wire-types.ts`.
 */
import type { Aggregation, AttributeType, CriterionOperator, DatePart, InterventionOperator, Scalar, TimeUnit } from './types.js';

/** Optional and nullable, as registry responses send `null` for every unset field. */
type Opt<T> = T | null | undefined;

export type WireValueInput = Scalar | Scalar[];

/** Structured property (docs/semantics.md#structured-form), told apart by `type`. */
export type WireStructuredPropertyInput =
  | { type: 'atomic'; name: string; date_part?: Opt<DatePart> }
  | { type: 'event'; vendor: string; name: string; major_version: number; path: string; date_part?: Opt<DatePart> }
  | {
      type: 'entity'; vendor: string; name: string; major_version: number; path: string; index?: Opt<number>;
      date_part?: Opt<DatePart>;
    };

/** Property: structured object or legacy string (docs/semantics.md#legacy-string-form). */
export type WirePropertyInput = string | WireStructuredPropertyInput;

export interface WireCriterionInput {
  property: WirePropertyInput;
  operator: CriterionOperator | '==';
  value: WireValueInput;
}

export interface WireEventInput {
  name?: Opt<string>;
  vendor?: Opt<string>;
  version?: Opt<string>;
}

/** Attribute. */
export interface WireAttributeInput {
  name: string;
  description?: Opt<string>;
  type: AttributeType;
  events?: Opt<WireEventInput[]>;
  aggregation: Aggregation;
  property?: Opt<WirePropertyInput>;
  criteria?: Opt<{ all?: Opt<WireCriterionInput[]>; any?: Opt<WireCriterionInput[]> }>;
  period?: Opt<string | number>;
  default_value?: Opt<Scalar | Scalar[] | Record<string, Scalar>>;
  ttl?: Opt<string | number>;
  time_unit?: Opt<TimeUnit>;
}

/** Attribute key: full object, or `{name}` alone linking to a key by name. */
export interface WireAttributeKeyInput {
  name: string;
  description?: Opt<string>;
  key?: Opt<string>;
  property?: Opt<WirePropertyInput>;
  ttl?: Opt<string | number>;
  is_published?: Opt<boolean>;
}

/** Attribute group; only the fields the parser reads. */
export interface WireAttributeGroupInput {
  name: string;
  version?: Opt<number>;
  attribute_key: WireAttributeKeyInput;
  ttl?: Opt<string | number>;
  batch_source?: Opt<object>;
  online?: Opt<boolean>;
  offline?: Opt<boolean>;
  fields?: Opt<{ name: string; description?: Opt<string>; type: string }[]>;
  attributes?: Opt<WireAttributeInput[]>;
  is_published?: Opt<boolean>;
}

/** Service. */
export interface WireServiceInput {
  name: string;
  attribute_groups?: Opt<{ name: string; version?: Opt<number> }[]>;
  is_published?: Opt<boolean>;
  access_mode?: Opt<'authenticated' | 'public'>;
}

/** Intervention criteria node: exactly one of `all`, `any`, `none` or a leaf `attribute`. */
export interface WireNodeInput {
  all?: Opt<WireNodeInput[]>;
  any?: Opt<WireNodeInput[]>;
  none?: Opt<WireNodeInput[]>;
  attribute?: Opt<string>;
  operator?: Opt<InterventionOperator | '=='>;
  value?: Opt<WireValueInput>;
}

/** Rule intervention; `target_attribute_keys` as `[{name}]` or names. */
export interface WireInterventionInput {
  name: string;
  version?: Opt<number>;
  description?: Opt<string>;
  is_published?: Opt<boolean>;
  criteria: WireNodeInput;
  target_attribute_keys?: Opt<(string | { name: string })[]>;
}

/** A definitions bundle (docs/semantics.md#wire-format). */
export interface WireBundleInput {
  attribute_groups?: Opt<WireAttributeGroupInput[]>;
  services?: Opt<WireServiceInput[]>;
  interventions?: Opt<WireInterventionInput[]>;
  attribute_keys?: Opt<WireAttributeKeyInput[]>;
}
