// The IndexedDB store against Chromium's real IndexedDB: persistence, two connections (two tabs),
// clear() with another connection open, quota and open failures.
import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributeStore, StoredIdState } from '../../src/store/attribute-store.js';
import { openIdbStore } from '../../src/store/idb-store.js';
import { IDB_SCHEMA_VERSION } from '../../src/store/open-database.js';

const opened: AttributeStore[] = [];
const namespaces: string[] = [];

function newNamespace(): string {
  const namespace = `test-${crypto.randomUUID()}`;
  namespaces.push(namespace);
  return namespace;
}

async function open(namespace: string, timeoutMs?: number): Promise<AttributeStore> {
  const store = await openIdbStore(timeoutMs === undefined ? { namespace } : { namespace, timeoutMs });
  opened.push(store);
  return store;
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const store of opened.splice(0)) store.close();
  for (const namespace of namespaces.splice(0)) await deleteDB(`signals-edge.${namespace}`);
});

const user: StoredIdState = {
  key: 'domain_userid', id: 'u1',
  attributes: {
    'g_v1:count': { a: 3, u: 1_767_225_600_000 },
    'g_v1:recent': { t: [1, 2], q: [1, 2], v: [{ sku: 'a' }, { sku: 'b' }], b: [{ lo: 0, hi: 1, a: [[{ sku: 'a' }, 1, 1]] }] },
  },
};

describe('IndexedDB store in Chromium', () => {
  it('round-trips a snapshot through a real database and a reload', async () => {
    const namespace = newNamespace();
    const store = await open(namespace);
    expect(store.kind).toBe('indexeddb');
    await store.write({ ids: [user], ledger: { crossing: { e: 'ev-1', t: 5 } }, seq: 12, recent: ['ev-1'] });
    await store.saveDefinitions({ url: 'https://example.com/d.json', bundle: { services: [] }, fetchedAt: 9 });
    store.close();
    const reloaded = await open(namespace);
    expect(await reloaded.load()).toEqual({
      ids: [user], ledger: { crossing: { e: 'ev-1', t: 5 } }, seq: 12, recent: ['ev-1'],
      definitions: { url: 'https://example.com/d.json', bundle: { services: [] }, fetchedAt: 9 },
    });
    const dbs = await indexedDB.databases();
    expect(dbs).toContainEqual({ name: `signals-edge.${namespace}`, version: IDB_SCHEMA_VERSION });
  });

  it('clear() completes while another connection is open: that one closes and reports versionchange', async () => {
    const namespace = newNamespace();
    const tabA = await open(namespace);
    const tabB = await open(namespace);
    await tabB.write({ ids: [user], ledger: { c: { e: 'e', t: 1 } }, seq: 3, recent: ['e'] });
    const lostA = vi.fn();
    const lostB = vi.fn();
    tabA.onLost(lostA);
    tabB.onLost(lostB);
    await tabA.clear();
    await vi.waitFor(() => expect(lostB).toHaveBeenCalledWith('versionchange'));
    expect(lostB).toHaveBeenCalledTimes(1);
    expect(lostA).not.toHaveBeenCalled();
    expect(await tabA.load()).toEqual({ ids: [], ledger: {}, seq: 0, recent: [], definitions: null });
    await expect(tabB.load()).rejects.toMatchObject({ name: 'InvalidStateError' });
  });

  it('rejects a write that hits the quota, and reports the store lost once', async () => {
    const namespace = newNamespace();
    const store = await open(namespace);
    const lost = vi.fn();
    store.onLost(lost);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('', 'QuotaExceededError');
    });
    await expect(store.write({ ids: [user], seq: 1, recent: [] })).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await vi.waitFor(() => expect(lost).toHaveBeenCalledWith('QuotaExceededError'));
    await expect(store.write({ ids: [user], seq: 2, recent: [] })).rejects.toBeDefined();
    expect(lost).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    // Nothing of the failed batch landed.
    const again = await open(namespace);
    expect(await again.load()).toMatchObject({ ids: [], seq: 0 });
  });

  it('rejects quickly when indexedDB.open throws (as in a sandboxed or cross-origin frame)', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Access to the IndexedDB API is denied in this context.', 'SecurityError');
    });
    const started = performance.now();
    let opening: Promise<AttributeStore> | undefined;
    expect(() => (opening = openIdbStore({ namespace: newNamespace() }))).not.toThrow();
    await expect(opening).rejects.toMatchObject({ name: 'SecurityError' });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('rejects within the timeout when the open stays blocked by another connection', async () => {
    const namespace = newNamespace();
    const stubborn = await openDB(`signals-edge.${namespace}`, 1, { upgrade: (db) => db.createObjectStore('x') });
    const deleting = deleteDB(`signals-edge.${namespace}`); // blocked: `stubborn` ignores versionchange
    const started = performance.now();
    await expect(openIdbStore({ namespace, timeoutMs: 200 })).rejects.toThrow(/did not open within 200 ms/);
    expect(performance.now() - started).toBeLessThan(1000);
    stubborn.close();
    await deleting;
  });
});
