import type { PulledBundle } from './select-registry-definitions.js';

/** Keys written first in every object, in this order; the others follow sorted by code unit. */
const LEADING_KEYS = ['name', 'version'];

/**
 * The bundle as `pull` writes it: `attribute_groups`, `services`, `interventions`, `attribute_keys`,
 * JSON with 2-space indent and a trailing newline. Inside the definitions every object's keys are put
 * in one order (`name`, `version`, then the rest sorted), so equal content gives equal bytes whatever
 * order the server wrote the fields in. Array order is kept.
 */
export function stringifyBundle(bundle: PulledBundle): string {
  const ordered = {
    attribute_groups: bundle.attribute_groups.map(orderKeys),
    services: bundle.services.map(orderKeys),
    interventions: bundle.interventions.map(orderKeys),
    attribute_keys: bundle.attribute_keys.map(orderKeys),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  // A null-prototype object, so a "__proto__" key is written as data like any other.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of keys) out[key] = orderKeys(record[key]);
  return out;
}

function rank(key: string): number {
  const index = LEADING_KEYS.indexOf(key);
  return index < 0 ? LEADING_KEYS.length : index;
}
