import type { EngineState, IdState } from '../state/state-types.js';
import { readState } from './attribute-state.js';
import type { CompiledAttribute, Plan } from './compile-plan.js';
import { stateKey } from './engine-state.js';

/** The local value of an attribute for a seen id at `now`: the aggregate, else its default; null once expired. */
export function readLocal(attr: CompiledAttribute, idState: IdState, now: number): unknown {
  const raw = readState(attr, idState.attributes[attr.id], now);
  if (raw === undefined) return attr.def.defaultValue;
  return raw === null ? null : attr.finish(raw);
}

/** Values of every computed attribute on `keyName` for `id` at `now`, keyed by attribute id; null for an unseen id. */
export function readKey(plan: Plan, state: EngineState, keyName: string, id: string, now: number): Record<string, unknown> | null {
  const idState = state.ids.get(stateKey(keyName, id));
  if (idState === undefined) return null;
  const out: Record<string, unknown> = {};
  for (const group of plan.groups) {
    if (group.key.name !== keyName) continue;
    for (const attr of group.attributes) out[attr.id] = readLocal(attr, idState, now);
  }
  return out;
}
