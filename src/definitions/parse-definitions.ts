/**
 * Parses a definitions bundle (docs/semantics.md#wire-format) into normalised
 * {@link Definitions}, listing every problem with its JSON path. Never half-loads.
 */
import { DefinitionsError } from '../errors.js';
import { parseBundle, type ParseDefinitionsResult } from './parse-bundle.js';
import { skipUnknownValues } from './skip-unknown-values.js';
import type { Definitions } from './types.js';

export interface ParseDefinitionsOptions {
  /** Load definitions whose `is_published` is not true (tests, demo, a file named on the CLI). Default false. */
  includeUnpublished?: boolean;
  /**
   * The input is a registry response: an attribute or intervention with an unknown enum
   * value (a newer Signals feature) is reported once in `warnings` and skipped while the rest loads.
   */
  registry?: boolean;
}

export type { ParseDefinitionsResult } from './parse-bundle.js';

/**
 * Parses and checks a definitions bundle `{attribute_groups?, services?, interventions?, attribute_keys?}`.
 * On failure returns every problem, each with its JSON path (`attribute_groups[0].attributes[2].aggregation`)
 * and a plain message; on success the normalised definitions and warnings (items left out).
 *
 * The wire format is checked by one zod/mini schema (`wire-schema.ts`), then across objects.
 * Problem codes: `required`, `type`, `enum`, `format`, `range`, `duration`, `path`, `property`, `fit`
 * (aggregation/type/operator/value fit), `rlike`, `node`, `duplicate`, `unresolved`, `group_kind`,
 * `changed_placement`, `too_deep`, `unknown_field` (a key the bundle itself does not know, with the
 * closest known key). Warning codes: `unpublished`, `skipped` (registry mode), `unknown_key` (a target
 * attribute key without an ID on the client), `unknown_field` (a key an object of the bundle does not know).
 */
export function parseDefinitions(input: unknown, options: ParseDefinitionsOptions = {}): ParseDefinitionsResult {
  return parseBundle(input, options.includeUnpublished === true, options.registry === true ? skipUnknownValues : undefined);
}

/**
 * Like {@link parseDefinitions} but returns the definitions directly.
 * @throws DefinitionsError listing every problem.
 */
export function loadDefinitions(input: unknown, options: ParseDefinitionsOptions = {}): Definitions {
  const result = parseDefinitions(input, options);
  if (!result.ok) throw new DefinitionsError(result.problems);
  return result.definitions;
}
