import { SignalsEdgeError } from '../errors.js';
import type { AttributeStore, StoreBatch } from './attribute-store.js';
import { packIdRecord } from './pack-id-record.js';
import { readSnapshot, repairOf, type Damage, type RecordStore, type Repair } from './to-snapshot.js';
import {
  begin, deleteDatabase, openDatabase, type EdgeDB, type StoreName,
} from './open-database.js';

/** Errors after which the connection is treated as lost: quota, closed/closing connection, WebKit's lost server. */
const LOST_ERRORS = new Set(['QuotaExceededError', 'InvalidStateError', 'UnknownError']);

export interface IdbStoreOptions {
  /** The tracker namespace; the database is `signals-edge.<namespace>`. */
  namespace: string;
  /** The factory to use; defaults to the global `indexedDB`. */
  indexedDB?: IDBFactory;
  /** How long an open or a delete may stay pending (e.g. blocked by another tab) before it fails; 3000 ms. */
  timeoutMs?: number;
  /**
   * Told once per load when some stored records could not be read (left out, and repaired in the
   * database); default `console.warn` with the `signals-edge: ` prefix.
   */
  warn?: (message: string) => void;
}

/**
 * Opens the IndexedDB store of a tracker namespace (docs/architecture.md#storage). Rejects, never throws, when
 * IndexedDB is missing, throws on open, fails to open or stays blocked past `timeoutMs`: the caller then
 * uses a memory store. After opening, `onLost` reports a version change from another tab (which also
 * closes this connection, so that tab's upgrade or delete can go on), a lost connection, or a write
 * failing with a quota or connection error.
 */
