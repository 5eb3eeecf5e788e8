import type { AttributeSelection, EdgeStatus, Runtime } from '../runtime/create-runtime.js';
import { sameValue } from '../engine/aggregations/aggregator.js';
import { copyFrozen } from '../runtime/copy-frozen.js';
import { setOwn } from '../set-own.js';
import { notifyAll, type ExternalStore } from './external-store.js';
import { onRegistered, runtimesFor } from './tracker-registry.js';

/** A snapshot of {@link createAttributesStore}. */
export interface AttributesSnapshot {
  readonly status: EdgeStatus;
  /**
   * The selected values, as `getAttributes` gives them. While loading and after a failure: the plugin's
   * `bootstrap` values when they are for the current id, else none.
   */
  readonly values: Readonly<Record<string, unknown>>;
}

/** Which values a store holds: a `getAttributes` selection, and optionally only some of its names. */
export interface AttributesStoreOptions extends AttributeSelection {
  /** Only these attributes (bare names, or `group:attribute` where two groups share a name). */
  names?: readonly string[];
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const LOADING: AttributesSnapshot = Object.freeze({ status: 'loading', values: EMPTY });

/**
 * A framework-neutral store of the values `getAttributes(options)` gives (only `options.names` of them
 * when given), for the first of `trackers` (every tracker's first when none are given; one that
 * activates the plugin later is followed). The snapshot changes after tracked events and server
 * refreshes that change a selected value, and when the status changes; it stays the same object
 * otherwise, so a view of unrelated attributes does not re-render. Values that change with time alone
 * (windows, time_since) are read again at the next change, as `onAttributesChange` reads them.
 */
export function createAttributesStore(options?: AttributesStoreOptions, trackers?: string[]): ExternalStore<AttributesSnapshot> {
  const { names, ...selection } = options ?? {};
  const listeners = new Set<() => void>();
  let snapshot = LOADING;
  /** Something may have changed since the snapshot was made (always, while nobody listens). */
  let stale = true;
  let detach: (() => void) | null = null;

  const changed = () => {
    stale = true;
    notifyAll(listeners);
  };

  /** Follows the runtime of the first of `trackers`, and the next one when a tracker activates the plugin (again). */
  function start(): () => void {
    let current: Runtime | undefined;
    let stopCurrent: () => void = () => undefined;
    const follow = (told: boolean) => {
      const runtime = runtimesFor(trackers)[0];
      if (runtime === current) return;
      stopCurrent();
      current = runtime;
      if (runtime === undefined) return;
      let attached = true;
      const stop = runtime.onChange(changed);
      const settled = () => attached && changed();
      runtime.ready.then(settled, settled);
      stopCurrent = () => {
        attached = false;
        stop();
      };
      // At subscribe, the framework reads the snapshot anyway.
      if (told) changed();
    };
    const stopWatching = onRegistered(() => follow(true));
    follow(false);
    return () => {
      stopWatching();
      stopCurrent();
    };
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (detach === null) detach = start();
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0 || detach === null) return;
        detach();
        detach = null;
        stale = true;
      };
    },
    getSnapshot() {
      if (!stale) return snapshot;
      stale = listeners.size === 0;
      const runtime = runtimesFor(trackers)[0];
      if (runtime === undefined) return snapshot;
      const status = runtime.status();
      const values = pickNames(status === 'loading' || status === 'failed' ? runtime.preview(selection) : runtime.read(selection), names);
      if (status !== snapshot.status || !sameValue(values, snapshot.values)) {
        snapshot = Object.freeze({ status, values: copyFrozen(values) as Record<string, unknown> });
      }
      return snapshot;
    },
  };
}

/** `values` with only `names` (all of them without `names`). */
export function pickNames(values: Readonly<Record<string, unknown>>, names: readonly string[] | undefined): Readonly<Record<string, unknown>> {
  if (names === undefined) return values;
  const out: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(values, name)) setOwn(out, name, values[name]);
  return out;
}
