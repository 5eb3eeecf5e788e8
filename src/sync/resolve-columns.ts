import type { Plan } from '../engine/compile-plan.js';
import { setOwn } from '../set-own.js';

/**
 * Maps the columns of a get-online-attributes answer to attribute ids (`<group>_v<version>:<attribute>`):
 * full names as written, `<group>_v<version>__<attribute>`, or bare names where only one group of the
 * answer's key has that attribute (docs/reconciliation.md#server-reads). Unknown columns are left out.
 */
export function resolveColumns(plan: Plan, keyName: string, row: Record<string, unknown>): Record<string, unknown> {
  const byBare = new Map<string, string | null>();
  for (const group of plan.definitions.groups) {
    if (group.key.name !== keyName) continue;
    for (const attr of group.attributes) {
      const id = `${group.name}_v${group.version}:${attr.name}`;
      byBare.set(attr.name, byBare.has(attr.name) ? null : id);
    }
  }
  const known = new Set([...plan.definitions.groups].flatMap((g) => g.attributes.map((a) => `${g.name}_v${g.version}:${a.name}`)));
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const full = column.includes(':') ? column : column.replace(/^(.*_v\d+)__/, '$1:');
    const id = known.has(full) ? full : byBare.get(column) ?? null;
    if (id !== null) setOwn(out, id, value);
  }
  return out;
}
