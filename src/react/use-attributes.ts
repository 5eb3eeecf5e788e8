import { useContext, useSyncExternalStore } from 'react';
import type { AttributesSnapshot, AttributesStoreOptions } from '../plugin/create-attributes-store.js';
import type { SignalsBootstrap } from '../sync/check-bootstrap.js';
import { setOwn } from '../set-own.js';
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
    const forId = options?.attributeKey === undefined || options.attributeKey === bootstrap.attributeKey;
    const values: Record<string, unknown> = {};
    if (forId && (options?.id === undefined || options.id === bootstrap.id)) {
      for (const [name, value] of Object.entries(bootstrap.values)) {
        if (options?.names === undefined || options.names.includes(name)) setOwn(values, name, value);
      }
    }
    byOptions.set(key, (snapshot = Object.freeze({ status: 'loading', values: Object.freeze(values) })));
  }
  return snapshot;
}
