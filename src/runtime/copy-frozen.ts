import { setOwn } from '../set-own.js';

/** Plain objects and arrays nested deeper than this are passed as they are. */
const COPY_DEPTH = 100;

/**
 * A deep copy of plain objects and arrays, frozen, so that one handler cannot change what the next
 * sees. Keys such as `__proto__` stay own data properties; cycles are kept as cycles; other objects
 * (Date, class instances) and values nested deeper than COPY_DEPTH are passed as they are.
 */
export function copyFrozen(value: unknown, depth = 0, copies = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (depth > COPY_DEPTH) return value;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    copies.set(value, list);
    for (const item of value as unknown[]) list.push(copyFrozen(item, depth + 1, copies));
    return Object.freeze(list);
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record: Record<string, unknown> = {};
  copies.set(value, record);
  for (const key of Object.keys(value)) setOwn(record, key, copyFrozen((value as Record<string, unknown>)[key], depth + 1, copies));
  return Object.freeze(record);
}
