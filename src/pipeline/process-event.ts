import { sameValue } from '../engine/aggregations/aggregator.js';
import { applyContributions } from '../engine/apply-contributions.js';
import { collectContributions, eventIds, type Contribution, type IdLookup } from '../engine/collect-contributions.js';
import type { CompiledAttribute } from '../engine/compile-plan.js';
import { stateKey } from '../engine/engine-state.js';
import { readLocal } from '../engine/read-local.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import type { CompiledIntervention } from '../rules/compile-intervention.js';
import { evaluateCrossing } from '../rules/evaluate-crossings.js';
import type { FiredIntervention } from '../rules/intervention-payload.js';
import type { EngineState, IdState } from '../state/state-types.js';
import type { Program } from './compile-program.js';

export interface ProcessOptions {
  /** Makes `intervention_id`s. */
  newId: () => string;
  /**
   * The value crossings are evaluated on (default: the local value). The browser evaluates on the value it
   * shows: the local state reconciled with the server's values.
   */
  readShown?: (attr: CompiledAttribute, idState: IdState, now: number) => unknown;
  /** The ids the event carries (default: read from the event); a caller that reads them too passes its lookup. */
  idOf?: IdLookup;
  /** Told what the event contributed once it is applied, before crossings are evaluated (the journal). */
  onApplied?: ((contributions: readonly Contribution[], t: number, q: number) => void) | undefined;
}

export interface ProcessResult {
  /** Crossings this event made, one per (intervention, target id). */
  fired: FiredIntervention[];
}

/**
 * One event, start to end, shared by the browser, the CLI and the dev server: what it contributes →
 * the values the affected interventions read before it → applied → journaled → the values after →
 * crossings. Before and after are read at the event's derived_tstamp; before it, an id the event brings
 * for the first time is unseen and reads null (docs/semantics.md#defaults-and-null).
 */
export function processEvent(program: Program, state: EngineState, event: AtomicEvent, options: ProcessOptions): ProcessResult {
  const t = event.derivedTstamp;
  const q = ++state.seq;
  const idOf = options.idOf ?? eventIds(program.plan, event);
  const contributions = collectContributions(program.plan, event, idOf);
  const affected = affectedInterventions(program, contributions);
  const read = (): Map<string, unknown> => readReferenced(program, state, affected, idOf, options.readShown ?? readLocal, t);
  const before = affected.size > 0 ? read() : null;
  applyContributions(program.plan, state, idOf, contributions, t, q);
  if (contributions.length > 0) options.onApplied?.(contributions, t, q);
  if (before === null) return { fired: [] };
  const after = read();

  const changed = new Set<string>();
  for (const [attrId, value] of after) if (!sameValue(value, before.get(attrId))) changed.add(attrId);
  const eventId = typeof event.atomic.event_id === 'string' && event.atomic.event_id !== '' ? event.atomic.event_id : `#${q}`;
  const fired: FiredIntervention[] = [];
  for (const intervention of affected) {
    fired.push(...evaluateCrossing({
      intervention,
      before: (attrId) => before.get(attrId),
      after: (attrId) => after.get(attrId),
      changed,
      eventId,
      tstamp: t,
      targetId: idOf,
      ledger: state.ledger,
      newId: options.newId,
    }));
  }
  return { fired };
}

/** The interventions whose criteria read an attribute the event contributes to. */
function affectedInterventions(program: Program, contributions: readonly Contribution[]): Set<CompiledIntervention> {
  const affected = new Set<CompiledIntervention>();
  for (const { attr } of contributions) for (const i of program.byAttribute.get(attr.id) ?? []) affected.add(i);
  return affected;
}

/** Attribute id → value, for every attribute the interventions read, for the ids the event carries. */
function readReferenced(
  program: Program, state: EngineState, interventions: ReadonlySet<CompiledIntervention>, idOf: IdLookup,
  readShown: NonNullable<ProcessOptions['readShown']>, t: number,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const byKey = new Map<string, IdState | undefined>();
  for (const intervention of interventions) {
    for (const ref of intervention.refs) {
      if (values.has(ref.id)) continue;
      const attr = program.plan.attributes.get(ref.id);
      if (attr === undefined) {
        values.set(ref.id, null);
        continue;
      }
      const keyName = attr.group.key.name;
      if (!byKey.has(keyName)) {
        const id = idOf(keyName);
        byKey.set(keyName, id === null ? undefined : state.ids.get(stateKey(keyName, id)));
      }
      const idState = byKey.get(keyName);
      values.set(ref.id, idState === undefined ? null : readShown(attr, idState, t));
    }
  }
  return values;
}
