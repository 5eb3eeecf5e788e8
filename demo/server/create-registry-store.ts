import type { AttributeKeyDef } from '../../src/definitions/types.js';
import { isRecord } from '../../src/is-record.js';

type Json = Record<string, unknown>;

/** The registry's collections, named as in its paths and in a definitions bundle. */
export type Collection = 'attribute_keys' | 'attribute_groups' | 'services' | 'interventions';

export const COLLECTIONS: readonly Collection[] = ['attribute_keys', 'attribute_groups', 'services', 'interventions'];

/** Collections whose objects are told apart by name and version (the others by name). */
export function isVersioned(collection: Collection): boolean {
  return collection === 'attribute_groups' || collection === 'interventions';
}

/** A definitions bundle in the wire format, every collection present. */
export type WireBundle = Record<Collection, Json[]>;

/** A copy of what the store holds, to put back when a write is refused. */
export interface RegistrySnapshot {
  entries: Record<Collection, Entry[]>;
  keys: Map<string, AttributeKeyDef>;
}

interface Entry {
  body: Json;
  /** Loaded from the server's definitions and not written since: live whether published or not. */
  startup: boolean;
}

/** The registry's objects in memory, as written (wire format), in creation order. */
export interface RegistryStore {
  /** The stored object `name` (of `version` for a versioned collection, default 1). */
  find(collection: Collection, name: string, version?: number): Json | undefined;
  /** Every stored object of the collection named `name`. */
  named(collection: Collection, name: string): Json[];
  /** Stores `body` in place of the object of the same name (and version), or last. */
  put(collection: Collection, body: Json): void;
  /** Removes an object; false when there was none. */
  remove(collection: Collection, name: string, version?: number): boolean;
  /** Every stored object. */
  bundle(): WireBundle;
  /**
   * What the engine runs: the published objects and those loaded at start and not written since,
   * with the stored keys they use (and the published keys).
   */
  liveBundle(): WireBundle;
  /** Parsed keys, by name, for the registry's `blobl_path`. */
  keyDefs(): AttributeKeyDef[];
  /** Remembers parsed keys (of a write that was accepted). */
  rememberKeys(keys: readonly AttributeKeyDef[]): void;
  snapshot(): RegistrySnapshot;
  restore(snapshot: RegistrySnapshot): void;
}

/** The identity of a stored object: its name, and its version for a versioned collection (default 1). */
export function versionOf(body: Json): number {
  return typeof body['version'] === 'number' ? body['version'] : 1;
}

/**
 * Creates the store over the definitions the server started with (`bundle`, which parseDefinitions
 * accepted, and its parsed keys); those stay live as today (loaded unpublished too) until written.
 */
export function createRegistryStore(bundle: unknown, keys: readonly AttributeKeyDef[]): RegistryStore {
  let entries = emptyEntries();
  let keyDefs = new Map<string, AttributeKeyDef>();
  const input = isRecord(bundle) ? bundle : {};
  for (const collection of COLLECTIONS) {
    const items = input[collection];
    if (Array.isArray(items)) for (const item of items) if (isRecord(item)) entries[collection].push({ body: item, startup: true });
  }
  for (const key of keys) keyDefs.set(key.name, key);

  const indexOf = (collection: Collection, name: string, version: number): number =>
    entries[collection].findIndex((e) => e.body['name'] === name && (!isVersioned(collection) || versionOf(e.body) === version));
  const bodies = (collection: Collection, keep: (e: Entry) => boolean = () => true): Json[] =>
    entries[collection].filter(keep).map((e) => e.body);

  return {
    find(collection, name, version = 1) {
      return entries[collection][indexOf(collection, name, version)]?.body;
    },
    named: (collection, name) => bodies(collection, (e) => e.body['name'] === name),
    put(collection, body) {
      const i = indexOf(collection, String(body['name']), versionOf(body));
      if (i >= 0) entries[collection][i] = { body, startup: false };
      else entries[collection].push({ body, startup: false });
    },
    remove(collection, name, version = 1) {
      const i = indexOf(collection, name, version);
      if (i < 0) return false;
      entries[collection].splice(i, 1);
      return true;
    },
    bundle: () => ({
      attribute_keys: bodies('attribute_keys'),
      attribute_groups: bodies('attribute_groups'),
      services: bodies('services'),
      interventions: bodies('interventions'),
    }),
    liveBundle() {
      const live = (e: Entry) => e.startup || e.body['is_published'] === true;
      const groups = bodies('attribute_groups', live);
      const used = new Set(groups.map((g) => (isRecord(g['attribute_key']) ? g['attribute_key']['name'] : undefined)));
      return {
        attribute_keys: bodies('attribute_keys', (e) => live(e) || used.has(e.body['name'])),
        attribute_groups: groups,
        services: bodies('services', live),
        interventions: bodies('interventions', live),
      };
    },
    keyDefs: () => [...keyDefs.values()],
    rememberKeys(parsed) {
      for (const key of parsed) keyDefs.set(key.name, key);
    },
    snapshot: () => ({
      entries: Object.fromEntries(COLLECTIONS.map((c) => [c, [...entries[c]]])) as Record<Collection, Entry[]>,
      keys: new Map(keyDefs),
    }),
    restore(snapshot) {
      entries = snapshot.entries;
      keyDefs = snapshot.keys;
    },
  };
}

function emptyEntries(): Record<Collection, Entry[]> {
  return { attribute_keys: [], attribute_groups: [], services: [], interventions: [] };
}
