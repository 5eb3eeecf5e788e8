import type { StoredIdState } from '../store/attribute-store.js';
import type { StateStorage } from './create-state-storage.js';
import type { RecentIds } from './create-recent-ids.js';
import type { RuntimeSession } from './runtime-session.js';
import type { LedgerEntry } from '../state/state-types.js';

/** Ids kept per key (sessions come and go): see evictOldIds. */
const MAX_IDS_PER_KEY = 8;
const FLUSH_DELAY_MS = 25;
/** Ids of applied events stored with each flush at least (and every one of the last `resendMs`). */
const STORED_RECENT = 500;

/** The runtime's writes to storage: what changed is marked, and written together shortly after. */
export interface WriteBehind {
  /** The state of id key `k` (a stateKey) changed. */
  markId(k: string): void;
  /** The ledger entry `k` changed. */
  markLedger(k: string): void;
  /** Writes soon (one transaction for everything marked meanwhile). */
  schedule(): void;
  /** Writes what is marked now. */
  flush(): void;
  /** Marks everything the page holds and writes it (IndexedDB is back after a loss). */
  writeAll(): void;
  /** The id states of `keys` as stored: attributes with their sync journal. */
  storedIds(keys: Iterable<string>): StoredIdState[];
  /** Forgets the marks (the state was cleared). */
  clear(): void;
  /** No more writes are scheduled (the runtime closes; `flush` still writes). */
  stop(): void;
}

export interface WriteBehindOptions {
  session: RuntimeSession;
  storage: StateStorage;
  applied: RecentIds;
  /** Other tabs resend a joining tab their events of this long: their ids are stored with each flush. */
  resendMs: number;
  /** The tracker's current id of a key: never evicted. */
  currentId: (keyName: string) => string | null;
}

export function createWriteBehind({ session, storage, applied, resendMs, currentId }: WriteBehindOptions): WriteBehind {
  const dirtyIds = new Set<string>();
  const dirtyLedger = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function flush(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (dirtyIds.size === 0 && dirtyLedger.size === 0) return;
    const { state } = session;
    const deleteIds = evictOldIds();
    const deleteLedger = forgetFired(deleteIds);
    const ids = storedIds(dirtyIds);
    const ledger: Record<string, LedgerEntry> = {};
    for (const k of dirtyLedger) if (state.ledger[k] !== undefined) ledger[k] = state.ledger[k]!;
    dirtyIds.clear();
    dirtyLedger.clear();
    // Every id another tab may still resend is stored with the state that counts it, so a tab that
    // starts from storage applies those resent events once.
    const recent = applied.list(Math.max(STORED_RECENT, applied.countSince(Date.now() - resendMs)));
    storage.write({ ids, deleteIds, deleteLedger, ledger, seq: state.seq, recent });
  }

  function storedIds(keys: Iterable<string>): StoredIdState[] {
    const out: StoredIdState[] = [];
    for (const k of keys) {
      const s = session.state.ids.get(k);
      const journal = session.sync.get(k);
      if (s !== undefined) out.push(journal === undefined ? s : { ...s, sync: journal });
    }
    return out;
  }

  /** Drops the ledger entries of evicted ids (their state starts anew if they come back); returns their keys. */
  function forgetFired(evicted: readonly [string, string][]): string[] {
    if (evicted.length === 0) return [];
    const gone = new Set(evicted.map(([key, id]) => `${key}\u0000${id}`));
    const { ledger } = session.state;
    const keys = Object.keys(ledger).filter((k) => gone.has(k.split('\u0000').slice(2).join('\u0000')));
    for (const k of keys) {
      delete ledger[k];
      dirtyLedger.delete(k);
    }
    return keys;
  }

  /**
   * Keeps the state of at most MAX_IDS_PER_KEY ids of each key, the most recently seen ones and always the
   * tracker's current one: past sessions' ids do not pile up in memory and IndexedDB. An evicted id that comes
   * back starts from its defaults, or from the server's values.
   */
  function evictOldIds(): [string, string][] {
    const { ids } = session.state;
    const count = new Map<string, number>();
    for (const { key } of ids.values()) count.set(key, (count.get(key) ?? 0) + 1);
    const evicted: [string, string][] = [];
    for (const [k, { key, id }] of ids) {
      const n = count.get(key)!;
      if (n <= MAX_IDS_PER_KEY || id === currentId(key)) continue;
      count.set(key, n - 1);
      ids.delete(k);
      session.sync.delete(k);
      dirtyIds.delete(k);
      evicted.push([key, id]);
    }
    return evicted;
  }

  return {
    markId: (k) => void dirtyIds.add(k),
    markLedger: (k) => void dirtyLedger.add(k),
    schedule() {
      if (timer === null && !stopped) timer = setTimeout(flush, FLUSH_DELAY_MS);
    },
    flush,
    writeAll() {
      for (const k of session.state.ids.keys()) dirtyIds.add(k);
      for (const k of Object.keys(session.state.ledger)) dirtyLedger.add(k);
      flush();
    },
    storedIds,
    clear() {
      dirtyIds.clear();
      dirtyLedger.clear();
    },
    stop() {
      stopped = true;
    },
  };
}
