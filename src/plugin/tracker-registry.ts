import type { Runtime } from './create-runtime.js';

/**
 * The runtimes of every tracker that activated the plugin, by tracker id (the public API's key; sp.js
 * ids look like `snowplow_sp`) and by namespace (what payloads carry as `tna`). Module-level, as the
 * first-party plugins do; never the tracker core's own registry (the script-tag bundle has its own copy).
 */
const byId = new Map<string, Runtime>();
const byNamespace = new Map<string, Runtime>();

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

const waiting = new Set<() => void>();

/** Resolves once at least one tracker has activated the plugin. */
export function whenRegistered(): Promise<void> {
  if (byId.size > 0) return Promise.resolve();
  return new Promise((resolve) => waiting.add(resolve));
}

export function notifyRegistered(): void {
  for (const resolve of waiting) resolve();
  waiting.clear();
}
