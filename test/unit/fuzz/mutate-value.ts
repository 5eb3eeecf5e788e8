// Seeded structural mutations of JSON-like values, shared by the fuzzers: pick a node of the tree and
// replace, delete, graft, tweak, wrap or nest it. Every mutation works on a copy; own `__proto__` keys
// survive the copy (they are data, as JSON.parse makes them).
import type { Random } from '../../reference/random-stream.js';

/** One step from a container to a child: an object key or an array index. */
export type Step = string | number;

/** A node of a value tree: its path from the root and the value there. */
export interface Node {
  path: Step[];
  value: unknown;
}

const own = Object.prototype.hasOwnProperty;

/** Whether `value` is an array or a plain object (what the mutations descend into). */
export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Sets an own data property, also for `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of arrays and plain objects (own enumerable keys, `__proto__` kept as data); other values
 * are shared. Shared subtrees and cycles are copied as such.
 */
export function copyValue(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (!isContainer(value)) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    seen.set(value, list);
    for (const item of value) list.push(copyValue(item, seen));
    return list;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) setOwn(out, key, copyValue(value[key], seen));
  return out;
}

/** Every node of the tree, the root first, in document order (at most `limit`). */
export function listNodes(root: unknown, limit = 20_000): Node[] {
  const out: Node[] = [];
  const walk = (value: unknown, path: Step[]) => {
    if (out.length >= limit) return;
    out.push({ path, value });
    if (!isContainer(value) || path.length > 200) return;
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else for (const key of Object.keys(value)) walk(value[key], [...path, key]);
  };
  walk(root, []);
  return out;
}

/** The value at `path`, or undefined. */
export function readAt(root: unknown, path: readonly Step[]): unknown {
  let current = root;
  for (const step of path) {
    if (!isContainer(current)) return undefined;
    if (Array.isArray(current)) current = typeof step === 'number' ? current[step] : undefined;
    else current = typeof step === 'string' && own.call(current, step) ? current[step] : undefined;
  }
  return current;
}

/** Strings worth trying anywhere: names of the wire format, edge cases, prototype names. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', '0', '-1', '1e999', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', 'valueOf', '$', '$.', '$..a', 'a..b', 'a[-1]', "a['b']", '[0]', 'a[0', 'x'.repeat(129),
  'é', '\u0000', '\ud800', '🙂', 'a b', 'a:b', 'a:b:c', ':', 'g_v1:a', '%', '_', '\\', '(a+)+$', '(a|aa)*b', '[', '*',
  'PT0S', 'PT10M', 'P1D', 'P7D', 'P1Y', 'P1M', 'PT', 'P', '-PT1S', 'P1W', 'PT1.5S', 'P99999999D', '86400', '1-0-0', '1-0', 'iglu:a/b/jsonschema/1-0-0',
  'counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent', 'category_count',
  'approx_count_distinct', 'time_since_last', 'time_since_first', 'count', 'string', 'int32', 'int64', 'double', 'float', 'bool',
  'bytes', 'unix_timestamp', 'string_list', 'int32_list', 'dict', 'atomic', 'event', 'entity', 'hour_of_day', 'active_week',
  '=', '==', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'rlike', 'not rlike', 'in', 'not in', 'is null', 'is not null', 'changed',
  's', 'min', 'h', 'd', 'ms', 'domain_userid', 'domain_sessionid', 'user_id', 'network_userid', 'page_url', 'derived_tstamp',
  'event_id', 'app_id', 'not_a_column', 'snowplow_ecommerce_action', 'com.snowplowanalytics.snowplow.ecommerce', 'product', 'price', 'type',
];

/** Values of every JSON type and a few JavaScript-only ones (inline bundles are JavaScript objects). */
export function oddValue(random: Random): unknown {
  switch (random.int(0, 17)) {
    case 0: return null;
    case 1: return undefined;
    case 2: return random.chance(0.5);
    case 3: return random.pick([0, -0, -1, 1, 2, 1.5, 128, 129, 1000, 2 ** 31, 2 ** 53 + 2, -1e308, 1e308, Number.EPSILON]);
    case 4: return random.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    case 5: case 6: case 7: return random.pick(ODD_STRINGS);
    case 8: return 'x'.repeat(random.pick([1000, 5000, 100_000]));
    case 9: return [];
    case 10: return {};
    case 11: return [random.pick(ODD_STRINGS), random.int(-5, 5)];
    case 12: return JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}');
    case 13: return { constructor: { prototype: { polluted: true } } };
    case 14: return random.pick([() => 'fn', new Date(0), /re/, new Map([['a', 1]]), Object.create(null) as object]);
    case 15: return random.pick([10n, Symbol('s')]);
    case 16: return [[[[]]]];
    default: return { length: 3 };
  }
}

/** A mutation applied to one copy of a tree; `describe` says what was done, for the failure message. */
export interface Mutation {
  value: unknown;
  describe: string;
}

/** How deeply `nest` wraps a node at most. */
const MAX_NEST = 1500;

/**
 * Applies one random mutation to a copy of `root`. `donors` are other trees to graft subtrees from;
 * `strings` more strings to try (e.g. every string of the fixtures).
 */
export function mutateOnce(root: unknown, random: Random, donors: readonly unknown[], strings: readonly string[]): Mutation {
  const copy = copyValue(root);
  const nodes = listNodes(copy);
  const target = nodes.length > 1 && random.chance(0.97) ? nodes[random.int(1, nodes.length - 1)]! : nodes[0]!;
  const at = target.path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('') || '(root)';
  const replace = (value: unknown, what: string): Mutation => {
    if (target.path.length === 0) return { value, describe: `${what} at ${at}` };
    const parent = readAt(copy, target.path.slice(0, -1)) as Record<string, unknown> | unknown[];
    const step = target.path[target.path.length - 1]!;
    if (Array.isArray(parent)) parent[step as number] = value;
    else setOwn(parent, step as string, value);
    return { value: copy, describe: `${what} at ${at}` };
  };
  const remove = (): Mutation => {
    if (target.path.length === 0) return { value: undefined, describe: 'root removed' };
    const parent = readAt(copy, target.path.slice(0, -1)) as Record<string, unknown> | unknown[];
    const step = target.path[target.path.length - 1]!;
    if (Array.isArray(parent)) parent.splice(step as number, 1);
    else delete parent[step as string];
    return { value: copy, describe: `removed ${at}` };
  };
  const value = target.value;
  const kind = random.int(0, 13);
  switch (kind) {
    case 0: case 1:
      return replace(oddValue(random), 'odd value');
    case 2: case 3:
      return remove();
    case 4: case 5: {
      const donor = listNodes(random.pick(donors));
      return replace(copyValue(random.pick(donor).value), 'grafted subtree');
    }
    case 6: case 7: {
      if (typeof value === 'string') {
        const tweaks: (() => string)[] = [
          () => random.pick(strings),
          () => value.toUpperCase(),
          () => `${value}${random.pick(['_', ' ', '.', '-', 'é', '0', '$'])}`,
          () => value.slice(0, random.int(0, value.length)),
          () => `${value}`.repeat(random.int(2, 200)),
          () => `$.${value}`,
        ];
        return replace(random.pick(tweaks)(), 'string tweak');
      }
      if (typeof value === 'number') {
        const tweaks = [value + 1, value - 1, -value, value * 1000, value + 0.5, String(value), 0];
        return replace(random.pick(tweaks), 'number tweak');
      }
      return replace(random.pick(strings), 'string instead');
    }
    case 8: case 9: {
      if (isContainer(value) && !Array.isArray(value)) {
        const key = random.chance(0.5) ? random.pick(strings) : random.pick(['__proto__', 'constructor', 'prototype', 'toString', 'all', 'any', 'none']);
        setOwn(value, key, random.chance(0.5) ? oddValue(random) : copyValue(random.pick(listNodes(random.pick(donors))).value));
        return { value: copy, describe: `added key ${JSON.stringify(key)} at ${at}` };
      }
      if (Array.isArray(value) && value.length > 0) {
        const i = random.int(0, value.length - 1);
        value.splice(i, 0, copyValue(value[i]));
        return { value: copy, describe: `duplicated item ${i} at ${at}` };
      }
      return replace([value], 'wrapped in a list');
    }
    case 10:
      return replace(Array.isArray(value) ? value[0] : [value], Array.isArray(value) ? 'unwrapped list' : 'wrapped in a list');
    case 11: {
      const record = isContainer(value) && !Array.isArray(value) ? value : null;
      const keys = record === null ? [] : Object.keys(record);
      if (record !== null && keys.length >= 2) {
        const a = random.pick(keys);
        const b = random.pick(keys);
        const va = record[a];
        setOwn(record, a, record[b]);
        setOwn(record, b, va);
        return { value: copy, describe: `swapped ${a} and ${b} at ${at}` };
      }
      return replace(oddValue(random), 'odd value');
    }
    case 12: {
      // Deep nesting: criteria trees, lists in lists (once per tree: copies recurse).
      if (nodes.some((node) => node.path.length > 100)) return replace(oddValue(random), 'odd value');
      const depth = random.chance(0.2) ? MAX_NEST : random.int(2, 60);
      const key = random.pick(['all', 'any', 'none']);
      let nested: unknown = value;
      for (let i = 0; i < depth; i++) nested = random.chance(0.9) ? { [key]: [nested] } : [nested];
      return replace(nested, `nested ${depth} deep`);
    }
    default: {
      // A cycle: a node containing its own parent (inline JavaScript objects can).
      if (isContainer(value) && !Array.isArray(value) && target.path.length > 0) {
        setOwn(value, random.pick(['all', 'attributes', 'criteria', 'x']), readAt(copy, target.path.slice(0, -1)));
        return { value: copy, describe: `cycle at ${at}` };
      }
      return replace(oddValue(random), 'odd value');
    }
  }
}

/** Every string in the trees (deduplicated), for string mutations. */
export function collectStrings(trees: readonly unknown[]): string[] {
  const out = new Set<string>(ODD_STRINGS);
  for (const tree of trees) for (const { value } of listNodes(tree)) if (typeof value === 'string' && value.length < 200) out.add(value);
  return [...out];
}
