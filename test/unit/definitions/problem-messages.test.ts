// Pins every problem and warning (code, path, message, order) of the broken bundles and the registry
// response, so that a change to the validator's code cannot change what it reports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions, type ParseDefinitionsOptions } from '../../../src/definitions/parse-definitions.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));

const { cases } = fixture('definitions/invalid.json') as { cases: { name: string; options?: ParseDefinitionsOptions; bundle: unknown }[] };

/** One line per problem or warning: `code path: message`. */
function report(bundle: unknown, options: ParseDefinitionsOptions = {}): string[] {
  const result = parseDefinitions(bundle, options);
  return (result.ok ? result.warnings : result.problems).map((p) => `${p.code} ${p.path}: ${p.message}`);
}

describe('problem messages', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(report(c.bundle, c.options)).toMatchSnapshot();
  });

  it('registry response: problems, then the warnings of registry mode', () => {
    const response = fixture('definitions/registry-response.json');
    expect(report(response)).toMatchSnapshot();
    expect(report(response, { registry: true, includeUnpublished: true })).toMatchSnapshot();
    expect(report(response, { registry: true })).toMatchSnapshot();
  });
});
