// Property-based tests of the definitions boundary (fast-check): random valid bundles in the Signals
// wire format (arbitraries/valid-bundle.ts) validate, compile and run tracker payloads; the builders
// write the same bundles; other accepted spellings of a bundle compute the same values.
// Seeded by FUZZ_SEED / FUZZ_SCALE (arbitraries/property-parameters.ts); a failure prints the seed
// and the shrunk counterexample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { compileProgram } from '../../../src/pipeline/compile-program.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { engineTranscript } from './arbitraries/engine-transcript.js';
import { propertyParameters, propertySeed } from './arbitraries/property-parameters.js';
import { rebuildWithBuilders } from './arbitraries/rebuild-with-builders.js';
import { spellingVariant } from './arbitraries/spelling-variant.js';
import { trackerPayloads } from './arbitraries/tracker-payloads.js';
import { validBundle } from './arbitraries/valid-bundle.js';

/** As the CLI reads a file: unpublished definitions included. */
const CLI = { includeUnpublished: true };

describe('valid definitions (property-based)', () => {
  it(`validate, compile and run tracker payloads without throwing (seed ${propertySeed(0)})`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(validBundle, trackerPayloads(12), (bundle, payloads) => {
      const result = parseDefinitions(bundle, CLI);
      if (!result.ok) expect.fail(`refused: ${JSON.stringify(result.problems)}`);
      expect(result.warnings).toEqual([]);
      // Registry mode skips only unknown values: a valid bundle loads the same.
      expect(parseDefinitions(bundle, { ...CLI, registry: true })).toEqual(result);
      const program = compileProgram(result.definitions);
      const events = payloads.map((payload) => fromTrackerPayload(payload));
      const transcript = engineTranscript(result.definitions, events);
      // Events that carry only the columns the plan reads (the CLI's and the plugin's reading) compute the same.
      const narrow = payloads.map((payload) => fromTrackerPayload(payload, { columns: program.plan.columns }));
      expect(engineTranscript(result.definitions, narrow)).toEqual(transcript);
    }), propertyParameters(0, 250, 5_000));
  });

  it(`written with the builders, are the same bundles (seed ${propertySeed(1)})`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(validBundle, (bundle) => {
      expect(rebuildWithBuilders(bundle)).toEqual(bundle);
    }), propertyParameters(1, 300, 2_000));
  });

  it(`written in other accepted spellings, load and compute the same (seed ${propertySeed(2)})`, { timeout: 60_000 }, () => {
    const pairs = validBundle.chain((bundle) => fc.boolean().chain((rewrite) =>
      fc.record({ bundle: fc.constant(bundle), rewrite: fc.constant(rewrite), variant: spellingVariant(bundle, rewrite) })));
    fc.assert(fc.property(pairs, trackerPayloads(12), ({ bundle, rewrite, variant }, payloads) => {
      const canonical = parseDefinitions(bundle, CLI);
      const spelled = parseDefinitions(variant, CLI);
      if (!canonical.ok) expect.fail(`the bundle was refused: ${JSON.stringify(canonical.problems)}`);
      if (!spelled.ok) expect.fail(`the variant was refused: ${JSON.stringify(spelled.problems)}`);
      // Legacy property strings load as column properties, wrapped criteria as deeper trees; other spellings load the same.
      if (!rewrite) expect(spelled.definitions).toEqual(canonical.definitions);
      const events = payloads.map((payload) => fromTrackerPayload(payload));
      expect(engineTranscript(spelled.definitions, events)).toEqual(engineTranscript(canonical.definitions, events));
    }), propertyParameters(2, 250, 5_000));
  });
});
