import { isAttributeState } from '../engine/attribute-state.js';
import type { KeyState } from '../engine/create-engine.js';
import type { Ledger } from '../rules/evaluate-crossings.js';
import { isRecord } from '../is-record.js';
import type { PendingEvent, SyncState } from '../sync/sync-types.js';
import type { StoreSnapshot, StoredIdState } from './attribute-store.js';

/** Builds a snapshot from the raw records of the three stores, skipping every record of the wrong shape. */
export function toSnapshot(idRecords: readonly unknown[], ledgerRecords: readonly unknown[], metaRecords: readonly unknown[]): StoreSnapshot {
  const ids: StoredIdState[] = [];
  for (const record of idRecords) {
    const idState = readIdState(record);
    if (idState !== null) ids.push(idState);
  }
  const ledger: Ledger = Object.create(null) as Ledger;
  for (const record of ledgerRecords) {
    if (isRecord(record) && typeof record.k === 'string' && typeof record.e === 'string' && isNumber(record.t)) {
      ledger[record.k] = { e: record.e, t: record.t };
    }
  }
  const snapshot: StoreSnapshot = { ids, ledger, seq: 0, recent: [], definitions: null };
  for (const record of metaRecords) {
    if (!isRecord(record)) continue;
    const { name, value } = record;
    if (name === 'seq' && Number.isSafeInteger(value) && (value as number) >= 0) snapshot.seq = value as number;
    else if (name === 'recent' && Array.isArray(value)) snapshot.recent = value.filter((v): v is string => typeof v === 'string');
    else if (name === 'definitions' && isRecord(value) && typeof value.url === 'string' && 'bundle' in value && isNumber(value.fetchedAt)) {
      snapshot.definitions = { url: value.url, bundle: value.bundle, fetchedAt: value.fetchedAt };
    }
  }
  return snapshot;
}

/** One stored id state, keeping only the attribute states of a known shape; null when the record itself is wrong. */
function readIdState(record: unknown): StoredIdState | null {
  if (!isRecord(record) || typeof record.key !== 'string' || typeof record.id !== 'string' || !isRecord(record.attributes)) return null;
  const attributes: KeyState = Object.create(null) as KeyState;
  for (const [attributeId, state] of Object.entries(record.attributes)) {
    if (isAttributeState(state)) attributes[attributeId] = state;
  }
  const sync = readSyncState(record.sync);
  return sync === null ? { key: record.key, id: record.id, attributes } : { key: record.key, id: record.id, attributes, sync };
}

/** The reconciliation state kept with an id (server values, pending journal), or null when absent or wrong. */
function readSyncState(value: unknown): SyncState | null {
  if (!isRecord(value) || !Array.isArray(value.pending)) return null;
  const server = value.server;
  if (server !== null && !(isRecord(server) && isRecord(server.values) && isNumber(server.fetchedAt))) return null;
  const pending = value.pending.filter((p): p is PendingEvent => isRecord(p) && typeof p.e === 'string'
    && isNumber(p.t) && isNumber(p.q) && isNumber(p.s) && isRecord(p.c));
  return { server: server as SyncState['server'], pending };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
