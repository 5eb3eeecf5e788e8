// Table of broken bundles (test/fixtures/definitions/invalid.json): each case must report exactly
// the listed problem paths, every problem with a code and a message that names its field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions, type ParseDefinitionsOptions } from '../../../src/definitions/parse-definitions.js';

interface Case {
  name: string;
  options?: ParseDefinitionsOptions;
  paths: string[];
  bundle: unknown;
}

const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/definitions/invalid.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

describe('invalid bundles', () => {
  it('covers at least 30 distinct mistakes, some bundles with several', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.some((c) => c.paths.length >= 5)).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = parseDefinitions(c.bundle, c.options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual([...c.paths].sort());
    for (const problem of result.problems) {
      expect(problem.code).toMatch(/^[a-z_]+$/);
      const last = /([A-Za-z_]+)(\[\d+\])*$/.exec(problem.path)?.[1];
      // The message names the field (or the item, for problems about a whole group or node).
      if (last !== undefined && !/\[\d+\]$/.test(problem.path)) expect(problem.message).toContain(last);
      expect(problem.message.length).toBeGreaterThan(10);
    }
  });
});
