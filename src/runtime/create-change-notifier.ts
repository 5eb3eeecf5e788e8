/** Listeners told, once per microtask at most, that the values changed. */
export interface ChangeNotifier {
  /** Returns the unsubscribe. */
  add(listener: () => void): () => void;
  notify(): void;
}

/** `run` calls each listener (guarded: one that throws does not stop the others). */
export function createChangeNotifier(run: (listener: () => void) => void): ChangeNotifier {
  const listeners = new Set<() => void>();
  let queued = false;
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    notify() {
      if (queued || listeners.size === 0) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        for (const listener of [...listeners]) run(listener);
      });
    },
  };
}
