/**
 * zod/mini schemas of the Signals definitions wire format (signals-model.md §1–9, §14).
 * Unknown keys are ignored everywhere; every optional field also accepts `null` (registry responses).
 * Checks that concern one object (aggregation/type fit, operator/value fit, …) are refinements here;
 * checks across objects (names resolving, duplicates) are in `cross-check-definitions.ts`.
 *
 * Custom issues carry `params.code` (the {@link Problem} code) and, when `params.phrase` is true, a
 * message that is a phrase to follow the field name and the value (`is not …`).
 *
 * The `Wire…Input` types are what the parser accepts, nulls included; what the builders emit is in
 * `wire-types.ts`.
 */
import * as z from 'zod/mini';
import { describeDurationProblem } from './parse-duration.js';
import { describeAtomicNameProblem, describePathProblem, describePropertyStringProblem } from './parse-property.js';
import { AGGREGATIONS, DATE_PARTS, INTERVENTION_OPERATORS } from './types.js';
import { checkAtomicProperty, checkAttribute, checkCriterion, checkNode } from './wire-rules.js';

/** Attribute value types (§5), with `_list` variants and `dict`. */
export const ATTRIBUTE_TYPES = [
  'bytes', 'string', 'int32', 'int64', 'double', 'float', 'bool', 'unix_timestamp',
  'bytes_list', 'string_list', 'int32_list', 'int64_list', 'double_list', 'float_list', 'bool_list',
  'unix_timestamp_list', 'dict',
] as const;

export const TIME_UNITS = ['s', 'min', 'h', 'd'] as const;

/** Attribute criterion operators (§4), with `==` accepted as `=` (§14 item 5). */
export const CRITERION_OPERATORS = ['=', '==', '!=', '<', '>', '<=', '>=', 'like', 'in'] as const;

/** Intervention operators (§9), with `==` accepted as `=`. */
export const WIRE_INTERVENTION_OPERATORS = [...INTERVENTION_OPERATORS, '=='] as const;

const NAME = /^[A-Za-z0-9_]{1,128}$/;
const EVENT_NAME = /^[a-zA-Z0-9\-_]{1,128}$/;
const EVENT_VENDOR = /^[a-zA-Z0-9\-_.]{1,128}$/;
const SCHEMA_VER = /^[0-9]+-[0-9]+-[0-9]+$/;
const GROUP_ATTRIBUTE = /^[A-Za-z0-9_]{1,128}:[A-Za-z0-9_]{1,128}$/;
const DATABASE = /^[A-Za-z0-9_-]+$/;

/** Optional and nullable, as registry responses send `null` for every unset field. */
function opt<T extends z.ZodMiniType>(schema: T): z.ZodMiniOptional<z.ZodMiniNullable<T>> {
  return z.optional(z.nullable(schema));
}

function pattern(regex: RegExp, phrase: string): z.ZodMiniString<string> {
  return z.string().check(z.regex(regex, phrase));
}

/** A check running `describe` on the value; a non-null result becomes a phrase issue. */
function phraseCheck<T>(code: string, describe: (value: T) => string | null): z.core.$ZodCheck<T> {
  return z.superRefine<T>((value, ctx) => {
    const phrase = describe(value);
    if (phrase !== null) ctx.addIssue({ code: 'custom', message: phrase, input: value, params: { code, phrase: true } });
  });
}

/** Names of groups, attributes, fields, services, interventions, keys: `^[A-Za-z0-9_]+$`, 1–128. */
export const NameSchema = pattern(NAME, 'must be 1–128 letters, digits or underscores');

/** A duration: ISO-8601 string or number of seconds (§14 item 21). */
export const DurationSchema = z.union([z.string(), z.number()]).check(phraseCheck('duration', describeDurationProblem));

const VersionSchema = z.int().check(z.positive());

export const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export const ValueSchema = z.union([ScalarSchema, z.array(ScalarSchema)]);

