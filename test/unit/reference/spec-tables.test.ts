import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createNaiveEngine } from '../../reference/naive-engine.js';
import { checkSpecCase, loadSpecTables } from '../../reference/spec-table.js';

const tables = loadSpecTables();
const parse = (bundle: unknown) => loadDefinitions(bundle, { includeUnpublished: true });

describe('spec tables through the naive reference engine', () => {
  it('finds every table', () => {
    expect(tables.map((t) => t.file)).toEqual([
      'approx-count-distinct.json', 'counter-sum.json', 'criteria-operators.json', 'date-part.json',
      'defaults-and-types.json', 'first-last.json', 'frequency.json', 'intervention-operators.json',
      'interventions-crossing.json', 'min-max-mean.json', 'time-since.json', 'ttl.json', 'unique-list.json',
      'windows.json',
    ]);
  });

  for (const { file, table } of tables) {
    describe(file, () => {
      for (const specCase of table.cases) {
        it(specCase.name, () => {
          expect(checkSpecCase(specCase, createNaiveEngine, parse)).toEqual([]);
        });
      }
    });
  }
});
