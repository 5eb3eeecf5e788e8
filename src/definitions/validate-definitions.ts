/**
 * The Signals definitions wire format (signals-model.md §1–9, §14), checked in one walk of the input.
 * Unknown keys are ignored everywhere; every optional field also accepts `null` (registry responses).
 * Checks that concern one object (aggregation/type fit, operator/value fit, …) are in `wire-rules.ts`
 * and run once the object has the right shape; checks across objects are in `cross-check-definitions.ts`.
 */
import type { Problem } from '../errors.js';
import { describeValue } from './describe-value.js';
import { readDuration } from './parse-duration.js';
import { describeAtomicNameProblem, readPath, readPropertyString } from './parse-property.js';
import { AGGREGATIONS, DATE_PARTS, INTERVENTION_OPERATORS, SCALAR_TYPES, SERVICE_ACCESS_MODES } from './types.js';
import { checkAtomicProperty, checkAttribute, checkCriterion, checkNode, LIST_TYPES, type Report } from './wire-rules.js';
import { isRecord } from '../is-record.js';

/** A JSON path: object keys and list indexes. */
type JsonPath = (string | number)[];

/**
 * Checks `value` at `path`, adding what is wrong to the problems. Returns true when the value does not
 * have the right shape, so the rules of the objects around it are not run (a value of the right shape
 * with a bad detail, such as a pattern or range, returns false).
 */
type Check = (value: any, path: JsonPath) => boolean;

let found: Problem[] = [];

/**
 * Checks a definitions bundle `{attribute_groups?, services?, interventions?, attribute_keys?}` and
 * returns every problem, in input order, each with its JSON path and a plain message naming the
 * field, the value and what is allowed.
 * @throws RangeError when intervention criteria are nested more than 1000 levels deep (or cyclic).
 */
export function validateDefinitions(input: unknown): Problem[] {
  found = [];
  bundle(input, []);
  return found;
}

function add(path: JsonPath, code: string, message: string): void {
  found.push({ code, path: path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i ? `.${key}` : key)).join(''), message });
}

/** Adds a problem whose message is the field, the value and `phrase`. */
function addPhrase(path: JsonPath, value: unknown, code: string, phrase: string): false {
  add(path, code, `${fieldName(path)} ${describeValue(value)} ${phrase}`);
  return false;
}

/** The field a message names: the last key with any indexes after it (`events[0]`). */
function fieldName(path: JsonPath): string {
  let end = path.length;
  let suffix = '';
  while (typeof path[end - 1] === 'number') suffix = `[${path[--end]}]${suffix}`;
  return `${end ? path[end - 1] : 'definitions'}${suffix}`;
}

/** A missing value or one of the wrong type. */
function wrong(value: unknown, path: JsonPath, expected: string): true {
  const field = fieldName(path);
  if (value === undefined) add(path, 'required', `${field} is required`);
  else add(path, 'type', `${field} must be ${expected}, got ${describeValue(value)}`);
  return true;
}

