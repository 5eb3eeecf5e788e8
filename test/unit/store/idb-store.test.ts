// The IndexedDB adapter against fake-indexeddb: schema, transactions, tabs (two connections), failures.
import 'fake-indexeddb/auto';
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignalsEdgeError } from '../../../src/errors.js';
import { openIdbStore } from '../../../src/store/idb-store.js';
import { IDB_SCHEMA_VERSION } from '../../../src/store/open-database.js';

const NAME = 'signals-edge.sp1';

/** A raw connection, as another tab (or older/newer code) would hold. */
async function openRaw(factory: IDBFactory, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBPDatabase> {
  const request = factory.open(NAME, version);
  if (upgrade) request.addEventListener('upgradeneeded', () => upgrade(request.result));
  return (await wrap(request))!;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('openIdbStore', () => {
  it('creates the schema from an empty database (migration to version 1)', async () => {
    const factory = new IDBFactory();
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    store.close();
    const db = await openRaw(factory);
    expect(db.version).toBe(IDB_SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['ids', 'ledger', 'meta']);
    expect(db.transaction('ids').store.keyPath).toEqual(['key', 'id']);
    expect(db.transaction('ledger').store.keyPath).toBe('k');
    expect(db.transaction('meta').store.keyPath).toBe('name');
    db.close();
    expect((await factory.databases()).map((d) => d.name)).toEqual([NAME]);
  });

  it('keeps data across connections (a reload) without migrating again', async () => {
    const factory = new IDBFactory();
    const first = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    await first.write({ ids: [{ key: 'k', id: 'a', attributes: {} }], seq: 3, recent: ['e'] });
    first.close();
    const second = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    expect(await second.load()).toMatchObject({ ids: [{ key: 'k', id: 'a' }], seq: 3, recent: ['e'] });
    second.close();
  });

  it('keeps namespaces apart', async () => {
    const factory = new IDBFactory();
    const a = await openIdbStore({ namespace: 'a', indexedDB: factory });
    const b = await openIdbStore({ namespace: 'b', indexedDB: factory });
    await a.write({ ids: [], seq: 7, recent: [] });
    expect((await b.load()).seq).toBe(0);
    expect((await factory.databases()).map((d) => d.name).sort()).toEqual(['signals-edge.a', 'signals-edge.b']);
    a.close();
    b.close();
  });

  it('rejects when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const opening = openIdbStore({ namespace: 'sp1' });
    await expect(opening).rejects.toBeInstanceOf(SignalsEdgeError);
    await expect(opening).rejects.toThrow('IndexedDB is not available');
  });

  it('rejects (never throws) when open throws, as in Firefox private mode', async () => {
    const factory = new IDBFactory();
    factory.open = () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
    let opening: Promise<unknown> | undefined;
    expect(() => (opening = openIdbStore({ namespace: 'sp1', indexedDB: factory }))).not.toThrow();
    await expect(opening).rejects.toMatchObject({ name: 'InvalidStateError' });
  });

  it('rejects when the database on disk is newer than this code (VersionError)', async () => {
    const factory = new IDBFactory();
    (await openRaw(factory, IDB_SCHEMA_VERSION + 1)).close();
    await expect(openIdbStore({ namespace: 'sp1', indexedDB: factory })).rejects.toMatchObject({ name: 'VersionError' });
  });

  it('rejects within the timeout when the open stays blocked, and closes the connection that opens late', async () => {
    const factory = new IDBFactory();
    const other = await openRaw(factory, 1, (db) => db.createObjectStore('x'));
    const deleting = wrap(factory.deleteDatabase(NAME)); // blocked by `other`, which ignores versionchange
    const started = Date.now();
    await expect(openIdbStore({ namespace: 'sp1', indexedDB: factory, timeoutMs: 50 })).rejects.toThrow(/did not open within 50 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    other.close();
    await deleting;
    // The late connection is closed: a new delete is not blocked.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const request = factory.deleteDatabase(NAME);
    const blocked = vi.fn();
    request.addEventListener('blocked', blocked);
    await wrap(request);
    expect(blocked).not.toHaveBeenCalled();
  });
});

describe('IndexedDB store', () => {
  it('writes a batch in one readwrite transaction', async () => {
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: new IDBFactory() });
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.write({
      ids: [{ key: 'k', id: 'a', attributes: {} }, { key: 'k', id: 'b', attributes: {} }],
      deleteIds: [['k', 'c']], ledger: { l: { e: 'e', t: 1 } }, seq: 1, recent: ['e'],
    });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(transaction.mock.calls[0]?.[1]).toBe('readwrite');
    expect([...(transaction.mock.calls[0]?.[0] as string[])].sort()).toEqual(['ids', 'ledger', 'meta']);
    store.close();
  });

  it('writes a batch all or nothing: a bad record aborts the whole transaction', async () => {
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: new IDBFactory() });
    await store.write({ ids: [{ key: 'k', id: 'a', attributes: { x: { a: 1, u: 1 } } }], seq: 1, recent: ['e1'] });
    const lost = vi.fn();
    store.onLost(lost);
    const bad = { key: 'k', id: { not: 'a key' } as unknown as string, attributes: {} };
    await expect(store.write({
      ids: [{ key: 'k', id: 'b', attributes: {} }, bad], deleteIds: [['k', 'a']], ledger: { l: { e: 'e', t: 1 } }, seq: 2, recent: ['e1', 'e2'],
    })).rejects.toMatchObject({ name: 'DataError' });
    expect(await store.load()).toEqual({
      ids: [{ key: 'k', id: 'a', attributes: { x: { a: 1, u: 1 } } }], ledger: {}, seq: 1, recent: ['e1'], definitions: null,
    });
    await Promise.resolve();
    expect(lost).not.toHaveBeenCalled();
    store.close();
  });

  it('skips corrupted records on load instead of throwing, warns once, and repairs them in the database', async () => {
    const factory = new IDBFactory();
    const warnings: string[] = [];
    const open = () => openIdbStore({ namespace: 'sp1', indexedDB: factory, warn: (m) => void warnings.push(m) });
    const store = await open();
    await store.write({ ids: [{ key: 'k', id: 'good', attributes: { x: { a: 1, u: 1 } } }], ledger: { l: { e: 'e', t: 1 } }, seq: 4, recent: ['e'] });
    const raw = await openRaw(factory);
    const tx = raw.transaction(['ids', 'ledger', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('ids').put({ key: 'k', id: 'no-attributes', attributes: 5 }),
      tx.objectStore('ids').put({ key: 'k', id: 7, attributes: {} }),
      tx.objectStore('ids').put({
        key: 'k', id: 'mixed',
        attributes: { ok: { t: [1], q: [1], v: ['x'], b: [] }, ragged: { t: [1, 2], q: [1], v: [], b: [] }, junk: 'x', noTime: { a: 1 } },
      }),
      tx.objectStore('ledger').put({ k: 'bad', e: 5, t: 1 }),
      tx.objectStore('ledger').put({ k: 'bad-t', e: 'e', t: 'soon' }),
      tx.objectStore('meta').put({ name: 'seq', value: 'many' }),
      tx.objectStore('meta').put({ name: 'recent', value: ['a', 3, 'b'] }),
      tx.objectStore('meta').put({ name: 'definitions', value: { url: 5 } }),
      tx.done,
    ]);
    const snapshot = await store.load();
    expect(snapshot.ids).toEqual([
      { key: 'k', id: 'good', attributes: { x: { a: 1, u: 1 } } },
      { key: 'k', id: 'mixed', attributes: { ok: { t: [1], q: [1], v: ['x'], b: [] } } },
    ]);
    expect(snapshot.ledger).toEqual({ l: { e: 'e', t: 1 } });
    expect(snapshot.seq).toBe(0);
    expect(snapshot.recent).toEqual(['a', 'b']);
    expect(snapshot.definitions).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe('10 part(s) of the stored state could not be read and were left out (of id states: 5, fired crossings: 2, other: 3)');
    store.close();

    // Repaired in the database: the next load reads the same, and says nothing.
    expect(await raw.getAll('ledger')).toEqual([{ k: 'l', e: 'e', t: 1 }]);
    expect(await raw.get('ids', ['k', 'mixed'])).toEqual({ key: 'k', id: 'mixed', attributes: { ok: { t: [1], q: [1], v: ['x'], b: [] } } });
    expect((await raw.getAll('meta')).map((m: { name: string }) => m.name)).toEqual(['recent']);
    raw.close();
    const again = await open();
    expect(await again.load()).toEqual(snapshot);
    expect(warnings).toHaveLength(1);
    again.close();
  });

  it('closes and reports versionchange when another tab upgrades the database', async () => {
    const factory = new IDBFactory();
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    const lost = vi.fn();
    store.onLost(lost);
    const newer = await openRaw(factory, IDB_SCHEMA_VERSION + 1); // not blocked: the store closed its connection
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost).toHaveBeenCalledWith('versionchange');
    await expect(store.load()).rejects.toMatchObject({ name: 'InvalidStateError' });
    newer.close();
    const late = vi.fn();
    store.onLost(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledWith('versionchange');
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('clear() deletes the database while another tab has it open: that tab closes and reports versionchange', async () => {
    const factory = new IDBFactory();
    const tabA = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    const tabB = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    await tabA.write({ ids: [{ key: 'k', id: 'a', attributes: {} }], ledger: { l: { e: 'e', t: 1 } }, seq: 2, recent: ['e'] });
    const lostA = vi.fn();
    const lostB = vi.fn();
    tabA.onLost(lostA);
    tabB.onLost(lostB);
    await tabA.clear();
    expect(lostB).toHaveBeenCalledWith('versionchange');
    expect(lostA).not.toHaveBeenCalled();
    expect(await tabA.load()).toEqual({ ids: [], ledger: {}, seq: 0, recent: [], definitions: null });
    const reload = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    expect((await reload.load()).seq).toBe(0);
    reload.close();
    tabA.close();
    tabB.close();
  });

  it('waits for clear() before running calls made meanwhile', async () => {
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: new IDBFactory() });
    await store.write({ ids: [], seq: 5, recent: [] });
    const clearing = store.clear();
    const writing = store.write({ ids: [], seq: 6, recent: ['after'] });
    await Promise.all([clearing, writing]);
    expect(await store.load()).toMatchObject({ seq: 6, recent: ['after'] });
    store.close();
  });

  it('rejects clear() within the timeout when a connection that ignores versionchange blocks it, and reports lost', async () => {
    const factory = new IDBFactory();
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: factory, timeoutMs: 50 });
    const stubborn = await openRaw(factory);
    const lost = vi.fn();
    store.onLost(lost);
    await expect(store.clear()).rejects.toThrow(/not deleted within 50 ms/);
    await Promise.resolve();
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost.mock.calls[0]?.[0]).toMatch(/^clear failed/);
    await expect(store.load()).rejects.toBeDefined();
    stubborn.close();
    await vi.waitFor(async () => expect(await factory.databases()).toEqual([]));
    store.close();
  });

  it('reports a quota error on write as lost, once, and rejects the write', async () => {
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: new IDBFactory() });
    const lost = vi.fn();
    store.onLost(lost);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('', 'QuotaExceededError');
    });
    await expect(store.write({ ids: [{ key: 'k', id: 'a', attributes: {} }], seq: 1, recent: [] }))
      .rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(store.write({ ids: [], seq: 2, recent: [] })).rejects.toMatchObject({ name: 'InvalidStateError' });
    await Promise.resolve();
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost).toHaveBeenCalledWith('QuotaExceededError');
    store.close();
  });

  it('reports a connection closed by the browser (WebKit) as lost', async () => {
    const factory = new IDBFactory();
    const open = factory.open.bind(factory);
    let request: IDBOpenDBRequest | undefined;
    factory.open = (name: string, version?: number) => (request = open(name, version));
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    const lost = vi.fn();
    store.onLost(lost);
    forceCloseDatabase(request!.result as never);
    await vi.waitFor(() => expect(lost).toHaveBeenCalledWith('close'));
    await expect(store.load()).rejects.toMatchObject({ name: 'InvalidStateError' });
    store.close();
  });

  it('does not report lost after its own close()', async () => {
    const factory = new IDBFactory();
    const store = await openIdbStore({ namespace: 'sp1', indexedDB: factory });
    const lost = vi.fn();
    store.onLost(lost);
    store.close();
    (await openRaw(factory, IDB_SCHEMA_VERSION + 1)).close();
    await Promise.resolve();
    expect(lost).not.toHaveBeenCalled();
  });
});
