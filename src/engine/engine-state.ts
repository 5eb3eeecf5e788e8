import type { EngineState } from '../state/state-types.js';

export function createEngineState(): EngineState {
  return { ids: new Map(), ledger: {}, seq: 0 };
}

/** The key of one id of one key in `EngineState.ids` (and of its sync state). */
export function stateKey(keyName: string, id: string): string {
  return `${keyName}\u0000${id}`;
}
