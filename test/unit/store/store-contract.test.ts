// The semantics both AttributeStore adapters share, run against memory and against IndexedDB (fake-indexeddb).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { AttributeStore, StoreBatch, StoredIdState } from '../../../src/store/attribute-store.js';
import { openIdbStore } from '../../../src/store/idb-store.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const lifetime: StoredIdState = { key: 'domain_userid', id: 'u1', attributes: { 'g_v1:count': { a: 3, u: 1000 } } };
const windowed: StoredIdState = {
  key: 'domain_userid', id: 'u2',
  attributes: { 'g_v1:recent': { t: [10, 20], q: [1, 2], v: ['a', 'b'], b: [{ lo: 1, hi: 5, a: 7 }] } },
};
const definitions = { url: 'https://example.com/defs.json', bundle: { attribute_groups: [] }, fetchedAt: 1234 };

const adapters: [string, () => Promise<AttributeStore>][] = [
  ['memory', async () => createMemoryStore()],
  ['indexeddb', () => openIdbStore({ namespace: 'sp1', indexedDB: new IDBFactory() })],
];

describe.each(adapters)('%s store', (kind, open) => {
  it('starts empty', async () => {
    const store = await open();
    expect(store.kind).toBe(kind);
    expect(await store.load()).toEqual({ ids: [], ledger: {}, seq: 0, recent: [], definitions: null });
    store.close();
  });

  it('round-trips a snapshot', async () => {
    const store = await open();
    const ledger = { 'i\u00001\u0000domain_userid\u0000u1': { e: 'ev-1', t: 1000 } };
    await store.write({ ids: [lifetime, windowed], ledger, seq: 42, recent: ['ev-1', 'ev-2'] });
    await store.saveDefinitions(definitions);
    const snapshot = await store.load();
    expect(snapshot.seq).toBe(42);
    expect(snapshot.recent).toEqual(['ev-1', 'ev-2']);
    expect(snapshot.ledger).toEqual(ledger);
    expect(snapshot.definitions).toEqual(definitions);
    expect(sortIds(snapshot.ids)).toEqual([lifetime, windowed]);
    store.close();
  });

  it('stores copies: later changes to the written objects do not leak in, loaded objects are fresh', async () => {
    const store = await open();
    const state = structuredClone(lifetime);
    await store.write({ ids: [state], seq: 1, recent: [] });
    (state.attributes['g_v1:count'] as { a: number }).a = 99;
    const first = await store.load();
    expect(first.ids[0]).toEqual(lifetime);
    (first.ids[0]!.attributes['g_v1:count'] as { a: number }).a = 77;
    expect((await store.load()).ids[0]).toEqual(lifetime);
    store.close();
  });

  it('applies batch upserts and deletes, deletes before upserts', async () => {
    const store = await open();
    await store.write({ ids: [lifetime, windowed], seq: 2, recent: ['a'] });
    const updated: StoredIdState = { ...lifetime, attributes: { 'g_v1:count': { a: 4, u: 2000 } } };
    const third: StoredIdState = { key: 'session', id: 's1', attributes: {} };
    const batch: StoreBatch = {
      ids: [updated, third], deleteIds: [['domain_userid', 'u2'], ['session', 's1'], ['nobody', 'x']],
      ledger: { k1: { e: 'e1', t: 1 } }, seq: 5, recent: ['a', 'b'],
    };
    await store.write(batch);
    await store.write({ ids: [], ledger: { k2: { e: 'e2', t: 2 } }, seq: 6, recent: ['a', 'b', 'c'] });
    const snapshot = await store.load();
    expect(sortIds(snapshot.ids)).toEqual([updated, third]);
    expect(snapshot.ledger).toEqual({ k1: { e: 'e1', t: 1 }, k2: { e: 'e2', t: 2 } });
    expect(snapshot.seq).toBe(6);
    expect(snapshot.recent).toEqual(['a', 'b', 'c']);
    store.close();
  });

  it('clear() then load() gives an empty snapshot, and the store keeps working', async () => {
    const store = await open();
    await store.write({ ids: [lifetime], ledger: { k: { e: 'e', t: 1 } }, seq: 9, recent: ['e'] });
    await store.saveDefinitions(definitions);
    await store.clear();
    expect(await store.load()).toEqual({ ids: [], ledger: {}, seq: 0, recent: [], definitions: null });
    await store.write({ ids: [windowed], seq: 1, recent: [] });
    expect((await store.load()).ids).toEqual([windowed]);
    store.close();
  });

  it('rejects every call after close()', async () => {
    const store = await open();
    store.close();
    await expect(store.load()).rejects.toMatchObject({ name: 'InvalidStateError' });
    await expect(store.write({ ids: [], seq: 0, recent: [] })).rejects.toMatchObject({ name: 'InvalidStateError' });
  });
});

function sortIds(ids: StoredIdState[]): StoredIdState[] {
  return [...ids].sort((a, b) => (a.key + a.id < b.key + b.id ? -1 : 1));
}
