// The whole path on tracker payloads the engine has never seen: seeded payloads shaped like the real
// browser tracker's → event view → engine, against the naive reference, on the 100-attribute bundle
// (every aggregation, windows, TTLs, date parts, criteria, interventions including `changed`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePayloads } from '../../../bench/generate-payloads.js';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { compileProgram } from '../../../src/pipeline/compile-program.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { compareEngines } from '../../reference/differential.js';

const attrs100 = loadDefinitions(JSON.parse(readFileSync(new URL('../../../bench/attrs100.json', import.meta.url), 'utf8')));

describe('engine agrees with the naive reference on tracker payloads (attrs100)', () => {
  for (const seed of [3, 11]) {
    it(`seed ${seed}`, () => {
      const events = generatePayloads({ seed, events: 250, users: 3 }).map((p) => fromTrackerPayload(p));
      expect(compareEngines(attrs100, events, (defs) => createEngine(defs), { maxProblems: 10 })).toEqual([]);
    });
  }
});

describe('views carrying only the plan columns give the same results as full views', () => {
  const tutorial = loadDefinitions(JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')));
  for (const [name, definitions] of [['attrs100', attrs100], ['tutorial', tutorial]] as const) {
    it(name, () => {
      const { columns } = compileProgram(definitions).plan;
      expect(columns.size).toBeGreaterThan(0);
      const payloads = generatePayloads({ seed: 5, events: 400, users: 3 });
      const now = Math.max(...payloads.map((p) => fromTrackerPayload(p).derivedTstamp)) + 60_000;
      const run = (view: (p: Record<string, unknown>) => AtomicEvent) => {
        const engine = createEngine(definitions, { newId: () => 'id' });
        const fired = payloads.flatMap((p) => engine.process(view(p)).fired);
        return { fired, values: [...engine.ids()].map(({ key, id }) => [key, id, engine.read(key, id, now)]) };
      };
      const full = run((p) => fromTrackerPayload(p));
      expect(full.fired.length + full.values.length).toBeGreaterThan(0);
      expect(run((p) => fromTrackerPayload(p, { columns }))).toEqual(full);
    });
  }
});
