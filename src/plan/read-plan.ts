/**
 * The page's side of a plan: the format version and the structure the runtime dereferences, nothing
 * more. The wire format was checked when the plan was compiled; this only catches a plan from another
 * major version or one damaged on the way (cut off, edited by hand).
 */
import { AGGREGATIONS, type Definitions } from '../definitions/types.js';
import { PlanError } from '../errors.js';
import { isRecord } from '../is-record.js';
import { PLAN_FORMAT, PLAN_MAJORS_READ } from './plan-format.js';

const PROPERTY_KINDS = ['atomic', 'event', 'entity', 'column'];
const NODE_OPS = ['all', 'any', 'none', 'leaf'];
const MAX_DEPTH = 100;

type Check = (value: any, path: string) => void;

/**
 * Returns the definitions of a plan written by `signals-edge compile`.
 * @throws PlanError naming the version this build reads, or the first damaged place by path.
 */
export function readPlan(input: unknown): Definitions {
  if (!isRecord(input) || input.format !== PLAN_FORMAT) {
    throw new PlanError(`not a signals-edge plan: "format" must be "${PLAN_FORMAT}" (compile a bundle with signals-edge compile)`);
  }
  const major = typeof input.version === 'string' ? /^(\d+)\.\d+$/.exec(input.version)?.[1] : undefined;
  if (major === undefined || !PLAN_MAJORS_READ.includes(+major)) {
    throw new PlanError(`plan format version ${JSON.stringify(input.version)} is not supported: this runtime reads plan `
      + `versions ${PLAN_MAJORS_READ.map((m) => `${m}.x`).join(', ')}; compile the definitions with a matching signals-edge`);
  }
  definitions(input.definitions, 'definitions');
  return input.definitions as Definitions;
}

function fail(path: string, what: string): never {
  throw new PlanError(`the plan is damaged at ${path}: expected ${what}; compile it again with signals-edge compile`);
}

const is = (test: (value: any) => boolean, what: string): Check => (value, path) => {
  if (!test(value)) fail(path, what);
};
const string = is((v) => typeof v === 'string', 'a string');
const number = is((v) => typeof v === 'number', 'a number');
const numberOrNull = is((v) => v === null || typeof v === 'number', 'a number or null');
const boolean = is((v) => typeof v === 'boolean', 'a boolean');
const oneOf = (values: readonly string[]): Check => is((v) => values.includes(v), `one of ${values.join(', ')}`);

const list = (item: Check): Check => (value, path) => {
  if (!Array.isArray(value)) fail(path, 'a list');
  value.forEach((v, i) => item(v, `${path}[${i}]`));
};

const object = (shape: Record<string, Check>): Check => (value, path) => {
  if (!isRecord(value)) fail(path, 'an object');
  for (const key in shape) (shape[key] as Check)(value[key], `${path}.${key}`);
};

const property = object({ kind: oneOf(PROPERTY_KINDS) });
const propertyOrNull: Check = (value, path) => value !== null && property(value, path);
const criteria = object({ all: list(object({ property, operator: string })), any: list(object({ property, operator: string })) });
const key = object({ name: string, property });

const node = (value: any, path: string, depth = 0): void => {
  if (depth > MAX_DEPTH) fail(path, `criteria nested at most ${MAX_DEPTH} levels deep`);
  object({ op: oneOf(NODE_OPS) })(value, path);
  if (value.op === 'leaf') object({ group: string, attribute: string, operator: string })(value, path);
  else list((child, at) => node(child, at, depth + 1))(value.children, `${path}.children`);
};

const definitions = object({
  groups: list(object({
    name: string, version: number, key, kind: string, online: boolean,
    attributes: list(object({
      name: string, type: string, aggregation: oneOf(AGGREGATIONS), events: list(object({})), property: propertyOrNull,
      criteria, periodMs: numberOrNull, ttlMs: numberOrNull,
    })),
    fields: list(object({ name: string })),
  })),
  services: list(object({ name: string, groups: list(object({ name: string, version: number })), accessMode: string })),
  interventions: list(object({ name: string, version: number, criteria: node, targets: list(string) })),
  keys: list(key),
});
