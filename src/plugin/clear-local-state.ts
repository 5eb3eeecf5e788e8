import { answer, type WithCallback } from './answer.js';
import { runtimesFor } from './tracker-registry.js';

/**
 * Deletes the local attribute state, the fired-interventions ledger and the event journal, in this tab
 * and every other tab of the origin. Nothing of it remains in IndexedDB. `callback` gets `()` when done.
 */
export function clearLocalState(options?: WithCallback<void>, trackers?: string[]): Promise<void> {
  return answer(options, Promise.all(runtimesFor(trackers).map((runtime) => runtime.clear())).then(() => undefined));
}
