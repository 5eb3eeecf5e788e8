/**
 * The plan: what `signals-edge compile` writes and `SignalsEdgePlugin({ plan })` runs (docs/plan.md).
 * Definitions already validated, normalised and lowered, so the page does no wire-format work.
 */
import type { Definitions } from '../definitions/types.js';
import { isRecord } from '../is-record.js';

/** The `format` every plan carries. */
export const PLAN_FORMAT = 'signals-edge-plan';

/**
 * The version this build writes, `major.minor`. A minor version only adds fields a reader may ignore;
 * a new major version changes what existing fields mean.
 */
export const PLAN_VERSION = '1.0';

/** The major versions this build reads. */
export const PLAN_MAJORS_READ: readonly number[] = [1];

/** A compiled plan document (JSON). */
export interface SignalsEdgePlan {
  format: typeof PLAN_FORMAT;
  /** `major.minor`, see {@link PLAN_VERSION}. */
  version: string;
  /** SHA-256 (hex) of the source bundle as canonical JSON (keys sorted, no whitespace). */
  source_sha256: string;
  /**
   * The definitions as the runtime executes them: durations in ms, properties parsed into paths,
   * keys resolved, `==` written `=`, criteria as trees, every intervention's target keys listed.
   */
  definitions: Definitions;
}

/** Whether a JSON document is a plan (it says so in `format`) rather than a definitions bundle. */
export function isPlan(value: unknown): value is SignalsEdgePlan {
  return isRecord(value) && value.format === PLAN_FORMAT;
}
