/**
 * What UI frameworks subscribe to (React's `useSyncExternalStore`, a Vue `shallowRef`, a Svelte store,
 * a Solid signal): `subscribe` for change notices, `getSnapshot` for the value.
 */
export interface ExternalStore<T> {
  /** Calls `listener` after each change of the snapshot; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: frozen, and the same object until something in it changes. */
  getSnapshot(): T;
}

/** Calls every listener; one that throws is reported and does not stop the others (nor `track()`). */
export function notifyAll(listeners: ReadonlySet<() => void>): void {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      console.error('signals-edge: a store listener failed', error);
    }
  }
}
