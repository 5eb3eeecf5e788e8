/**
 * The steps of {@link parseDefinitions} without registry mode, so that a build which never reads
 * registry responses (the script tag) leaves `skip-unknown-values.ts` out.
 */
import type { Problem } from '../errors.js';
import { crossCheckDefinitions } from './cross-check-definitions.js';
import { normalizeDefinitions } from './normalize-definitions.js';
import type { SkippedItems } from './skip-unknown-values.js';
import type { Definitions } from './types.js';
import { toProblems } from './to-problems.js';
import type { WireBundleInput } from './wire-input-types.js';
import { wireBundleSchema } from './wire-schema.js';

/** What parsing a bundle gives: the normalised definitions and warnings, or every problem. */
export type ParseDefinitionsResult =
  | { ok: true; definitions: Definitions; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/** Registry mode's step between validation and the cross-checks: returns the problems left, marking skipped items. */
export type SkipStep = (problems: Problem[], skip: SkippedItems, warnings: Problem[], input: unknown) => Problem[];

/**
 * Parses and checks a definitions bundle as {@link parseDefinitions} does with `{ includeUnpublished }`
 * (and, given `skipStep`, `registry: true`).
 */
export function parseBundle(input: unknown, includeUnpublished: boolean, skipStep?: SkipStep): ParseDefinitionsResult {
  let problems: Problem[] = [];
  const warnings: Problem[] = [];
  try {
    const parsed = wireBundleSchema.safeParse(input, { reportInput: true });
    if (!parsed.success) toProblems(parsed.error.issues, problems, warnings);
  } catch (error) {
    if (error instanceof RangeError) {
      return { ok: false, problems: [{ code: 'too_deep', path: '', message: 'definitions are nested too deeply to read' }] };
    }
    throw error;
  }
  const skip = new Set<string>();
  if (skipStep) problems = skipStep(problems, skip, warnings, input);
  crossCheckDefinitions(input, { includeUnpublished, skip, problems, warnings });
  if (problems.length > 0) return { ok: false, problems };
  // Every problem was in a skipped item (or there were none): what is left is valid.
  return { ok: true, definitions: normalizeDefinitions(input as WireBundleInput, includeUnpublished, warnings, skip), warnings };
}
