// The real engine against the hand-written spec tables (test/fixtures/spec-tables): one case per edge
// case of signals-model.md §11 and §14, expected values written from the spec, not computed.
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { checkSpecCase, loadSpecTables } from '../../reference/spec-table.js';

const parse = (bundle: unknown) => loadDefinitions(bundle, { includeUnpublished: true });

describe('spec tables through the engine', () => {
  for (const { file, table } of loadSpecTables()) {
    describe(file, () => {
      for (const specCase of table.cases) {
        it(specCase.name, () => {
          expect(checkSpecCase(specCase, (defs) => createEngine(defs), parse)).toEqual([]);
        });
      }
    });
  }
});
