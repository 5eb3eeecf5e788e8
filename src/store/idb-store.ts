import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { SignalsEdgeError } from '../errors.js';
import type { AttributeStore, StoreBatch, StoreSnapshot, StoredIdState } from './attribute-store.js';
import { readSnapshot, repairOf, type Damage, type RecordStore, type Repair } from './to-snapshot.js';
import type { LedgerEntry } from '../state/state-types.js';

/** A ledger entry as stored: keyed inline by its ledger key `k`. */
type LedgerRecord = LedgerEntry & { k: string };

/** One value of the `meta` store, keyed inline by `name`. */
type MetaRecord =
  | { name: 'seq'; value: number }
  | { name: 'recent'; value: string[] }
  | { name: 'definitions'; value: NonNullable<StoreSnapshot['definitions']> };

/** The database of one tracker namespace, `signals-edge.<namespace>`. */
export interface EdgeDBSchema extends DBSchema {
  ids: { key: [string, string]; value: StoredIdState };
  ledger: { key: string; value: LedgerRecord };
  meta: { key: string; value: MetaRecord };
}

type EdgeDB = IDBPDatabase<EdgeDBSchema>;
type StoreName = StoreNames<EdgeDBSchema>;
type Migration = (db: EdgeDB, tx: IDBPTransaction<EdgeDBSchema, StoreName[], 'versionchange'>) => void;

/** Schema migrations: entry i upgrades a database from version i to i + 1. Append only; never edit one. */
const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('ids', { keyPath: ['key', 'id'] });
    db.createObjectStore('ledger', { keyPath: 'k' });
    db.createObjectStore('meta', { keyPath: 'name' });
  },
];

/** The current schema version. */
export const IDB_SCHEMA_VERSION = MIGRATIONS.length;

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
 * Opens the IndexedDB store of a tracker namespace (design decision 7). Rejects, never throws, when
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
            for (const idState of batch.ids) requests.push(ids.put(idState));
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

/** Opens (creating or upgrading through MIGRATIONS) the database; a connection that opens after the timeout is closed. */
async function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<EdgeDB> {
  const request = factory.open(name, IDB_SCHEMA_VERSION);
  let upgradeError: unknown = null;
  let blocked = false;
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as EdgeDB;
    const tx = wrap(request.transaction as IDBTransaction) as unknown as IDBPTransaction<EdgeDBSchema, StoreName[], 'versionchange'>;
    try {
      for (let version = event.oldVersion; version < IDB_SCHEMA_VERSION; version++) MIGRATIONS[version]?.(db, tx);
    } catch (error) {
      upgradeError = error;
      tx.abort();
    }
  });
  request.addEventListener('blocked', () => (blocked = true));
  const opened = (wrap(request) as Promise<unknown> as Promise<EdgeDB>).catch((error: unknown) => {
    throw upgradeError ?? error;
  });
  return settleWithin(opened, timeoutMs, () => new SignalsEdgeError(
    `IndexedDB ${name} did not open within ${timeoutMs} ms${blocked ? ' (blocked by another connection)' : ''}`,
  ), (db) => db.close());
}

/** Deletes the database; other connections get `versionchange` and close theirs. */
async function deleteDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<void> {
  const deleted = (wrap(factory.deleteDatabase(name)) as Promise<unknown>).then(() => undefined);
  return settleWithin(deleted, timeoutMs, () => new SignalsEdgeError(
    `IndexedDB ${name} was not deleted within ${timeoutMs} ms (blocked by another connection); it is deleted once that closes`,
  ));
}

/** Settles like `promise`, or rejects with `timeoutError()` after `ms`; a late success goes to `onLate`. */
function settleWithin<T>(promise: Promise<T>, ms: number, timeoutError: () => Error, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(timeoutError());
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) onLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Starts a transaction whose `done` never goes unhandled (callers await it when they need it). */
function begin<Names extends StoreName[], Mode extends IDBTransactionMode>(db: EdgeDB, names: Names, mode: Mode) {
  const tx = db.transaction(names, mode);
  tx.done.catch(ignore);
  return tx;
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