export async function openIdbStore(options: IdbStoreOptions): Promise<AttributeStore> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory | null }).indexedDB;
  if (factory === undefined || factory === null) throw new SignalsEdgeError('IndexedDB is not available');
  const name = `signals-edge.${options.namespace}`;
  const timeoutMs = options.timeoutMs ?? 3000;
  const warn = options.warn ?? ((message: string) => console.warn(`signals-edge: ${message}`));

  let lostReason: string | null = null;
  let closed = false;
  const listeners: ((reason: string) => void)[] = [];

  const lose = (reason: string) => {
    if (lostReason !== null || closed) return;
    lostReason = reason;
    void current.then((db) => db.close(), ignore);
    for (const listener of listeners) queueMicrotask(() => listener(reason));
  };
  const attach = (db: EdgeDB): EdgeDB => {
    if (closed) db.close();
    db.addEventListener('versionchange', () => {
      db.close();
      lose('versionchange');
    });
    db.addEventListener('close', () => lose('close'));
    return db;
  };
  let current: Promise<EdgeDB> = Promise.resolve(attach(await openDatabase(factory, name, timeoutMs)));

  /** Runs one operation on the open connection; a quota or connection error marks the store lost. */
  const run = async <T>(operation: (db: EdgeDB) => Promise<T>): Promise<T> => {
    if (closed) throw new DOMException(`the IndexedDB store ${name} is closed`, 'InvalidStateError');
    if (lostReason !== null) throw new DOMException(`the IndexedDB store ${name} was lost (${lostReason})`, 'InvalidStateError');
    const db = await current;
    try {
      return await operation(db);
    } catch (error) {
      const errorName = nameOf(error);
      if (LOST_ERRORS.has(errorName)) lose(errorName);
      throw error;
    }
  };

  return {
    kind: 'indexeddb',
    load: () =>
      run(async (db) => {
        const tx = begin(db, ['ids', 'ledger', 'meta'], 'readonly');
        const [ids, ledger, meta] = await Promise.all([
          tx.objectStore('ids').getAll(),
          tx.objectStore('ledger').getAll(),
          tx.objectStore('meta').getAll(),
        ]);
        const { snapshot, damage } = readSnapshot(ids, ledger, meta);
        if (damage.repairs.length > 0) {
          warn(describeDamage(damage));
          // Best effort: what cannot be repaired now is left out again at the next load.
          await repair(db, damage.repairs).catch(ignore);
        }
        return snapshot;
      }),
    write: (batch: StoreBatch) =>
      run(async (db) => {
        const deletes = batch.deleteIds ?? [];
        const ledger = batch.ledger === undefined ? [] : Object.entries(batch.ledger);
        const ledgerDeletes = batch.deleteLedger ?? [];
        const names: StoreName[] = ['meta'];
        if (batch.ids.length > 0 || deletes.length > 0) names.push('ids');
        if (ledger.length > 0 || ledgerDeletes.length > 0) names.push('ledger');
        const tx = begin(db, names, 'readwrite');
        const requests: Promise<unknown>[] = [];
        try {
          if (names.includes('ids')) {
            const ids = tx.objectStore('ids');
            for (const key of deletes) requests.push(ids.delete(key));
            for (const idState of batch.ids) requests.push(ids.put(packIdRecord(idState)));
          }
          if (names.includes('ledger')) {
            const store = tx.objectStore('ledger');
            for (const k of ledgerDeletes) requests.push(store.delete(k));
            for (const [k, entry] of ledger) requests.push(store.put({ k, e: entry.e, t: entry.t }));
          }
          const meta = tx.objectStore('meta');
          requests.push(meta.put({ name: 'seq', value: batch.seq }), meta.put({ name: 'recent', value: batch.recent }));
        } catch (error) {
          abort(tx, requests);
          throw error;
        }
        // Commit now: a transaction started in `pagehide` is otherwise aborted with the document.
        tx.commit?.();
        await Promise.all([...requests, tx.done]);
      }),
    saveDefinitions: (definitions) =>
      run(async (db) => {
        const tx = begin(db, ['meta'], 'readwrite');
        const put = tx.objectStore('meta').put({ name: 'definitions', value: definitions });
        tx.commit?.();
        await Promise.all([put, tx.done]);
      }),
    async clear() {
      if (closed) throw new DOMException(`the IndexedDB store ${name} is closed`, 'InvalidStateError');
      const previous = current;
      let settle!: (db: Promise<EdgeDB>) => void;
      current = new Promise<EdgeDB>((resolve) => (settle = resolve));
      current.catch(ignore);
      try {
        (await previous.catch(() => null))?.close();
        await deleteDatabase(factory, name, timeoutMs);
      } catch (error) {
        settle(Promise.reject(error));
        lose(`clear failed: ${nameOf(error)}`);
        throw error;
      }
      if (lostReason !== null || closed) {
        settle(Promise.reject(new DOMException(`the IndexedDB store ${name} is not in use`, 'InvalidStateError')));
        return;
      }
      const reopened = openDatabase(factory, name, timeoutMs).then(attach);
      settle(reopened);
      // The data is gone either way; a failed reopen only means this page goes on in memory.
      await reopened.catch((error: unknown) => lose(`reopen failed: ${nameOf(error)}`));
    },
    close() {
      if (closed) return;
      closed = true;
      void current.then((db) => db.close(), ignore);
    },
    onLost(callback: (reason: string) => void) {
      listeners.push(callback);
      const reason = lostReason;
      if (reason !== null) queueMicrotask(() => callback(reason));
    },
  };
}

/** The one warning of a load that left records out. */
function describeDamage({ parts }: Damage): string {
  return `${parts.ids + parts.ledger + parts.meta} part(s) of the stored state could not be read and were left out `
    + `(of id states: ${parts.ids}, fired crossings: ${parts.ledger}, other: ${parts.meta})`;
}

type RepairStore = { get(key: IDBValidKey): Promise<unknown>; put(value: unknown): Promise<unknown>; delete(key: IDBValidKey): Promise<unknown> };

/**
 * Repairs damaged records in one transaction: each is read again first (another tab may have written it
 * since the load) and deleted, or put back without what cannot be read, only if it is still damaged.
 */
async function repair(db: EdgeDB, repairs: readonly Repair[]): Promise<void> {
  if (repairs.length === 0) return;
  const names = [...new Set(repairs.map((r) => r.store))] as RecordStore[];
  const tx = begin(db, names, 'readwrite');
  await Promise.all([...repairs.map(async ({ store, key }) => {
    const records = tx.objectStore(store) as unknown as RepairStore;
    const now = repairOf(store, await records.get(key));
    if (now === null) return;
    await (now.put === undefined ? records.delete(key) : records.put(now.put));
  }), tx.done]);
}

/** Aborts a transaction whose requests were partly issued, so none of them lands. */
function abort(tx: { abort(): void }, requests: Promise<unknown>[]): void {
  for (const request of requests) request.catch(ignore);
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: nothing landed that the caller did not ask for.
  }
}

function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : 'Error';
}

function ignore(): void {
  // Handled elsewhere.
}
