import { isRecord } from '../is-record.js';
import type { StoreSnapshot, StoredIdState } from './attribute-store.js';
import { isStoredState } from './is-stored-state.js';
import { unpackAttributes } from './pack-id-record.js';
import type { AttributeState, KeyState, Ledger, PendingEvent, SyncState } from '../state/state-types.js';

/** The three object stores of a tracker namespace's database. */
export type RecordStore = 'ids' | 'ledger' | 'meta';

/** A damaged record: deleted when nothing in it can be read, else put back without what cannot be. */
export interface Repair {
  store: RecordStore;
  key: IDBValidKey;
  /** The record to put back; undefined: delete it. */
  put: unknown;
}

/** What a load could not read: how many parts, per store, and the repairs. */
export interface Damage {
  parts: Record<RecordStore, number>;
  repairs: Repair[];
}

/** One record read: its value (null: nothing readable), how many parts were not, and the record to put back. */
interface Reading<T> {
  value: T | null;
  bad: number;
  put?: unknown;
}

/** Builds a snapshot from the raw records of the three stores, skipping every record of the wrong shape. */
export function toSnapshot(idRecords: readonly unknown[], ledgerRecords: readonly unknown[], metaRecords: readonly unknown[]): StoreSnapshot {
  return readSnapshot(idRecords, ledgerRecords, metaRecords).snapshot;
}

/**
 * Builds a snapshot from the raw records of the three stores, keeping everything it can read: a damaged
 * attribute state, journal or server answer is left out of its id's record, whose other parts are kept;
 * a damaged ledger entry or meta record is left out. Extra fields (a newer version may add some) are
 * ignored, and meta records of unknown names are not touched. Also says what was left out, and how each
 * damaged record is to be repaired.
 */
export function readSnapshot(
  idRecords: readonly unknown[], ledgerRecords: readonly unknown[], metaRecords: readonly unknown[],
): { snapshot: StoreSnapshot; damage: Damage } {
  const damage: Damage = { parts: { ids: 0, ledger: 0, meta: 0 }, repairs: [] };
  const snapshot: StoreSnapshot = { ids: [], ledger: Object.create(null) as Ledger, seq: 0, recent: [], definitions: null };
  for (const record of idRecords) {
    const { value } = note(damage, 'ids', record);
    if (value !== null) snapshot.ids.push(value as StoredIdState);
  }
  for (const record of ledgerRecords) {
    const entry = note(damage, 'ledger', record).value as { k: string; e: string; t: number } | null;
    if (entry !== null) snapshot.ledger[entry.k] = { e: entry.e, t: entry.t };
  }
  for (const record of metaRecords) {
    const meta = note(damage, 'meta', record).value as { name: string; value: unknown } | null;
    if (meta?.name === 'seq') snapshot.seq = meta.value as number;
    else if (meta?.name === 'recent') snapshot.recent = meta.value as string[];
    else if (meta?.name === 'definitions') snapshot.definitions = meta.value as StoreSnapshot['definitions'];
  }
  return { snapshot, damage };
}

/** How one record, as it is now, is to be repaired; null when it reads whole (re-read before a repair). */
export function repairOf(store: RecordStore, record: unknown): Repair | null {
  const damage: Damage = { parts: { ids: 0, ledger: 0, meta: 0 }, repairs: [] };
  note(damage, store, record);
  return damage.repairs[0] ?? null;
}

function note(damage: Damage, store: RecordStore, record: unknown): Reading<unknown> {
  const read = store === 'ids' ? readIdRecord(record) : store === 'ledger' ? readLedgerRecord(record) : readMetaRecord(record);
  if (read.bad > 0 && isRecord(record)) {
    damage.parts[store] += read.bad;
    // The stores' inline keys: `[key, id]`, `k`, `name`.
    const key = (store === 'ids' ? [record.key, record.id] : store === 'ledger' ? record.k : record.name) as IDBValidKey;
    damage.repairs.push({ store, key, put: read.put });
  }
  return read;
}

/** One stored id state, keeping only the parts of a known shape. */
function readIdRecord(record: unknown): Reading<StoredIdState> {
  if (!isRecord(record) || typeof record.key !== 'string' || typeof record.id !== 'string' || !isRecord(record.attributes)) {
    return { value: null, bad: 1 };
  }
  let bad = 0;
  const attributes: KeyState = Object.create(null) as KeyState;
  for (const [attributeId, state] of Object.entries(unpackAttributes(record))) {
    if (isStoredState(state)) attributes[attributeId] = state as AttributeState;
    else bad++;
  }
  const value: StoredIdState = { key: record.key, id: record.id, attributes };
  // A repaired record is put back unpacked (the next write packs it again).
  const { cols: _cols, ...rest } = record;
  const put: Record<string, unknown> = { ...rest, attributes };
  if (record.sync !== undefined) {
    const sync = readSyncState(record.sync);
    if (sync === null) {
      bad++;
      delete put.sync;
    } else {
      value.sync = sync;
      if (sync.pending.length < (record.sync as { pending: unknown[] }).pending.length) {
        bad++;
        put.sync = { ...(record.sync as object), pending: sync.pending };
      }
    }
  }
  return { value, bad, put };
}

/** The reconciliation state kept with an id (server values, pending journal), or null when it is wrong. */
function readSyncState(value: unknown): SyncState | null {
  if (!isRecord(value) || !Array.isArray(value.pending)) return null;
  const server = value.server;
  if (server !== null && !(isRecord(server) && isRecord(server.values) && isNumber(server.fetchedAt))) return null;
  const pending = value.pending.filter((p): p is PendingEvent => isRecord(p) && typeof p.e === 'string'
    && isNumber(p.t) && isNumber(p.q) && isNumber(p.s) && isRecord(p.c) && (p.u === undefined || p.u === true));
  return { server: server as SyncState['server'], pending };
}

function readLedgerRecord(record: unknown): Reading<{ k: string; e: string; t: number }> {
  return isRecord(record) && typeof record.k === 'string' && typeof record.e === 'string' && isNumber(record.t)
    ? { value: { k: record.k, e: record.e, t: record.t }, bad: 0 }
    : { value: null, bad: 1 };
}

/** A meta record of a known name; unknown names (a newer version's) are neither read nor reported. */
function readMetaRecord(record: unknown): Reading<{ name: string; value: unknown }> {
  const { name, value } = isRecord(record) ? record : {};
  const wrong = { value: null, bad: 1 };
  if (name === 'seq') return Number.isSafeInteger(value) && (value as number) >= 0 ? { value: { name, value }, bad: 0 } : wrong;
  if (name === 'recent') {
    if (!Array.isArray(value)) return wrong;
    const ids = value.filter((v): v is string => typeof v === 'string');
    const bad = value.length - ids.length;
    return { value: { name, value: ids }, bad, put: { ...(record as object), value: ids } };
  }
  if (name === 'definitions') {
    return isRecord(value) && typeof value.url === 'string' && 'bundle' in value && isNumber(value.fetchedAt)
      ? { value: { name, value: { url: value.url, bundle: value.bundle, fetchedAt: value.fetchedAt } }, bad: 0 }
      : wrong;
  }
  return { value: null, bad: 0 };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
