import { setOwn } from '../set-own.js';

/**
 * JSON with the keys of every object sorted and no whitespace: two documents that differ only in key
 * order or layout give the same text (and so the same hash).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted = {};
    for (const key of Object.keys(item).sort()) setOwn(sorted, key, (item as Record<string, unknown>)[key]);
    return sorted;
  });
}
