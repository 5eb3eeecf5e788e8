import type { DeliveredIntervention } from '../runtime/create-intervention-dispatcher.js';
import { notifyAll, type ExternalStore } from './external-store.js';
import { addInterventionHandlers, removeInterventionHandlers } from './intervention-handlers.js';

/** A store of the interventions delivered and not yet handled: the latest of each name. */
export interface InterventionsStore extends ExternalStore<readonly DeliveredIntervention[]> {
  /** Takes an intervention (or its `intervention_id`) out of the snapshot: the page showed or dismissed it. */
  markHandled(intervention: DeliveredIntervention | string): void;
  /** Stops receiving interventions (the snapshot stays as it is). */
  close(): void;
}

/** Which interventions a store keeps. */
export interface InterventionsStoreOptions {
  /** Only interventions of these names (default: every one). */
  names?: readonly string[];
}

let stores = 0;

/**
 * A framework-neutral store of the interventions (of `options.names`, or all) delivered to `trackers` (every tracker when none are
 * given), edge and server alike: an intervention handler like any other, so it runs inside `track()`,
 * and the snapshot lists, in the order they came, the latest delivery of each intervention name that
 * was not marked handled. Interventions delivered before the store existed are not in it, unless no
 * handler was registered then (the plugin keeps those for the first handler).
 */
export function createInterventionsStore(options?: InterventionsStoreOptions, trackers?: string[]): InterventionsStore {
  const names = options?.names;
  const listeners = new Set<() => void>();
  const handlerId = `signals-edge-store-${++stores}`;
  let snapshot: readonly DeliveredIntervention[] = Object.freeze([]);

  function replace(next: DeliveredIntervention[]): void {
    snapshot = Object.freeze(next);
    notifyAll(listeners);
  }

  addInterventionHandlers({
    [handlerId]: (intervention) => {
      if (names === undefined || names.includes(intervention.name)) {
        replace([...snapshot.filter((i) => i.name !== intervention.name), intervention]);
      }
    },
  }, trackers);

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    markHandled(intervention) {
      const id = typeof intervention === 'string' ? intervention : intervention?.intervention_id;
      if (snapshot.some((i) => i.intervention_id === id)) replace(snapshot.filter((i) => i.intervention_id !== id));
    },
    close() {
      removeInterventionHandlers(handlerId, trackers);
    },
  };
}
