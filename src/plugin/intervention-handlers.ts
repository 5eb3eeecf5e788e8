import type { InterventionHandler } from '../runtime/create-intervention-dispatcher.js';
import type { Runtime } from '../runtime/create-runtime.js';
import { runtimesFor } from './tracker-registry.js';

/** Handlers added for every tracker before any tracker activated the plugin (sp.js command order). */
const pending: Record<string, InterventionHandler> = {};

/**
 * Adds intervention handlers (merged by id), as the official Signals plugin does. Every handler receives
 * every intervention, from the edge or the server, once: `{intervention_id, name, version, attributes,
 * target_attribute_key, source}`. A handler that throws does not stop the others.
 */
export function addInterventionHandlers(handlers: Record<string, InterventionHandler>, trackers?: string[]): void {
  if (handlers === null || typeof handlers !== 'object') return;
  const runtimes = runtimesFor(trackers);
  if (trackers === undefined || trackers.length === 0) Object.assign(pending, handlers);
  for (const runtime of runtimes) runtime.dispatcher.addHandlers(handlers);
}

/** Removes intervention handlers by id: one id, a list of ids, or `{ ids }` (one argument for sp.js). */
export function removeInterventionHandlers(ids: string | string[] | { ids: string | string[] }, trackers?: string[]): void {
  const list = typeof ids === 'object' && !Array.isArray(ids) ? ids.ids : ids;
  const names = Array.isArray(list) ? list : [list];
  for (const id of names) delete pending[id];
  for (const runtime of runtimesFor(trackers)) runtime.dispatcher.removeHandlers(names);
}

export function applyPendingHandlers(runtime: Runtime): void {
  if (Object.keys(pending).length > 0) runtime.dispatcher.addHandlers({ ...pending });
}
