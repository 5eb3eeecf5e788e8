import type { KeyState, Ledger, SyncState } from '../state/state-types.js';

/** The stored state of one id of one key. */
export interface StoredIdState {
  key: string;
  id: string;
  /** Attribute id (`<group>_v<version>:<attribute>`) → aggregation state (plain JSON data). */
  attributes: KeyState;
  /** The server's last values and the events it may not have yet (docs/reconciliation.md#state-per-id). */
  sync?: SyncState;
}

/** Everything one tracker namespace keeps, as loaded at start-up. */
export interface StoreSnapshot {
  ids: StoredIdState[];
  ledger: Ledger;
  /** The last arrival ordinal handed out (so ordinals keep growing across reloads). */
  seq: number;
  /** Ids of the events most recently applied (bounded), so an event is never applied twice. */
  recent: string[];
  /** The last definitions bundle fetched from a URL, for offline reloads; null if none. */
  definitions: { url: string; bundle: unknown; fetchedAt: number } | null;
}

/** One write-behind flush: applied in ONE readwrite transaction. */
export interface StoreBatch {
  /** Id states to upsert (whole records). */
  ids: StoredIdState[];
  /** Id states to delete, as `[key, id]`. */
  deleteIds?: [string, string][];
  /** Ledger entries to upsert. */
  ledger?: Ledger;
  /** Ledger keys to delete (the entries of evicted ids). */
  deleteLedger?: string[];
  seq: number;
  recent: string[];
}

/**
 * Where a tracker namespace's state lives (docs/architecture.md#storage). Every method settles; a failing backend
 * rejects with the underlying error and the runtime falls back to memory.
 */
export interface AttributeStore {
  readonly kind: 'indexeddb' | 'memory';
  load(): Promise<StoreSnapshot>;
  write(batch: StoreBatch): Promise<void>;
  saveDefinitions(definitions: NonNullable<StoreSnapshot['definitions']>): Promise<void>;
  /** Deletes everything of this namespace (also in other tabs' view: they reload from nothing). */
  clear(): Promise<void>;
  /** Closes connections; the store is not used afterwards. */
  close(): void;
  /**
   * Called once when the backend stops working after open (connection lost, version change from
   * another tab, quota): the runtime switches to memory.
   */
  onLost(callback: (reason: string) => void): void;
}
