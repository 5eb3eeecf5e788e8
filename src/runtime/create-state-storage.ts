import type { AttributeStore, StoreBatch, StoreSnapshot } from '../store/attribute-store.js';
import { openIdbStore } from '../store/idb-store.js';
import { createMemoryStore } from '../store/memory-store.js';

/** The runtime's storage: IndexedDB when it works, memory otherwise; never rejects into the page. */
export interface StateStorage {
  kind(): AttributeStore['kind'];
  /** Opens IndexedDB (or memory) and loads what it holds; an empty snapshot when nothing can be read. */
  open(): Promise<StoreSnapshot>;
  /** Reads the state stored now (after a freeze, other tabs may have written meanwhile). */
  load(): Promise<StoreSnapshot>;
  /** One flush, in one transaction; a failure switches to memory (nothing in the page is lost). */
  write(batch: StoreBatch): void;
  saveDefinitions(definitions: NonNullable<StoreSnapshot['definitions']>): void;
  /** Deletes the stored state and opens an empty store. */
  clear(): Promise<void>;
  /** Another tab cleared the database: close ours and open the new one. */
  reopen(): Promise<void>;
  /**
   * After a lost connection (WebKit) or another failure, tries IndexedDB again; resolves true when it is
   * back (the caller then writes all it has).
   */
  recover(): Promise<boolean>;
  close(): void;
}

const EMPTY: StoreSnapshot = { ids: [], ledger: {}, seq: 0, recent: [], definitions: null };

/** Storage for one tracker namespace (docs/architecture.md#storage): one warning, then memory, on any failure. */
export function createStateStorage(
  namespace: string, memoryOnly: boolean, warn: (message: string, error?: unknown) => void, warnDamage?: (message: string) => void,
): StateStorage {
  let store: AttributeStore = createMemoryStore();
  let lost = false;
  let closed = false;

  function fallBack(reason: string, error?: unknown): void {
    if (store.kind === 'memory' || closed) return;
    // Another tab deleting (clearLocalState) or upgrading the database is expected, not a failure.
    if (reason !== 'versionchange') warn(`IndexedDB unavailable (${reason}); state is kept in memory for this page`, error);
    lost = true;
    closeQuietly(store);
    store = createMemoryStore();
  }

  async function openStore(): Promise<AttributeStore> {
    if (memoryOnly) return createMemoryStore();
    try {
      const opened = await openIdbStore(warnDamage === undefined ? { namespace } : { namespace, warn: warnDamage });
      opened.onLost((reason) => fallBack(reason));
      return opened;
    } catch (error) {
      warn('IndexedDB unavailable; state is kept in memory for this page', error);
      return createMemoryStore();
    }
  }

  return {
    kind: () => store.kind,
    async open() {
      store = await openStore();
      return this.load();
    },
    load() {
      return store.load().catch((error) => {
        fallBack('load failed', error);
        return EMPTY;
      });
    },
    write(batch) {
      store.write(batch).catch((error) => fallBack('write failed', error));
    },
    saveDefinitions(definitions) {
      store.saveDefinitions(definitions).catch(() => undefined);
    },
    async clear() {
      try {
        await store.clear();
      } catch (error) {
        warn('IndexedDB could not be cleared', error);
      }
      closeQuietly(store);
      store = await openStore();
      lost = false;
    },
    async reopen() {
      closeQuietly(store);
      store = await openStore();
      lost = false;
    },
    async recover() {
      if (!lost || memoryOnly || closed) return false;
      lost = false;
      const reopened = await openStore();
      if (reopened.kind === 'memory') {
        lost = true;
        return false;
      }
      store = reopened;
      return true;
    },
    close() {
      closed = true;
      closeQuietly(store);
    },
  };
}

function closeQuietly(store: AttributeStore): void {
  try {
    store.close();
  } catch {
    // already closed
  }
}
