import { parseDefinitions } from '../../src/definitions/parse-definitions.js';
import type { Definitions } from '../../src/definitions/types.js';
import type { Problem } from '../../src/errors.js';
import { isRecord } from '../../src/is-record.js';
import type { Collection, RegistryStore } from './create-registry-store.js';
import { createValidationError, type ValidationIssue } from './http-error.js';

type Json = Record<string, unknown>;

/**
 * Checks one registry object with the project's definitions validation: a bundle of the object alone
 * (first of its collection) plus the stored objects it may reference (every stored key; for a service
 * the stored groups it names, for an intervention the stored groups its criteria name), parsed with
 * unpublished objects included. Cross-references are so checked against what is stored.
 * @param loc Where the body is in the request, e.g. `['body']`; each problem's path is given below it.
 * @returns the parsed bundle.
 * @throws HttpError 422 `{"detail":[{"loc","msg","type": <problem code>}]}`.
 */
export function validateRegistryBody(collection: Collection, body: unknown, store: RegistryStore, loc: (string | number)[]): Definitions {
  if (!isRecord(body)) throw createValidationError([{ loc, msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const bundle: Record<Collection, unknown[]> = {
    attribute_keys: collection === 'attribute_keys' ? [] : store.bundle().attribute_keys,
    attribute_groups: referencedGroups(collection, body, store),
    services: [],
    interventions: [],
  };
  bundle[collection].unshift(body);
  const parsed = parseDefinitions(bundle, { includeUnpublished: true });
  if (!parsed.ok) throw createValidationError(parsed.problems.map((p) => toIssue(p, `${collection}[0]`, loc)));
  return parsed.definitions;
}

/** A problem of the bundle as a FastAPI issue: its path under `loc` when it is in the body, else at `loc` with the path named. */
export function toIssue(problem: Problem, prefix: string, loc: (string | number)[]): ValidationIssue {
  if (problem.path === prefix || problem.path.startsWith(`${prefix}.`) || problem.path.startsWith(`${prefix}[`)) {
    return { loc: [...loc, ...splitPath(problem.path.slice(prefix.length))], msg: problem.message, type: problem.code };
  }
  return { loc, msg: `${problem.path || '(root)'}: ${problem.message}`, type: problem.code };
}

/** `.attributes[2].aggregation` → `['attributes', 2, 'aggregation']`. */
function splitPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) parts.push(match[1] ?? Number(match[2]));
  return parts;
}

function referencedGroups(collection: Collection, body: Json, store: RegistryStore): Json[] {
  const names = new Set<string>();
  if (collection === 'services' && Array.isArray(body['attribute_groups'])) {
    for (const ref of body['attribute_groups']) if (isRecord(ref) && typeof ref['name'] === 'string') names.add(ref['name']);
  }
  if (collection === 'interventions') collectGroupNames(body['criteria'], names);
  return [...names].flatMap((name) => store.named('attribute_groups', name));
}

/** Group names of the `group:attribute` references in intervention criteria. */
function collectGroupNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectGroupNames(child, names);
    return;
  }
  if (!isRecord(node)) return;
  const attribute = node['attribute'];
  if (typeof attribute === 'string' && attribute.includes(':')) names.add(attribute.slice(0, attribute.indexOf(':')));
  for (const [key, value] of Object.entries(node)) if (key !== 'attribute') collectGroupNames(value, names);
}
