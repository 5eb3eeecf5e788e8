/**
 * The Signals definitions wire format (docs/semantics.md#wire-format) as one zod/mini schema, the same in
 * Node and in the browser. Every optional field also accepts `null` (registry responses); the fields a
 * registry GET adds are known (and not used), other keys are reported as unknown fields. Rules on one
 * object (aggregation/type fit, operator/value fit, …) are in `wire-rules.ts` and run once the object
 * has the right shape; checks across objects are in `cross-check-definitions.ts`.
 */
import * as z from 'zod/mini';
import { isRecord } from '../is-record.js';
import { describeAtomicNameProblem, readPath, readPropertyString } from './parse-property.js';
import { AGGREGATIONS, DATE_PARTS, INTERVENTION_OPERATORS, SCALAR_TYPES, SERVICE_ACCESS_MODES } from './types.js';
import {
  addIssue, duration, integer, list, nonEmpty, opt, pattern, readable, rule, scalarOrList, wireObject,
} from './wire-checks.js';
import { checkAtomicProperty, checkAttribute, checkCriterion, checkNode, LIST_TYPES } from './wire-rules.js';

const LETTERS = '1–128 letters, digits';

const name = pattern(/^\w{1,128}$/, `must be ${LETTERS} or underscores`);
const eventName = pattern(/^[\w-]{1,128}$/, `must be ${LETTERS}, "-" or "_"`);
const version = opt(integer(1));
const text = opt(z.string());
const optionalDuration = opt(duration);
const flag = opt(z.boolean());
const datePart = opt(z.enum(DATE_PARTS));
const atomicName = readable('enum', describeAtomicNameProblem);

/** Fields of older registry responses: accepted and not used. */
const OLD_RESPONSE_FIELDS = {
  tags: opt(z.unknown()), target_agents: opt(z.unknown()), script_uri: opt(z.unknown()), date_partition_column: opt(z.unknown()),
};

const schemaRef = { vendor: nonEmpty, name: eventName, major_version: integer(1), path: readable('path', readPath) };

/** Structured property, told apart by `type`. */
const structuredProperty = z.discriminatedUnion('type', [
  wireObject({ type: z.literal('atomic'), name: atomicName, date_part: datePart }, rule(checkAtomicProperty)),
  wireObject({ type: z.literal('event'), ...schemaRef, date_part: datePart }),
  wireObject({ type: z.literal('entity'), ...schemaRef, index: opt(integer(0)), date_part: datePart }),
]);

/** Property (docs/semantics.md#properties): legacy string, or structured object. */
const property = z.union([readable('property', readPropertyString), structuredProperty], 'a string or an object');

const criterion = wireObject({
  property,
  operator: z.enum(['=', '==', '!=', '<', '>', '<=', '>=', 'like', 'in']),
  value: scalarOrList(),
}, rule(checkCriterion));

/** Attribute. */
const attribute = wireObject({
  name,
  description: text,
  type: z.enum([...SCALAR_TYPES, ...LIST_TYPES, 'dict']),
  events: list(wireObject({
    name: opt(eventName),
    vendor: opt(pattern(/^[\w.-]{1,128}$/, `must be ${LETTERS}, "-", "_" or "."`)),
    version: opt(pattern(/^\d+-\d+-\d+$/, 'must be a full SchemaVer such as "1-0-0"')),
  })),
  aggregation: z.enum(AGGREGATIONS),
  property: opt(property),
  criteria: opt(wireObject({ all: list(criterion), any: list(criterion) })),
  period: optionalDuration,
  default_value: opt(scalarOrList(true)),
  ttl: optionalDuration,
  time_unit: opt(z.enum(['s', 'min', 'h', 'd'])),
  ...OLD_RESPONSE_FIELDS,
}, rule(checkAttribute));

/** Attribute key: full object, or `{name}` alone linking to a key by name; `blobl_path` is registry output. */
const attributeKey = wireObject({
  name,
  description: text,
  key: opt(atomicName),
  external_column: text,
  property: opt(property),
  owner: text,
  ttl: optionalDuration,
  is_published: flag,
  blobl_path: text,
});

