import type { AttributeStore, StoreBatch, StoreSnapshot, StoredIdState } from './attribute-store.js';
import type { Ledger } from '../state/state-types.js';

/**
 * An AttributeStore kept in this page's memory: the fallback when IndexedDB is unavailable, and the
 * `storage: 'memory'` choice. Same semantics as the IndexedDB adapter (values are copied in and out, as
 * IndexedDB's structured clone does), but nothing outlives the page and nothing is shared between tabs.
 */
export function createMemoryStore(): AttributeStore {
  /** `key \0 id` → id state. */
  let ids = new Map<string, StoredIdState>();
  let ledger: Ledger = Object.create(null) as Ledger;
  let seq = 0;
  let recent: string[] = [];
  let definitions: StoreSnapshot['definitions'] = null;
  let closed = false;
  const guard = () => {
    if (closed) throw new DOMException('the memory store is closed', 'InvalidStateError');
  };
  return {
    kind: 'memory',
    async load() {
      guard();
      return structuredClone({ ids: [...ids.values()], ledger, seq, recent, definitions });
    },
    async write(batch: StoreBatch) {
      guard();
      const copy = structuredClone(batch);
      for (const [key, id] of copy.deleteIds ?? []) ids.delete(idKey(key, id));
      for (const idState of copy.ids) ids.set(idKey(idState.key, idState.id), idState);
      for (const k of copy.deleteLedger ?? []) delete ledger[k];
      if (copy.ledger !== undefined) Object.assign(ledger, copy.ledger);
      seq = copy.seq;
      recent = copy.recent;
    },
    async saveDefinitions(value) {
      guard();
      definitions = structuredClone(value);
    },
    async clear() {
      guard();
      ids = new Map();
      ledger = Object.create(null) as Ledger;
      seq = 0;
      recent = [];
      definitions = null;
    },
    close() {
      closed = true;
    },
    onLost() {
      // Memory never stops working.
    },
  };
}

function idKey(key: string, id: string): string {
  return `${key}\u0000${id}`;
}
