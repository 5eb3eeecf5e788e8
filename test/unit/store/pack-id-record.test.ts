// Id records as IndexedDB keeps them: equal window columns written once. Packing then unpacking gives
// back the same state, windows own their arrays again, records of the unpacked format still read, and
// a damaged packed record loses only what is damaged.
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { generatePayloads } from '../../../bench/generate-payloads.js';
import { createEngine, fromTrackerPayload, loadDefinitions } from '../../../src/index.js';
import { createEngineState } from '../../../src/engine/engine-state.js';
import type { StoredIdState } from '../../../src/store/attribute-store.js';
import { packIdRecord, unpackAttributes } from '../../../src/store/pack-id-record.js';
import { readSnapshot } from '../../../src/store/to-snapshot.js';
import type { WindowState } from '../../../src/state/state-types.js';
import attrs100 from '../../../bench/attrs100.json' with { type: 'json' };

/** Every id state after `events` seeded events of one user over attrs100 (windows of 10 min to 7 days). */
function storedStates(events: number): StoredIdState[] {
  const state = createEngineState();
  const engine = createEngine(loadDefinitions(attrs100), { state });
  for (const p of generatePayloads({ seed: 3, events, users: 1, start: Date.UTC(2026, 10, 1) })) engine.process(fromTrackerPayload(p));
  return [...state.ids.values()].map((s) => structuredClone(s));
}

/** The record as a load reads it back (through the structured clone IndexedDB makes). */
const reread = (record: unknown) => structuredClone(record) as Record<string, unknown>;

describe('packIdRecord / unpackAttributes', () => {
  const states = storedStates(3000);

  it('round-trips every id state, and the busiest record is under half its unpacked size', () => {
    for (const state of states) {
      const before = structuredClone(state);
      const packed = packIdRecord(state);
      expect(state).toEqual(before);
      expect({ ...packed, attributes: unpackAttributes(reread(packed)) }).toEqual({ ...state, cols: packed.cols });
      expect(readSnapshot([reread(packed)], [], []).snapshot.ids).toEqual([state]);
    }
    const busiest = states.reduce((a, b) => (serialize(a).length > serialize(b).length ? a : b));
    expect(serialize(packIdRecord(busiest)).length / serialize(busiest).length).toBeLessThan(0.5);
  });

  it('gives every window arrays of its own', () => {
    const busiest = states.find((s) => s.key === 'domain_userid')!;
    const attributes = unpackAttributes(reread(packIdRecord(busiest))) as Record<string, WindowState>;
    const windows = Object.values(attributes).filter((s) => 'b' in s);
    const arrays = windows.flatMap((w) => [w.t, w.q, w.v]);
    expect(new Set(arrays).size).toBe(arrays.length);
    const [first, second] = windows.filter((w) => w.t.length === windows[0]!.t.length);
    first!.t.push(1);
    expect(second!.t.length).toBe(first!.t.length - 1);
  });

  it('reads records written before columns were shared, as they are', () => {
    const state = states[0]!;
    expect(readSnapshot([reread(state)], [], []).snapshot.ids).toEqual([state]);
  });

  it('leaves out only a window whose column index names nothing, and puts the record back unpacked', () => {
    const state = states.find((s) => s.key === 'domain_userid')!;
    const packed = reread(packIdRecord(state));
    const attributes = packed.attributes as Record<string, Record<string, unknown>>;
    const [damagedId] = Object.keys(attributes).filter((k) => 'b' in attributes[k]!);
    attributes[damagedId!]!.v = (packed.cols as unknown[]).length;
    const { snapshot, damage } = readSnapshot([packed], [], []);
    const { [damagedId!]: _gone, ...kept } = state.attributes;
    expect(snapshot.ids).toEqual([{ ...state, attributes: kept }]);
    expect(damage.parts.ids).toBe(1);
    const put = damage.repairs[0]!.put as Record<string, unknown>;
    expect(put.cols).toBeUndefined();
    expect(put.attributes).toEqual(kept);
  });
});
