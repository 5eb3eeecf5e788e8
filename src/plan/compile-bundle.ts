/**
 * A definitions bundle → a plan (docs/plan.md): the deploy-time work of validating, normalising and
 * lowering, done once so the page only runs the result.
 */
import { parseDefinitions } from '../definitions/parse-definitions.js';
import type { Problem } from '../errors.js';
import { compileIntervention } from '../rules/compile-intervention.js';
import { canonicalJson } from './canonical-json.js';
import { PLAN_FORMAT, PLAN_VERSION, type SignalsEdgePlan } from './plan-format.js';

export interface CompileBundleOptions {
  /** Keep definitions whose `is_published` is not true. Default false, as the browser does with a bundle. */
  includeUnpublished?: boolean;
}

export type CompileBundleResult =
  | { ok: true; plan: SignalsEdgePlan; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/**
 * Compiles a definitions bundle into a plan; every problem of the bundle is returned, by JSON path.
 * Deterministic: the same bundle gives the same plan, key for key (`JSON.stringify` of it is stable).
 */
export async function compileBundle(bundle: unknown, options: CompileBundleOptions = {}): Promise<CompileBundleResult> {
  const parsed = parseDefinitions(bundle, { includeUnpublished: options.includeUnpublished === true });
  if (!parsed.ok) return parsed;
  const { definitions } = parsed;
  // Lowered: an intervention without explicit targets targets the keys of the groups it reads.
  const interventions = definitions.interventions.map((def) => ({ ...def, targets: compileIntervention(definitions, def).targets }));
  return {
    ok: true,
    plan: {
      format: PLAN_FORMAT,
      version: PLAN_VERSION,
      source_sha256: await sha256Hex(canonicalJson(bundle)),
      definitions: { ...definitions, interventions },
    },
    warnings: parsed.warnings,
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
