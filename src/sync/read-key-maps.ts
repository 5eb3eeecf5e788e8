import { isRecord } from '../is-record.js';

/** Merges target maps left to right; keeps pointers that are strings or lists of strings. */
export function readTargets(sources: readonly unknown[], warn: (m: string) => void): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const source of sources) {
    if (source === undefined) continue;
    if (!isRecord(source)) {
      warn('attributeKeyTargets: expected an object of key → JSON pointer(s); ignored');
      continue;
    }
    for (const key of Object.keys(source)) {
      const pointers = source[key];
      if (typeof pointers === 'string' || (Array.isArray(pointers) && pointers.every((p) => typeof p === 'string'))) {
        out[key] = pointers as string | string[];
      } else {
        warn(`attributeKeyTargets.${key}: expected a JSON pointer or a list of them; ignored`);
      }
    }
  }
  return out;
}

/** Merges id maps left to right; keeps non-empty strings (empty ones are quietly skipped: no id yet). */
export function readIds(sources: readonly unknown[], where: string, warn: (m: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of sources) {
    if (source === undefined) continue;
    if (!isRecord(source)) {
      warn(`${where}: expected an object of key → id; ignored`);
      continue;
    }
    for (const key of Object.keys(source)) {
      const id = source[key];
      if (typeof id === 'string') {
        if (id !== '') out[key] = id;
      } else warn(`${where}.${key}: expected a non-empty string id; ignored`);
    }
  }
  return out;
}
