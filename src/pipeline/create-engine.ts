import type { Definitions } from '../definitions/types.js';
import { createEngineState } from '../engine/engine-state.js';
import { readKey } from '../engine/read-local.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { randomUuid } from '../random-uuid.js';
import type { EngineState } from '../state/state-types.js';
import { compileProgram } from './compile-program.js';
import { processEvent, type ProcessResult } from './process-event.js';

export interface EngineOptions {
  /** Makes `intervention_id`s; defaults to a random UUID v4. */
  newId?: () => string;
  state?: EngineState;
}

/** The pipeline over in-memory state: used by the replay CLI and the dev server. */
export interface EdgeEngine {
  /** Applies one event to every matching attribute and evaluates the interventions it may have changed. */
  process(event: AtomicEvent): ProcessResult;
  /**
   * Values of every computed attribute on `keyName` for `id` at `now` (epoch ms), keyed
   * `<group>_v<version>:<attribute>`; null when no event ever carried this id.
   */
  read(keyName: string, id: string, now: number): Record<string, unknown> | null;
  /** Every (key name, id) some event carried, in first-seen order. */
  ids(): Iterable<{ key: string; id: string }>;
}

export function createEngine(definitions: Definitions, options: EngineOptions = {}): EdgeEngine {
  const program = compileProgram(definitions);
  const state = options.state ?? createEngineState();
  const newId = options.newId ?? randomUuid;
  return {
    process: (event) => processEvent(program, state, event, { newId }),
    read: (keyName, id, now) => readKey(program.plan, state, keyName, id, now),
    *ids() {
      for (const { key, id } of state.ids.values()) yield { key, id };
    },
  };
}