/** `{name?, vendor?, version?}`; an absent field is a wildcard (§2). */
export const EventSchema = z.object({
  name: opt(pattern(EVENT_NAME, 'must be 1–128 letters, digits, "-" or "_"')),
  vendor: opt(pattern(EVENT_VENDOR, 'must be 1–128 letters, digits, "-", "_" or "."')),
  version: opt(pattern(SCHEMA_VER, 'must be a full SchemaVer such as "1-0-0"')),
});

const DatePartSchema = z.enum(DATE_PARTS);
const PathSchema = z.string().check(phraseCheck('path', describePathProblem));
const AtomicNameSchema = z.string().check(phraseCheck('enum', describeAtomicNameProblem));
const SchemaNameSchema = pattern(EVENT_NAME, 'must be 1–128 letters, digits, "-" or "_"');

/** Structured property (§3.1), told apart by `type`. */
export const StructuredPropertySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('atomic'), name: AtomicNameSchema, date_part: opt(DatePartSchema) })
    .check(z.superRefine((value, ctx) => checkAtomicProperty(value, ctx))),
  z.object({
    type: z.literal('event'), vendor: z.string().check(z.minLength(1)), name: SchemaNameSchema,
    major_version: VersionSchema, path: PathSchema, date_part: opt(DatePartSchema),
  }),
  z.object({
    type: z.literal('entity'), vendor: z.string().check(z.minLength(1)), name: SchemaNameSchema,
    major_version: VersionSchema, path: PathSchema, index: opt(z.int().check(z.nonnegative())),
    date_part: opt(DatePartSchema),
  }),
]);

/** Property: structured object or legacy string (§3.2, §14 items 3–4). */
export const PropertySchema = z.union([
  z.string().check(phraseCheck('property', describePropertyStringProblem)),
  StructuredPropertySchema,
]);

export const CriterionSchema = z.object({
  property: PropertySchema,
  operator: z.enum(CRITERION_OPERATORS),
  value: ValueSchema,
}).check(z.superRefine((value, ctx) => checkCriterion(value, ctx)));

export const CriteriaSchema = z.object({
  all: opt(z.array(CriterionSchema)),
  any: opt(z.array(CriterionSchema)),
});

const DefaultValueSchema = z.union([ScalarSchema, z.array(ScalarSchema), z.record(z.string(), ScalarSchema)]);

/** Attribute (§5). */
export const AttributeSchema = z.object({
  name: NameSchema,
  description: opt(z.string()),
  type: z.enum(ATTRIBUTE_TYPES),
  events: opt(z.array(EventSchema)),
  aggregation: z.enum(AGGREGATIONS),
  property: opt(PropertySchema),
  criteria: opt(CriteriaSchema),
  period: opt(DurationSchema),
  default_value: opt(DefaultValueSchema),
  ttl: opt(DurationSchema),
  time_unit: opt(z.enum(TIME_UNITS)),
}).check(z.superRefine((value, ctx) => checkAttribute(value, ctx)));

/** Attribute key (§6): full object, or `{name}` alone linking to a key by name. */
export const AttributeKeySchema = z.object({
  name: NameSchema,
  description: opt(z.string()),
  key: opt(AtomicNameSchema),
  external_column: opt(z.string()),
  property: opt(PropertySchema),
  owner: opt(z.string()),
  ttl: opt(DurationSchema),
  is_published: opt(z.boolean()),
  blobl_path: opt(z.string()),
});

/** Field of an external batch group (§7). */
export const FieldSchema = z.object({
  name: NameSchema,
  description: opt(z.string()),
  type: z.string().check(z.minLength(1)),
});

/** Batch source (§7); metadata only (§14 item 11). */
export const BatchSourceSchema = z.object({
  name: NameSchema,
  timestamp_field: opt(z.string()),
  description: opt(z.string()),
  owner: opt(z.string()),
  database: opt(pattern(DATABASE, 'must contain only letters, digits, "_" or "-"')),
  schema: opt(z.string()),
  table: opt(z.string()),
});

