import type { EngineState, KeyState } from '../state/state-types.js';
import { addContribution } from './attribute-state.js';
import type { Contribution, IdLookup } from './collect-contributions.js';
import type { Plan } from './compile-plan.js';
import { stateKey } from './engine-state.js';

/**
 * Adds an event's contributions at derived_tstamp `t` and arrival `q`. Every id the event carries for a
 * computed group's key is seen from then on (listed, reading defaults), whether or not it contributed.
 */
export function applyContributions(plan: Plan, state: EngineState, idOf: IdLookup, contributions: readonly Contribution[], t: number, q: number): void {
  const states = new Map<string, KeyState>();
  for (const keyName of plan.groupKeys) {
    const id = idOf(keyName);
    if (id === null) continue;
    const k = stateKey(keyName, id);
    let idState = state.ids.get(k);
    if (idState === undefined) state.ids.set(k, (idState = { key: keyName, id, attributes: {} }));
    states.set(keyName, idState.attributes);
  }
  for (const { attr, value } of contributions) {
    const attributes = states.get(attr.group.key.name)!;
    attributes[attr.id] = addContribution(attr, attributes[attr.id], value, t, q);
  }
}
