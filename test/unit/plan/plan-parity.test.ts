// A plan and the bundle it came from compute the same: the same values and the same crossings, on
// random valid bundles with random tracker payloads (fast-check, seeded) and on the tutorial.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { compileBundle } from '../../../src/plan/compile-bundle.js';
import { readPlan } from '../../../src/plan/read-plan.js';
import { readTutorialPayloads, TUTORIAL_DEFINITIONS } from '../../fixtures/cli/event-shapes.js';
import { engineTranscript } from '../fuzz/arbitraries/engine-transcript.js';
import { propertyParameters, propertySeed } from '../fuzz/arbitraries/property-parameters.js';
import { trackerPayloads } from '../fuzz/arbitraries/tracker-payloads.js';
import { validBundle } from '../fuzz/arbitraries/valid-bundle.js';

/** The definitions a page gets from the plan of `bundle`, after the plan went through JSON. */
async function planDefinitions(bundle: unknown, includeUnpublished: boolean) {
  const compiled = await compileBundle(bundle, { includeUnpublished });
  if (!compiled.ok) throw new Error(`refused: ${JSON.stringify(compiled.problems)}`);
  return readPlan(JSON.parse(JSON.stringify(compiled.plan)));
}

function bundleDefinitions(bundle: unknown, includeUnpublished: boolean) {
  const parsed = parseDefinitions(bundle, { includeUnpublished });
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.problems)}`);
  return parsed.definitions;
}

describe('a plan computes what its bundle computes', () => {
  it('the tutorial over its recorded events: the same crossings and values', async () => {
    const bundle = JSON.parse(readFileSync(TUTORIAL_DEFINITIONS, 'utf8'));
    const events = readTutorialPayloads().map((payload) => fromTrackerPayload(payload));
    const fromBundle = engineTranscript(bundleDefinitions(bundle, false), events);
    expect(fromBundle.fired.flat().length).toBeGreaterThan(0);
    expect(engineTranscript(await planDefinitions(bundle, false), events)).toEqual(fromBundle);
  });

  it(`random valid bundles and payloads (seed ${propertySeed(40)})`, { timeout: 60_000 }, async () => {
    let compared = 0;
    await fc.assert(fc.asyncProperty(validBundle, trackerPayloads(12), fc.boolean(), async (bundle, payloads, includeUnpublished) => {
      const parsed = parseDefinitions(bundle, { includeUnpublished });
      if (!parsed.ok) {
        // Refused (an intervention on an unpublished group, say): compile refuses it with the same problems.
        expect(await compileBundle(bundle, { includeUnpublished })).toEqual(parsed);
        return;
      }
      const events = payloads.map((payload) => fromTrackerPayload(payload));
      const fromBundle = engineTranscript(parsed.definitions, events);
      expect(engineTranscript(await planDefinitions(bundle, includeUnpublished), events)).toEqual(fromBundle);
      compared++;
    }), propertyParameters(40, 200, 5_000));
    // Most cases ran the engines, not only the refusal branch.
    expect(compared).toBeGreaterThan(50);
  });
});
