import { SignalsEdgeError } from '../errors.js';
import type { AttributeSelection, Runtime } from '../runtime/create-runtime.js';
import { answer, type AnswerCallback, type WithCallback } from './answer.js';
import { runtimesFor, whenRegistered } from './tracker-registry.js';

/** `getAttributes`'s one argument: which attributes, and a callback for the answer (sp.js commands). */
export type GetAttributesOptions = AttributeSelection & WithCallback<Record<string, unknown>>;

/**
 * The current attribute values, keyed by bare attribute name (`group:attribute` where two groups share
 * a name), for the tracker's current id of each group's key. With no argument: every attribute of every
 * group computed on the edge. Waits for the definitions and stored state to load; `callback`, when
 * given, gets the same values.
 */
export function getAttributes(options?: GetAttributesOptions, trackers?: string[]): Promise<Record<string, unknown>> {
  return answer(options, (async () => {
    const runtime = runtimesFor(trackers)[0];
    if (runtime === undefined) return {};
    await runtime.ready;
    return runtime.read(options ?? {});
  })());
}

/** Listeners for every tracker, also those that activate the plugin later. */
const everyTracker = new Set<(values: Record<string, unknown>) => void>();
const stops = new Map<(values: Record<string, unknown>) => void, (() => void)[]>();

function listen(runtime: Runtime, callback: (values: Record<string, unknown>) => void): () => void {
  return runtime.onChange(() => callback(runtime.read({})));
}

/** A listener of {@link onAttributesChange}. */
export type AttributesListener = (values: Record<string, unknown>) => void;

/**
 * Calls `listener(values)` after every change of the attribute values (batched per task), with the same
 * values `getAttributes()` gives. Without tracker ids it also follows trackers that activate the plugin
 * later (sp.js may run the command first). Returns an unsubscribe function, which the object form
 * `{ listener, callback }` also hands to `callback` (sp.js drops what a command returns).
 */
export function onAttributesChange(
  listener: AttributesListener | { listener: AttributesListener; callback?: (unsubscribe: () => void) => void },
  trackers?: string[],
): () => void {
  if (listener !== null && typeof listener === 'object') {
    const unsubscribe = onAttributesChange(listener.listener, trackers);
    void answer(listener as WithCallback<() => void>, Promise.resolve(unsubscribe));
    return unsubscribe;
  }
  const callback = listener;
  if (typeof callback !== 'function') return () => undefined;
  const all = trackers === undefined || trackers.length === 0;
  const runtimes = all ? runtimesFor(undefined) : runtimesFor(trackers).slice(0, 1);
  stops.set(callback, runtimes.map((runtime) => listen(runtime, callback)));
  if (all) everyTracker.add(callback);
  return () => {
    everyTracker.delete(callback);
    for (const stop of stops.get(callback) ?? []) stop();
    stops.delete(callback);
  };
}

/** A tracker activated the plugin: listeners for every tracker follow it too. */
export function applyPendingListeners(runtime: Runtime): void {
  for (const callback of everyTracker) stops.get(callback)?.push(listen(runtime, callback));
}

/**
 * Resolves when the definitions and stored state are loaded; rejects after `timeoutMs` (default 10 s).
 * `callback` gets `()` when ready, `(undefined, error)` when not.
 */
export function whenReady(options?: { timeoutMs?: number; callback?: AnswerCallback<void> }, trackers?: string[]): Promise<void> {
  return answer(options, waitUntilReady(options?.timeoutMs ?? 10_000, trackers));
}

async function waitUntilReady(timeoutMs: number, trackers: string[] | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SignalsEdgeError(`signals-edge was not ready within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await whenRegistered();
        await Promise.all(runtimesFor(trackers).map((r) => r.ready));
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
