import { setOwn } from '../set-own.js';

/** Deeper than this, the copy gives up (the tracker stringified it; the caller reads that text). */
const MAX_DEPTH = 1000;

/**
 * What `JSON.parse(JSON.stringify(value))` gives, built without the text: `toJSON(key)` is called,
 * boxed primitives are unboxed, functions, symbols and `undefined` leave objects (and become `null` in
 * arrays, as holes do), `NaN` and ±Infinity become `null`, −0 becomes 0, and only own enumerable string
 * keys are kept, in `Object.keys` order (`__proto__` stays an own key). Returns `undefined` where
 * stringify writes nothing. Throws (RangeError) on a cycle or on nesting deeper than `MAX_DEPTH`, where
 * the tracker's own stringify would have failed or the caller should read the text instead.
 */
export function toJsonValue(value: unknown, key = '', depth = 0): unknown {
  return typeof value === 'object' && value !== null ? copyObject(value, key, depth) : copyLeaf(value);
}

function copyObject(value: object, key: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new RangeError('nested too deep to copy');
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return toJsonValue(toJson.call(value, key), key, depth + 1);
  if (Array.isArray(value)) {
    const list: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const copy = typeof item === 'object' && item !== null ? copyObject(item, String(i), depth + 1) : copyLeaf(item);
      list[i] = copy === undefined ? null : copy;
    }
    return list;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && (value instanceof Number || value instanceof String || value instanceof Boolean)) {
    return copyLeaf(value.valueOf());
  }
  const record: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[k];
    const copy = typeof item === 'object' && item !== null ? copyObject(item, k, depth + 1) : copyLeaf(item);
    if (copy !== undefined) setOwn(record, k, copy);
  }
  return record;
}

function copyLeaf(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      // JSON.stringify throws here, so the tracker never got this far.
      throw new TypeError('a BigInt has no JSON form');
    default:
      // null; undefined, functions and symbols leave no trace
      return value === null ? null : undefined;
  }
}
