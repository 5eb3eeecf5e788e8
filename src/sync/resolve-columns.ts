import type { Plan } from '../engine/compile-plan.js';
import { setOwn } from '../set-own.js';

/**
 * Maps the columns of a get-online-attributes answer to attribute ids (`<group>_v<version>:<attribute>`):
 * full names as written, `<group>_v<version>__<attribute>`, or bare names (and `<group>:<attribute>`, as
 * getAttributes names a clash) where only one group of the answer's key has that attribute
 * (docs/reconciliation.md#server-reads). Unknown columns are left out.
 */
export function resolveColumns(plan: Plan, keyName: string, row: Record<string, unknown>): Record<string, unknown> {
  /** Bare name, and `<group>:<attribute>` (how getAttributes names a clash), → attribute id; null when two match. */
  const byName = new Map<string, string | null>();
  const known = new Set<string>();
  for (const group of plan.definitions.groups) {
    for (const attr of group.attributes) {
      const id = `${group.name}_v${group.version}:${attr.name}`;
      known.add(id);
      if (group.key.name !== keyName) continue;
      for (const name of [attr.name, `${group.name}:${attr.name}`]) byName.set(name, byName.has(name) ? null : id);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const full = column.includes(':') ? column : column.replace(/^(.*_v\d+)__/, '$1:');
    const id = known.has(full) ? full : byName.get(column) ?? null;
    if (id !== null) setOwn(out, id, value);
  }
  return out;
}
