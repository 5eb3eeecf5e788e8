import type { CompiledAttribute } from '../engine/compile-plan.js';
import { stateKey } from '../engine/engine-state.js';
import { ledgerKey } from '../rules/evaluate-crossings.js';
import { describeWhyNot, explainCriteria, type ExplainedNode, type ReadValue } from '../rules/explain-intervention.js';
import type { StateView } from '../runtime/state-view.js';

/** `explainInterventions()`: one intervention, evaluated on the values shown now. */
export interface InterventionExplanation {
  name: string;
  version: number;
  description: string | null;
  /** The criteria hold now (for the tracker's current ids). */
  holds: boolean;
  /** Crossings fired (by this browser) for the current target ids, most recent per target. */
  fired: { target: { name: string; id: string }; event_id: string; at: number }[];
  /** Why it has not fired (or why it holds), in one sentence. */
  why: string;
  criteria: ExplainedNode;
}

/** Every intervention's criteria evaluated on the shown values, whether and when it fired, or why not. */
export function explainState(view: StateView): InterventionExplanation[] {
  const { program, state } = view;
  return program.interventions.map(({ def, targets }) => {
    const criteria = explainCriteria(program.plan.definitions, def, (attrId) => {
      const attr = program.plan.attributes.get(attrId);
      return attr === undefined ? null : readWithSource(view, attr, view.currentId(attr.group.key.name));
    });
    const fired = targets.flatMap((keyName) => {
      const id = view.currentId(keyName);
      const entry = id === null ? undefined : state.ledger[ledgerKey(def.name, def.version, keyName, id)];
      return entry === undefined || id === null ? [] : [{ target: { name: keyName, id }, event_id: entry.e, at: entry.t }];
    });
    const why = fired.length > 0
      ? `fired at ${new Date(fired[0]!.at).toISOString()} for ${fired[0]!.target.name}=${fired[0]!.target.id}`
      : criteria.holds ? 'the criteria hold, but no tracked event has made them hold yet (values from the server do not fire)' : describeWhyNot(criteria);
    return { name: def.name, version: def.version, description: def.description, holds: criteria.holds, fired, why, criteria };
  });
}

/** The shown value of an attribute for an id, and where it comes from. */
function readWithSource(view: StateView, attr: CompiledAttribute, id: string | null): ReadValue {
  const s = id === null ? undefined : view.sync.get(stateKey(attr.group.key.name, id));
  const pending = s?.pending.some((p) => attr.id in p.c) ?? false;
  const source = s?.server == null || !(attr.id in s.server.values) ? 'edge' : pending ? 'edge+server' : 'server';
  return { value: view.shown(attr, id), source };
}
