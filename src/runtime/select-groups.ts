import type { CompiledGroup, Plan } from '../engine/compile-plan.js';

/** Which attributes `getAttributes` reads. */
export interface AttributeSelection {
  service?: string;
  group?: string;
  version?: number;
  /** Read this key's groups only, for `id` (default: the tracker's current id of each group's key). */
  attributeKey?: string;
  id?: string;
}

/**
 * The computed groups a `getAttributes` selection names: a service's groups, one group (its latest
 * version unless `version` is given), the groups of one key; every computed group by default.
 */
export function selectGroups(plan: Plan, selection: AttributeSelection): CompiledGroup[] {
  let groups = plan.groups;
  if (selection.service !== undefined) {
    const service = plan.definitions.services.find((s) => s.name === selection.service);
    groups = groups.filter((g) => service?.groups.some((r) => r.name === g.def.name && r.version === g.def.version) ?? false);
  }
  if (selection.group !== undefined) {
    const named = groups.filter((g) => g.def.name === selection.group);
    const version = selection.version ?? Math.max(...named.map((g) => g.def.version));
    groups = named.filter((g) => g.def.version === version);
  }
  if (selection.attributeKey !== undefined) groups = groups.filter((g) => g.key.name === selection.attributeKey);
  return groups;
}
