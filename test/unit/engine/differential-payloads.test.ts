// The whole path on tracker payloads the engine has never seen: seeded payloads shaped like the real
// browser tracker's → event view → engine, against the naive reference, on the 100-attribute bundle
// (every aggregation, windows, TTLs, date parts, criteria, interventions including `changed`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePayloads } from '../../../bench/generate-payloads.js';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/engine/create-engine.js';
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
