// The design everyone writes first, for comparison with the plugin's: every tracked event is one
// IndexedDB transaction that appends the event to a stored log, reads the whole log back, recomputes
// every attribute from it and stores the values. Recomputing uses the project's own engine (the same
// aggregation code, compiled once), so what the comparison measures is the design: per-event
// transactions and recompute-from-log against incremental state written behind in batches.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { fromTrackerPayload, loadDefinitions, type AtomicEvent, type FiredIntervention } from '../../dist/index.js';
import { compileProgram, type Program } from '../../src/pipeline/compile-program.js';
import { createEngineState } from '../../src/engine/engine-state.js';
import { processEvent } from '../../src/pipeline/process-event.js';
import { readKey } from '../../src/engine/read-local.js';

interface NaiveSchema extends DBSchema {
  /** The event log, in arrival order. */
  events: { key: number; value: AtomicEvent };
  /** The values of every attribute of one id of one key, as last recomputed. */
  values: { key: [string, string]; value: { key: string; id: string; values: Record<string, unknown> } };
}

export interface NaiveStore {
  /** Appends one tracker payload to the log and recomputes, in one transaction; resolves once it has committed. */
  track(payload: Record<string, unknown>): Promise<FiredIntervention[]>;
  /** The stored values of one id of one key, or null. */
  read(keyName: string, id: string): Promise<Record<string, unknown> | null>;
  close(): void;
}

/** Opens (creating) the naive store `name` for a definitions bundle. */
export async function openNaiveStore(name: string, bundle: unknown): Promise<NaiveStore> {
  const program: Program = compileProgram(loadDefinitions(bundle));
  const db: IDBPDatabase<NaiveSchema> = await openDB<NaiveSchema>(name, 1, {
    upgrade(upgrading) {
      upgrading.createObjectStore('events', { autoIncrement: true });
      upgrading.createObjectStore('values', { keyPath: ['key', 'id'] });
    },
  });
  let counter = 0;
  const newId = () => `naive-${++counter}`;

  return {
    async track(payload) {
      const event = fromTrackerPayload(payload);
      const tx = db.transaction(['events', 'values'], 'readwrite');
      void tx.objectStore('events').add(event);
      const log = await tx.objectStore('events').getAll();
      // Recompute from the whole log: a fresh state, every stored event in order.
      const state = createEngineState();
      let fired: FiredIntervention[] = [];
      for (const logged of log) fired = processEvent(program, state, logged, { newId }).fired;
      const values = tx.objectStore('values');
      for (const keyName of program.plan.groupKeys) {
        const id = program.plan.keys.get(keyName)?.idOf(event) ?? null;
        if (id === null) continue;
        const read = readKey(program.plan, state, keyName, id, event.derivedTstamp);
        if (read !== null) void values.put({ key: keyName, id, values: read });
      }
      await tx.done;
      return fired;
    },
    async read(keyName, id) {
      return (await db.get('values', [keyName, id]))?.values ?? null;
    },
    close: () => db.close(),
  };
}
