import { runtimesFor } from './tracker-registry.js';

/**
 * Deletes the local attribute state, the fired-interventions ledger and the event journal, in this tab
 * and every other tab of the origin. Nothing of it remains in IndexedDB.
 */
export async function clearLocalState(_options?: object, trackers?: string[]): Promise<void> {
  await Promise.all(runtimesFor(trackers).map((runtime) => runtime.clear()));
}
