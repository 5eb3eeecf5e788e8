import type { Runtime } from '../runtime/create-runtime.js';

interface Registry {
  byId: Map<string, Runtime>;
  byNamespace: Map<string, Runtime>;
  waiting: Set<() => void>;
  /** Told after each registration (older copies of this module made registries without it). */
  watchers?: Set<() => void>;
}

/**
 * The runtimes of every tracker that activated the plugin, by tracker id (the public API's key; sp.js
 * ids look like `snowplow_sp`) and by namespace (what payloads carry as `tna`); never the tracker core's
 * own registry (the script-tag bundle has its own copy). One per page, kept under a global symbol, so
 * that the add-on scripts (their own bundles, with their own copy of this module) reach the runtimes of
 * the core script. Add-ons and core come from the same release.
 */
const REGISTRY = Symbol.for('signals-edge.runtimes');
const registry: Registry = ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= {
  byId: new Map(), byNamespace: new Map(), waiting: new Set(),
});
const { byId, byNamespace, waiting } = registry;
const watchers = (registry.watchers ??= new Set());

export function registerRuntime(runtime: Runtime): void {
  byId.get(runtime.trackerId)?.close();
  byId.set(runtime.trackerId, runtime);
  byNamespace.set(runtime.namespace, runtime);
  notifyRegistered();
}

export function unregisterRuntime(runtime: Runtime): void {
  if (byId.get(runtime.trackerId) === runtime) byId.delete(runtime.trackerId);
  if (byNamespace.get(runtime.namespace) === runtime) byNamespace.delete(runtime.namespace);
}

export function runtimeForNamespace(namespace: unknown): Runtime | undefined {
  return typeof namespace === 'string' ? byNamespace.get(namespace) : undefined;
}

/** The runtimes of the given tracker ids, or of every tracker when none are given. */
export function runtimesFor(trackers: readonly string[] | undefined): Runtime[] {
  if (trackers === undefined || trackers.length === 0) return [...byId.values()];
  return trackers.flatMap((id) => {
    const runtime = byId.get(id);
    return runtime === undefined ? [] : [runtime];
  });
}

/** Resolves once at least one tracker has activated the plugin. */
export function whenRegistered(): Promise<void> {
  if (byId.size > 0) return Promise.resolve();
  return new Promise((resolve) => waiting.add(resolve));
}

export function notifyRegistered(): void {
  for (const resolve of waiting) resolve();
  waiting.clear();
  for (const watcher of [...watchers]) watcher();
}

/** Calls `watcher` after each tracker that activates the plugin (a new one, or one activated again); returns the unsubscribe. */
export function onRegistered(watcher: () => void): () => void {
  watchers.add(watcher);
  return () => void watchers.delete(watcher);
}
