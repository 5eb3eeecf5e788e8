// Runs events through the engine the CLI uses and writes down what it did: the crossings each event
// fired and the values of every id at the end and 30 days later, as plain JSON (so two runs compare).
import { createEngine } from '../../../../src/pipeline/create-engine.js';
import type { Definitions } from '../../../../src/definitions/types.js';
import type { AtomicEvent } from '../../../../src/event/atomic-event.js';

export interface EngineTranscript {
  fired: unknown[][];
  reads: unknown[];
}

const DAY = 86_400_000;

/** What an engine of `definitions` computes from `events` (intervention ids counted from 1). */
export function engineTranscript(definitions: Definitions, events: readonly AtomicEvent[]): EngineTranscript {
  let n = 0;
  const engine = createEngine(definitions, { newId: () => `id-${++n}` });
  const fired = events.map((event) => engine.process(event).fired);
  const last = Math.max(0, ...events.map((event) => event.derivedTstamp));
  const reads = [...engine.ids()].map(({ key, id }) => ({ key, id, now: engine.read(key, id, last), later: engine.read(key, id, last + 30 * DAY) }));
  return JSON.parse(JSON.stringify({ fired, reads })) as EngineTranscript;
}
