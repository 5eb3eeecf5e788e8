import type { AtomicEvent } from '../event/atomic-event.js';
import type { CompiledAttribute, Plan } from './compile-plan.js';

/** What one event adds to one attribute of one id. */
export interface Contribution {
  attr: CompiledAttribute;
  /** The id of the attribute's key that the event carries. */
  id: string;
  value: unknown;
}

/** The id an event carries for a key name, or null. */
export type IdLookup = (keyName: string) => string | null;

/** The ids an event carries, each read once. */
export function eventIds(plan: Plan, event: AtomicEvent): IdLookup {
  const ids = new Map<string, string | null>();
  return (keyName) => {
    let id = ids.get(keyName);
    if (id === undefined) {
      id = plan.keys.get(keyName)?.idOf(event) ?? null;
      ids.set(keyName, id);
    }
    return id;
  };
}

/** Every attribute the event matches, with the id it counts for and the value it adds. */
export function collectContributions(plan: Plan, event: AtomicEvent, idOf: IdLookup): Contribution[] {
  const contributions: Contribution[] = [];
  for (const attr of plan.candidates(event)) {
    const id = idOf(attr.group.key.name);
    if (id === null || !attr.matches(event)) continue;
    const value = attr.valueOf(event);
    if (value !== undefined && attr.agg.accepts(value)) contributions.push({ attr, value, id });
  }
  return contributions;
}
