import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { SignalsEdgeError } from '../errors.js';
import type { LedgerEntry } from '../state/state-types.js';
import type { StoreSnapshot } from './attribute-store.js';
import type { PackedIdRecord } from './pack-id-record.js';

/** A ledger entry as stored: keyed inline by its ledger key `k`. */
export type LedgerRecord = LedgerEntry & { k: string };

/** One value of the `meta` store, keyed inline by `name`. */
export type MetaRecord =
  | { name: 'seq'; value: number }
  | { name: 'recent'; value: string[] }
  | { name: 'definitions'; value: NonNullable<StoreSnapshot['definitions']> };

/** The database of one tracker namespace, `signals-edge.<namespace>`. */
export interface EdgeDBSchema extends DBSchema {
  ids: { key: [string, string]; value: PackedIdRecord };
  ledger: { key: string; value: LedgerRecord };
  meta: { key: string; value: MetaRecord };
}

export type EdgeDB = IDBPDatabase<EdgeDBSchema>;
export type StoreName = StoreNames<EdgeDBSchema>;
type Migration = (db: EdgeDB, tx: IDBPTransaction<EdgeDBSchema, StoreName[], 'versionchange'>) => void;

/** Schema migrations: entry i upgrades a database from version i to i + 1. Append only; never edit one. */
const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.createObjectStore('ids', { keyPath: ['key', 'id'] });
    db.createObjectStore('ledger', { keyPath: 'k' });
    db.createObjectStore('meta', { keyPath: 'name' });
  },
  // Id records may share their window columns (store/pack-id-record.ts). Records of version 1 read as
  // they are; the new version keeps an older script, which would take shared columns for damage, from
  // opening the database (it runs in memory instead, and the stored state waits for this one).
  () => undefined,
];

/** The current schema version. */
export const IDB_SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating or upgrading through MIGRATIONS) the database; a connection that opens after the timeout is closed. */
export async function openDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<EdgeDB> {
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
export async function deleteDatabase(factory: IDBFactory, name: string, timeoutMs: number): Promise<void> {
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
export function begin<Names extends StoreName[], Mode extends IDBTransactionMode>(db: EdgeDB, names: Names, mode: Mode) {
  const tx = db.transaction(names, mode);
  tx.done.catch(() => undefined);
  return tx;
}
