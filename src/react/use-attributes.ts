import { useContext, useSyncExternalStore } from 'react';
import { pickNames, type AttributesSnapshot, type AttributesStoreOptions } from '../plugin/create-attributes-store.js';
import { copyFrozen } from '../runtime/copy-frozen.js';
import { bootstrapValuesFor, type SignalsBootstrap } from '../sync/check-bootstrap.js';
import { EdgeContext } from './edge-context.js';
import { attributesStoreFor } from './shared-stores.js';

const LOADING: AttributesSnapshot = Object.freeze({ status: 'loading', values: Object.freeze({}) });
/** Server snapshots by bootstrap and options: the same object each time React asks. */
const serverSnapshots = new WeakMap<SignalsBootstrap, Map<string, AttributesSnapshot>>();

/**
 * The values `getAttributes(options)` gives (only `options.names` when given), and the status:
 * `'loading'` (the values are the provider's bootstrap, or none), `'ready'`, `'memory-only'` or
 * `'failed'`. Re-renders when a value it holds changes, not for other attributes. On the server and
 * at hydration: `'loading'` with the provider's bootstrap values.
 */
export function useAttributes(options?: AttributesStoreOptions): AttributesSnapshot {
  const { trackers, bootstrap } = useContext(EdgeContext);
  const store = attributesStoreFor(options, trackers);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => serverSnapshot(bootstrap, options));
}

function serverSnapshot(bootstrap: SignalsBootstrap | undefined, options: AttributesStoreOptions | undefined): AttributesSnapshot {
  if (bootstrap === undefined) return LOADING;
  let byOptions = serverSnapshots.get(bootstrap);
  if (byOptions === undefined) serverSnapshots.set(bootstrap, (byOptions = new Map()));
  const key = JSON.stringify(options ?? {});
  let snapshot = byOptions.get(key);
  if (snapshot === undefined) {
    // As the client's store shows it while loading; on the server the bootstrap's id is the current one.
    const values = pickNames(bootstrapValuesFor(bootstrap, options ?? {}, bootstrap.id), options?.names);
    byOptions.set(key, (snapshot = Object.freeze({ status: 'loading', values: copyFrozen(values) as Record<string, unknown> })));
  }
  return snapshot;
}
