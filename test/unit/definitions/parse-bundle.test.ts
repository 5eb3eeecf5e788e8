// parseBundle is parseDefinitions without registry mode unless given the skip step: the same results
// on the fixtures, and registry behaviour only with skipUnknownValues.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../../src/definitions/parse-bundle.js';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { skipUnknownValues } from '../../../src/definitions/skip-unknown-values.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));

const { cases } = fixture('definitions/invalid.json') as { cases: { name: string; bundle: unknown }[] };
const registry = fixture('definitions/registry-response.json');

describe('parseBundle', () => {
  it('gives what parseDefinitions gives, with and without unpublished items', () => {
    for (const bundle of [fixture('tutorial-definitions.json'), registry, ...cases.map((c) => c.bundle)]) {
      for (const includeUnpublished of [false, true]) {
        expect(parseBundle(bundle, includeUnpublished)).toEqual(parseDefinitions(bundle, { includeUnpublished }));
      }
    }
  });

  it('skips items with unknown enum values only when given the registry step', () => {
    const lean = parseBundle(registry, true);
    expect(lean.ok).toBe(false);
    if (!lean.ok) expect(lean.problems.some((p) => p.code === 'enum')).toBe(true);
    const skipped = parseBundle(registry, true, skipUnknownValues);
    expect(skipped).toEqual(parseDefinitions(registry, { includeUnpublished: true, registry: true }));
    expect(skipped.ok && skipped.warnings.some((w) => w.code === 'skipped')).toBe(true);
  });

  it('refuses criteria nested too deeply to read', () => {
    let criteria: unknown = { attribute: 'g:a', operator: '>', value: 1 };
    for (let i = 0; i < 1200; i++) criteria = { all: [criteria] };
    expect(parseBundle({ interventions: [{ name: 'i', criteria }] }, true)).toEqual({
      ok: false, problems: [{ code: 'too_deep', path: '', message: 'definitions are nested too deeply to read' }],
    });
  });
});
