import type { InterventionHandler } from '../runtime/create-intervention-dispatcher.js';
import type { Runtime } from '../runtime/create-runtime.js';
import { runtimesFor } from './tracker-registry.js';

/** Handlers for trackers that may activate the plugin later (sp.js runs commands first): every tracker's, and by tracker id. */
const pending: Record<string, InterventionHandler> = {};
const pendingFor = new Map<string, Record<string, InterventionHandler>>();

/**
 * Adds intervention handlers (merged by id), as the official Signals plugin does. Every handler receives
 * every intervention, from the edge or the server, once: `{intervention_id, name, version, attributes,
 * target_attribute_key, source}`. A handler that throws does not stop the others. Handlers for a
 * tracker (or every tracker) that activates the plugin later reach it when it does.
 */
export function addInterventionHandlers(handlers: Record<string, InterventionHandler>, trackers?: string[]): void {
  if (handlers === null || typeof handlers !== 'object') return;
  if (trackers === undefined || trackers.length === 0) Object.assign(pending, handlers);
  else for (const id of trackers) pendingFor.set(id, { ...pendingFor.get(id), ...handlers });
  for (const runtime of runtimesFor(trackers)) runtime.dispatcher.addHandlers(handlers);
}

/** Removes intervention handlers by id: one id, a list of ids, or `{ ids }` (one argument for sp.js). */
export function removeInterventionHandlers(ids: string | string[] | { ids: string | string[] }, trackers?: string[]): void {
  const list = typeof ids === 'object' && !Array.isArray(ids) ? ids.ids : ids;
  const names = Array.isArray(list) ? list : [list];
  const kept = trackers === undefined || trackers.length === 0 ? [pending, ...pendingFor.values()] : trackers.map((t) => pendingFor.get(t) ?? {});
  for (const id of names) for (const handlers of kept) delete handlers[id];
  for (const runtime of runtimesFor(trackers)) runtime.dispatcher.removeHandlers(names);
}

export function applyPendingHandlers(runtime: Runtime): void {
  const handlers = { ...pending, ...pendingFor.get(runtime.trackerId) };
  if (Object.keys(handlers).length > 0) runtime.dispatcher.addHandlers(handlers);
}