/** Attribute group, with the fields a registry GET adds (known, not used). */
const group = wireObject({
  name,
  version,
  attribute_key: attributeKey,
  ttl: optionalDuration,
  batch_source: opt(wireObject({
    name,
    timestamp_field: text,
    description: text,
    owner: text,
    database: opt(pattern(/^[\w-]+$/, 'must contain only letters, digits, "_" or "-"')),
    schema: text,
    table: text,
    ...OLD_RESPONSE_FIELDS,
  })),
  online: flag,
  offline: flag,
  description: text,
  owner: text,
  fields: list(wireObject({ name, description: text, type: nonEmpty })),
  attributes: list(attribute),
  is_published: flag,
  backfill_since_tstamp: text,
  attribute_key_or_name: text,
  attribute_group_or_attribute_key_ttl: optionalDuration,
  feast_name: text,
  full_name: text,
  stream_source_name: text,
  ...OLD_RESPONSE_FIELDS,
});

/** Service: 0–100 group references. */
const service = wireObject({
  name,
  description: text,
  attribute_groups: list(wireObject({ name, version }), 100),
  owner: text,
  is_published: flag,
  access_mode: opt(z.enum(SERVICE_ACCESS_MODES)),
  ...OLD_RESPONSE_FIELDS,
});

/** Criteria nested deeper than this are not read at all (nor cyclic ones): the whole input is refused. */
const MAX_NODE_DEPTH = 1000;

/**
 * Passes criteria on unchanged when they nest at most {@link MAX_NODE_DEPTH} levels (counted without
 * recursion, so that a cyclic or very deep tree never reaches the recursive node schema).
 * @throws RangeError for deeper (or cyclic) criteria.
 */
const shallowCriteria = z.unknown().check((payload) => {
  const stack: [unknown, number][] = [[payload.value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (!isRecord(node)) continue;
    if (depth > MAX_NODE_DEPTH) throw new RangeError('criteria are nested too deeply');
    for (const op of ['all', 'any', 'none']) {
      const children = node[op];
      if (Array.isArray(children)) for (const child of children) stack.push([child, depth + 1]);
    }
  }
});

/** `group:attribute` (no version), as intervention criteria name attributes. */
export const attributeReference =
  pattern(/^\w{1,128}:\w{1,128}$/, `must be "group:attribute" (names of ${LETTERS} or underscores, no version)`);

const nodes = list(z.lazy((): z.ZodMiniType => node));

/** Intervention criteria node: exactly one of `all`, `any`, `none` or a leaf `attribute`. */
const node: z.ZodMiniType = wireObject({
  all: nodes,
  any: nodes,
  none: nodes,
  attribute: opt(attributeReference),
  operator: opt(z.enum([...INTERVENTION_OPERATORS, '=='])),
  value: opt(scalarOrList()),
}, rule(checkNode));

/** Rule intervention; `target_attribute_keys` as `[{name}]` or names. */
const intervention = wireObject({
  name,
  version,
  description: text,
  owner: text,
  is_published: flag,
  criteria: z.pipe(shallowCriteria, node),
  target_attribute_keys: list(z.union([name, wireObject({ name })], 'a string or an object')),
  ...OLD_RESPONSE_FIELDS,
});

/** The lists a bundle holds definitions in; it needs at least one. */
const CONTENT = ['attribute_groups', 'services', 'interventions'];

/**
 * A definitions bundle: `{attribute_groups?, services?, interventions?,
 * attribute_keys?}` with at least one of the first three. An unknown key here is a problem (a
 * misspelled list would otherwise load as empty), anywhere else a warning.
 */
export const wireBundleSchema = wireObject({
  attribute_groups: list(group),
  services: list(service),
  interventions: list(intervention),
  attribute_keys: list(attributeKey),
}, z.check<any>((payload) => {
  if (CONTENT.some((key) => payload.value[key] != null)) return;
  const keys = Object.keys(payload.value);
  addIssue(payload, { code: 'required' },
    `a definitions bundle needs attribute_groups, services or interventions; ${keys.length ? `it has only ${keys.join(', ')}` : 'it is empty'}`,
    ['attribute_groups']);
}), true);
