/**
 * Parses a definitions bundle (signals-model.md §1–9, §14; design.md decision 1) into normalised
 * {@link Definitions}, listing every problem with its JSON path. Never half-loads.
 */
import { DefinitionsError, type Problem } from '../errors.js';
import { collectProblems, toProblem } from './collect-problems.js';
import { crossCheckDefinitions } from './cross-check-definitions.js';
import { normalizeDefinitions } from './normalize-definitions.js';
import { pruneSkipped, SkippedItems, skipUnknownValues } from './skip-unknown-values.js';
import type { Definitions } from './types.js';
import { BundleSchema } from './wire-schemas.js';

export interface ParseDefinitionsOptions {
  /** Load definitions whose `is_published` is not true (tests, demo, a file named on the CLI). Default false. */
  includeUnpublished?: boolean;
  /**
   * The input is a registry response (§14 item 1): an attribute or intervention with an unknown enum
   * value (a newer Signals feature) is reported once in `warnings` and skipped while the rest loads.
   */
  registry?: boolean;
}

export type ParseDefinitionsResult =
  | { ok: true; definitions: Definitions; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/**
 * Parses and checks a definitions bundle `{attribute_groups?, services?, interventions?, attribute_keys?}`.
 * On failure returns every problem, each with its JSON path (`attribute_groups[0].attributes[2].aggregation`)
 * and a plain message; on success the normalised definitions and warnings (items left out).
 *
 * Problem codes: `required`, `type`, `enum`, `format`, `range`, `duration`, `path`, `property`, `fit`
 * (aggregation/type/operator/value fit), `rlike`, `node`, `duplicate`, `unresolved`, `group_kind`,
 * `changed_placement`, `too_deep`, `invalid`. Warning codes: `unpublished`, `skipped` (registry mode), `unknown_key`.
 */
export function parseDefinitions(input: unknown, options: ParseDefinitionsOptions = {}): ParseDefinitionsResult {
  const includeUnpublished = options.includeUnpublished === true;
  const registry = options.registry === true;
  const first = safeParse(input);
  if (first === 'too deep') return { ok: false, problems: [tooDeep()] };

  const warnings: Problem[] = [];
  const skip = new SkippedItems();
  let found = first.success ? [] : collectProblems(first.error.issues, input);
  if (registry) found = skipUnknownValues(found, skip, warnings, input);

  const problems = found.map(toProblem);
  crossCheckDefinitions(input, { includeUnpublished, registry, skip, problems, warnings });
  if (problems.length > 0) return { ok: false, problems };

  // A failed first parse always leaves problems above unless items were skipped; then parse the rest.
  const parsed = skip.isEmpty() ? first : safeParse(pruneSkipped(input, skip));
  if (parsed === 'too deep') return { ok: false, problems: [tooDeep()] };
  if (!parsed.success) return { ok: false, problems: collectProblems(parsed.error.issues, input).map(toProblem) };
  return { ok: true, definitions: normalizeDefinitions(parsed.data, includeUnpublished, warnings), warnings };
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

/** The parse of `input`, or 'too deep' when it is nested deeper than the stack allows. */
function safeParse(input: unknown): ReturnType<typeof BundleSchema.safeParse> | 'too deep' {
  try {
    return BundleSchema.safeParse(input);
  } catch (error) {
    if (error instanceof RangeError) return 'too deep';
    throw error;
  }
}

function tooDeep(): Problem {
  return { code: 'too_deep', path: '', message: 'definitions are nested too deeply to read' };
}