/** A value that is not one of `choices`. */
function choose(value: unknown, path: JsonPath, choices: string): true {
  const field = fieldName(path);
  if (value === undefined) add(path, 'required', `${field} is required: ${choices}`);
  else add(path, 'enum', `${field} ${describeValue(value)} is not one of ${choices}`);
  return true;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && isFinite(value);
const isScalar = (value: unknown): boolean => isString(value) || isNumber(value) || typeof value === 'boolean';

/** Optional and nullable. */
const opt = (check: Check): Check => (value, path) => value != null && check(value, path);

const string: Check = (value, path) => !isString(value) && wrong(value, path, 'a string');
const boolean: Check = (value, path) => typeof value !== 'boolean' && wrong(value, path, 'a boolean');

/**
 * A length of at least (or, with `most`, at most) `limit`. This also runs on a value of the wrong type
 * that has a `length` (a list where a string belongs, an object with a `length` key), which then gets
 * both problems. Returns true when it adds a problem.
 */
const checkLength = (value: any, path: JsonPath, limit: number, most?: boolean): boolean => {
  if (value == null || value.length === undefined) return false;
  const length = isString(value) ? [...value].length : value.length;
  if (most ? length <= limit : length >= limit) return false;
  const bound = most ? 'most' : 'least';
  if (Array.isArray(value)) add(path, 'range', `${fieldName(path)} must have at ${bound} ${limit} items`);
  else addPhrase(path, value, 'range', !isString(value) ? `must be ${limit} or ${most ? 'less' : 'more'}`
    : most ? `must have at most ${limit} characters` : 'must not be empty');
  return true;
};

const nonEmpty: Check = (value, path) => {
  const bad = string(value, path);
  checkLength(value, path, 1);
  return bad;
};

/** Adds a problem when `read` returns a phrase (a string) saying what is wrong with the value. */
const readable = (code: string, read: (value: any) => unknown, value: unknown, path: JsonPath): false => {
  const phrase = read(value);
  return typeof phrase === 'string' && addPhrase(path, value, code, phrase);
};

/** A string that `read` accepts; its problems have `code`. */
const described = (code: string, read: (value: string) => unknown): Check => (value, path) =>
  string(value, path) || readable(code, read, value, path);

const pattern = (regex: RegExp, phrase: string): Check => described('format', (value) => (regex.test(value) ? null : phrase));

/** An integer of at least `min` (0 or 1). */
const integer = (min: number): Check => (value, path) => {
  if (!isNumber(value)) return wrong(value, path, 'a number');
  if (!Number.isInteger(value)) return wrong(value, path, 'an integer');
  if (!Number.isSafeInteger(value)) {
    addPhrase(path, value, 'range', value > 0 ? 'must be 9007199254740991 or less' : 'must be -9007199254740991 or more');
  }
  return value < min && addPhrase(path, value, 'range', min ? 'must be greater than 0' : 'must be 0 or more');
};

const oneOf = (values: readonly string[]): Check => (value, path) => !values.includes(value) && choose(value, path, values.join(', '));

/** An optional list, of at most `max` items; those are not checked when there are more. */
const list = (item: Check, max?: number): Check => (value, path) => {
  if (value == null) return false;
  const isList = Array.isArray(value);
  if (!isList) wrong(value, path, 'a list');
  if ((max && checkLength(value, path, max, true)) || !isList) return true;
  let bad = false;
  for (let i = 0; i < value.length; i++) bad = item(value[i], [...path, i]) || bad;
  return bad;
};

/** An object with these fields, checked in order; `rule` runs when every field has the right shape. */
const object = (shape: Record<string, Check>, rule?: (value: any, report: Report) => void): Check => (value, path) => {
  if (!isRecord(value)) return wrong(value, path, 'an object');
  let bad = false;
  for (const key in shape) bad = (shape[key] as Check)(value[key], [...path, key]) || bad;
  if (!bad && rule) rule(value, (code, message, ...at) => add([...path, ...at], code, message));
  return bad;
};

/** A string or an object. */
const stringOr = (ifString: Check, ifObject: Check): Check => (value, path) =>
  isString(value) ? ifString(value, path) : isRecord(value) ? ifObject(value, path) : wrong(value, path, 'a string or an object');

const scalar: Check = (value, path) => !isScalar(value) && wrong(value, path, 'a string, a number or a boolean');
const scalars = list(scalar);

/** A scalar, a list of scalars or (with `record`) an object of scalars. */
const scalarOrList = (record?: boolean): Check => (v, path) => {
  if (Array.isArray(v)) return scalars(v, path);
  const make = isRecord(v) && v.constructor;
  // A plain object: not a Date or another class instance.
  if (record && make !== false
    && (typeof make !== 'function' || (isRecord(make.prototype) && Object.hasOwn(make.prototype, 'isPrototypeOf')))) {
    let bad = false;
    for (const key of Object.keys(v)) if (key !== '__proto__') bad = scalar(v[key], [...path, key]) || bad;
    return bad;
  }
  return !isScalar(v) && wrong(v, path, `a string, a number, a boolean${record ? ', a list or a record' : ' or a list'}`);
};

const duration: Check = (value, path) => {
  if (!isString(value) && !isNumber(value)) return wrong(value, path, 'a string or a number');
  return readable('duration', readDuration, value, path);
};

const LETTERS = '1–128 letters, digits';

const name = pattern(/^\w{1,128}$/, `must be ${LETTERS} or underscores`);
const eventName = pattern(/^[\w-]{1,128}$/, `must be ${LETTERS}, "-" or "_"`);
const version = opt(integer(1));
const text = opt(string);
const optionalDuration = opt(duration);
const published = opt(boolean);
const datePart = opt(oneOf(DATE_PARTS));
const atomicName = described('enum', describeAtomicNameProblem);
const schemaRef = { vendor: nonEmpty, name: eventName, major_version: integer(1), path: described('path', readPath) };
const PROPERTY_TYPES = ['atomic', 'event', 'entity'];
const STRUCTURED: Check[] = [
  object({ name: atomicName, date_part: datePart }, checkAtomicProperty),
  object({ ...schemaRef, date_part: datePart }),
  object({ ...schemaRef, index: opt(integer(0)), date_part: datePart }),
];

/** Property (§3): legacy string, or structured object told apart by `type`. */
const property = stringOr(described('property', readPropertyString), (value, path) => {
  const check = STRUCTURED[PROPERTY_TYPES.indexOf(value.type)];
  return check ? check(value, path) : choose(value.type, [...path, 'type'], 'atomic, event or entity');
});

const criterion = object({
  property,
  operator: oneOf(['=', '==', '!=', '<', '>', '<=', '>=', 'like', 'in']),
  value: scalarOrList(),
}, checkCriterion);

/** Attribute (§5). */
const attribute = object({
  name,
  description: text,
  type: oneOf([...SCALAR_TYPES, ...LIST_TYPES, 'dict']),
  events: list(object({
    name: opt(eventName),
    vendor: opt(pattern(/^[\w.-]{1,128}$/, `must be ${LETTERS}, "-", "_" or "."`)),
    version: opt(pattern(/^\d+-\d+-\d+$/, 'must be a full SchemaVer such as "1-0-0"')),
  })),
  aggregation: oneOf(AGGREGATIONS),
  property: opt(property),
  criteria: opt(object({ all: list(criterion), any: list(criterion) })),
  period: optionalDuration,
  default_value: opt(scalarOrList(true)),
  ttl: optionalDuration,
  time_unit: opt(oneOf(['s', 'min', 'h', 'd'])),
}, checkAttribute);

/** Attribute key (§6): full object, or `{name}` alone linking to a key by name. */
const attributeKey = object({
  name,
  description: text,
  key: opt(atomicName),
  external_column: text,
  property: opt(property),
  owner: text,
  ttl: optionalDuration,
  is_published: published,
  blobl_path: text,
});

/** Attribute group (§7), including the fields a registry GET adds (accepted, not used). */
const group = object({
  name,
  version,
  attribute_key: attributeKey,
  ttl: optionalDuration,
  batch_source: opt(object({
    name,
    timestamp_field: text,
    description: text,
    owner: text,
    database: opt(pattern(/^[\w-]+$/, 'must contain only letters, digits, "_" or "-"')),
    schema: text,
    table: text,
  })),
  online: published,
  offline: published,
  description: text,
  owner: text,
  fields: list(object({ name, description: text, type: nonEmpty })),
  attributes: list(attribute),
  is_published: published,
  backfill_since_tstamp: text,
});

/** Service (§8): 0–100 group references (§14 item 10). */
const service = object({
  name,
  description: text,
  attribute_groups: list(object({ name, version }), 100),
  owner: text,
  is_published: published,
  access_mode: opt(oneOf(SERVICE_ACCESS_MODES)),
});

/** Criteria nested deeper than this are not read at all (nor cyclic ones): the whole input is refused. */
const MAX_NODE_DEPTH = 1000;

const nodes = list((value, path) => {
  // interventions[i].criteria, then two segments (`all[0]`) per level
  if (path.length > 3 + 2 * MAX_NODE_DEPTH) throw new RangeError('criteria are nested too deeply');
  return node(value, path);
});

/** Intervention criteria node (§9): exactly one of `all`, `any`, `none` or a leaf `attribute`. */
const node: Check = object({
  all: nodes,
  any: nodes,
  none: nodes,
  attribute: opt(pattern(/^\w{1,128}:\w{1,128}$/, `must be "group:attribute" (names of ${LETTERS} or underscores, no version)`)),
  operator: opt(oneOf([...INTERVENTION_OPERATORS, '=='])),
  value: opt(scalarOrList()),
}, checkNode);

/** Rule intervention (§9); `target_attribute_keys` as `[{name}]` or names (§14 item 6). */
const intervention = object({
  name,
  version,
  description: text,
  owner: text,
  is_published: published,
  criteria: node,
  target_attribute_keys: list(stringOr(name, object({ name }))),
});

const bundle = object({
  attribute_groups: list(group),
  services: list(service),
  interventions: list(intervention),
  attribute_keys: list(attributeKey),
});