/** Attribute group (§7), including the fields a registry GET adds. */
export const AttributeGroupSchema = z.object({
  name: NameSchema,
  version: opt(VersionSchema),
  attribute_key: AttributeKeySchema,
  ttl: opt(DurationSchema),
  batch_source: opt(BatchSourceSchema),
  online: opt(z.boolean()),
  offline: opt(z.boolean()),
  description: opt(z.string()),
  owner: opt(z.string()),
  fields: opt(z.array(FieldSchema)),
  attributes: opt(z.array(AttributeSchema)),
  is_published: opt(z.boolean()),
  backfill_since_tstamp: opt(z.string()),
  // Registry GET output (§7); accepted, not used.
  attribute_key_or_name: z.optional(z.unknown()),
  attribute_group_or_attribute_key_ttl: z.optional(z.unknown()),
  feast_name: z.optional(z.unknown()),
  full_name: z.optional(z.unknown()),
  stream_source_name: z.optional(z.unknown()),
});

/** Service (§8): 0–100 group references (§14 item 10). */
export const ServiceSchema = z.object({
  name: NameSchema,
  description: opt(z.string()),
  attribute_groups: opt(z.array(z.object({ name: NameSchema, version: opt(VersionSchema) })).check(z.maxLength(100))),
  owner: opt(z.string()),
  is_published: opt(z.boolean()),
});

export type WireValueInput = z.infer<typeof ValueSchema>;
export type WireInterventionOperatorInput = (typeof WIRE_INTERVENTION_OPERATORS)[number];

/** Intervention criteria node (§9): exactly one of `all`, `any`, `none` or a leaf `attribute`. */
export interface WireNodeInput {
  all?: WireNodeInput[] | null | undefined;
  any?: WireNodeInput[] | null | undefined;
  none?: WireNodeInput[] | null | undefined;
  attribute?: string | null | undefined;
  operator?: WireInterventionOperatorInput | null | undefined;
  value?: WireValueInput | null | undefined;
}

const LazyNodeSchema: z.ZodMiniType<WireNodeInput> = z.lazy(() => NodeSchema);

export const NodeSchema: z.ZodMiniType<WireNodeInput> = z.object({
  all: opt(z.array(LazyNodeSchema)),
  any: opt(z.array(LazyNodeSchema)),
  none: opt(z.array(LazyNodeSchema)),
  attribute: opt(pattern(GROUP_ATTRIBUTE, 'must be "group:attribute" (names of 1–128 letters, digits or underscores, no version)')),
  operator: opt(z.enum(WIRE_INTERVENTION_OPERATORS)),
  value: opt(ValueSchema),
}).check(z.superRefine((value, ctx) => checkNode(value, ctx)));

/** Rule intervention (§9); `target_attribute_keys` as `[{name}]` or names (§14 item 6). */
export const InterventionSchema = z.object({
  name: NameSchema,
  version: opt(VersionSchema),
  description: opt(z.string()),
  owner: opt(z.string()),
  is_published: opt(z.boolean()),
  criteria: NodeSchema,
  target_attribute_keys: opt(z.array(z.union([NameSchema, z.object({ name: NameSchema })]))),
});

/** A definitions bundle (design.md decision 1). */
export const BundleSchema = z.object({
  attribute_groups: opt(z.array(AttributeGroupSchema)),
  services: opt(z.array(ServiceSchema)),
  interventions: opt(z.array(InterventionSchema)),
  attribute_keys: opt(z.array(AttributeKeySchema)),
});

export type WireStructuredPropertyInput = z.infer<typeof StructuredPropertySchema>;
export type WireCriterionInput = z.infer<typeof CriterionSchema>;
export type WireAttributeInput = z.infer<typeof AttributeSchema>;
export type WireAttributeKeyInput = z.infer<typeof AttributeKeySchema>;
export type WireAttributeGroupInput = z.infer<typeof AttributeGroupSchema>;
export type WireServiceInput = z.infer<typeof ServiceSchema>;
export type WireInterventionInput = z.infer<typeof InterventionSchema>;
export type WireBundleInput = z.infer<typeof BundleSchema>;

