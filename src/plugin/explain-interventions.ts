import type { StateView } from '../runtime/state-view.js';
import { answer, type WithCallback } from './answer.js';
import { explainState, type InterventionExplanation } from './explain-state.js';
import { inspectState, type AttributeDetails } from './inspect-state.js';
import { runtimesFor } from './tracker-registry.js';

/**
 * For each intervention: its criteria evaluated on the values shown now, each value read with its
 * source (`edge`, `server` or `edge+server`), whether it fired, when and for which target, or why not.
 * Waits for the definitions and stored state to load. The opt-in explain part: `signals-edge/explain`.
 */
export function explainInterventions(options?: WithCallback<InterventionExplanation[]>, trackers?: string[]): Promise<InterventionExplanation[]> {
  return answer(options, readView(trackers, explainState));
}

/** For each computed attribute: the local value, the server's value and its age, pending events, and the value shown. */
export function inspectAttributes(options?: WithCallback<AttributeDetails[]>, trackers?: string[]): Promise<AttributeDetails[]> {
  return answer(options, readView(trackers, inspectState));
}

/** The first tracker's state view, read by `read` once loaded; [] without a tracker or definitions. */
async function readView<T>(trackers: string[] | undefined, read: (view: StateView) => T[]): Promise<T[]> {
  const runtime = runtimesFor(trackers)[0];
  if (runtime === undefined) return [];
  await runtime.ready;
  const view = runtime.view();
  return view === null ? [] : read(view);
}
