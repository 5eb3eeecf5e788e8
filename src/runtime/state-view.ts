import type { CompiledAttribute } from '../engine/compile-plan.js';
import type { Program } from '../pipeline/compile-program.js';
import type { EngineState, SyncState } from '../state/state-types.js';

/** A runtime's state as the explain and inspect views read it, at one instant. */
export interface StateView {
  program: Program;
  state: EngineState;
  /** Server values and pending journal per state key. */
  sync: ReadonlyMap<string, SyncState>;
  /** Epoch ms on the server's clock. */
  now: number;
  /** The tracker's current id of a key, else the last one seen in an event. */
  currentId(keyName: string): string | null;
  /** The value shown (local reconciled with the server) for one attribute and id; null for an unseen id. */
  shown(attr: CompiledAttribute, id: string | null): unknown;
}
