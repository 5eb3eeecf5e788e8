import { useCallback, useContext, useSyncExternalStore } from 'react';
import type { DeliveredIntervention } from '../runtime/create-intervention-dispatcher.js';
import { EdgeContext } from './edge-context.js';
import { interventionsStoreFor } from './shared-stores.js';

const NONE: readonly DeliveredIntervention[] = Object.freeze([]);

/**
 * The interventions delivered (edge and server) and not marked handled: the latest of each name, in
 * the order they came. The handler behind it runs inside `track()`; the component re-renders after.
 * On the server: none.
 */
export function useInterventions(): readonly DeliveredIntervention[] {
  const { trackers } = useContext(EdgeContext);
  const store = interventionsStoreFor(trackers);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => NONE);
}

/**
 * The latest delivery of intervention `name` not marked handled (`markInterventionHandled`), or null.
 * Re-renders only when that changes, not for other interventions. On the server: null.
 */
export function useIntervention(name: string): DeliveredIntervention | null {
  const { trackers } = useContext(EdgeContext);
  const store = interventionsStoreFor(trackers);
  const latest = useCallback(() => store.getSnapshot().find((i) => i.name === name) ?? null, [store, name]);
  return useSyncExternalStore(store.subscribe, latest, () => null);
}
