// Property-based tests of refusals (fast-check): a valid generated bundle with one random structural
// mutation (arbitraries/bundle-mutation.ts). parseDefinitions never throws; a refusal lists problems
// each with a code, a message and a path into the mutated input; a mutation the validator must refuse
// (a required key deleted, a wrong type, an unknown enum value, a bad duration, a missing reference, a
// duplicate name, …) is refused with a problem at the mutated place; what loads compiles and runs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDefinitions, type ParseDefinitionsOptions, type ParseDefinitionsResult } from '../../../src/definitions/parse-definitions.js';
import { formatProblems } from '../../../src/errors.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { readTutorialPayloads } from '../../fixtures/cli/event-shapes.js';
import { bundleMutation } from './arbitraries/bundle-mutation.js';
import { formatPath } from './arbitraries/bundle-sites.js';
import { engineTranscript } from './arbitraries/engine-transcript.js';
import { isAtOrBelow, problemDefect } from './arbitraries/problem-defect.js';
import { propertyParameters, propertySeed } from './arbitraries/property-parameters.js';
import { validBundle } from './arbitraries/valid-bundle.js';

const events = readTutorialPayloads().map((payload) => fromTrackerPayload(payload));

/** Parses without letting anything thrown escape: a throw fails the property with its stack. */
function parse(input: unknown, options: ParseDefinitionsOptions): ParseDefinitionsResult {
  try {
    return parseDefinitions(input, options);
  } catch (error) {
    return expect.fail(`parseDefinitions threw ${(error as Error)?.stack ?? String(error)}`);
  }
}

/** Every problem (or warning) names a place in the input; a load compiles and runs the tutorial events. */
function checkOutcome(input: unknown, result: ParseDefinitionsResult): void {
  const reports = result.ok ? result.warnings : result.problems;
  if (!result.ok) expect(result.problems.length, 'a refusal lists its problems').toBeGreaterThan(0);
  for (const report of reports) expect(problemDefect(input, report), JSON.stringify(report)).toBeNull();
  if (!result.ok) expect(() => formatProblems(result.problems)).not.toThrow();
  else expect(() => engineTranscript(result.definitions, events)).not.toThrow();
}

describe('mutated definitions (property-based)', () => {
  it(`never throw; are refused with problems that name their place, at the mutated one when it must be refused (seed ${propertySeed(10)})`, { timeout: 60_000 }, () => {
    const seen = { refused: 0, loaded: 0, mustRefuse: 0 };
    fc.assert(fc.property(validBundle.chain(bundleMutation), ({ value, at }) => {
      const result = parse(value, { includeUnpublished: true });
      checkOutcome(value, result);
      if (at !== null) {
        seen.mustRefuse++;
        const where = formatPath(at);
        if (result.ok) expect.fail(`accepted, but the mutation at ${where} must be refused`);
        const paths = result.problems.map((problem) => problem.path);
        expect(paths.some((path) => isAtOrBelow(path, where)), `no problem at ${where}: ${formatProblems(result.problems)}`).toBe(true);
      }
      seen[result.ok ? 'loaded' : 'refused']++;
      // Registry mode skips attributes and interventions with unknown values: never a throw either.
      checkOutcome(value, parse(value, { includeUnpublished: true, registry: true }));
    }), propertyParameters(10, 800, 6_000));
    if (process.env.FUZZ_VERBOSE) console.log(seen);
    // The mix exercised both outcomes.
    expect(seen.mustRefuse).toBeGreaterThan(seen.refused / 2);
    expect(seen.loaded).toBeGreaterThan(0);
  });
});
