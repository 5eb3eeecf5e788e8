import { explainState, type InterventionExplanation } from './explain-state.js';
import { inspectState, type AttributeDetails } from './inspect-state.js';
import { runtimesFor } from './tracker-registry.js';

/**
 * For each intervention: its criteria evaluated on the values shown now, each value read with its
 * source (`edge`, `server` or `edge+server`), whether it fired, when and for which target, or why not.
 * Waits for the definitions and stored state to load. The opt-in explain part: `signals-edge/explain`.
 */
export async function explainInterventions(_options?: object, trackers?: string[]): Promise<InterventionExplanation[]> {
  const runtime = runtimesFor(trackers)[0];
  if (runtime === undefined) return [];
  await runtime.ready;
  const view = runtime.view();
  return view === null ? [] : explainState(view);
}

/** For each computed attribute: the local value, the server's value and its age, pending events, and the value shown. */
export async function inspectAttributes(_options?: object, trackers?: string[]): Promise<AttributeDetails[]> {
  const runtime = runtimesFor(trackers)[0];
  if (runtime === undefined) return [];
  await runtime.ready;
  const view = runtime.view();
  return view === null ? [] : inspectState(view);
}
