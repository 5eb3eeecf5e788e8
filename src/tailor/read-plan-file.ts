import { readFile } from 'node:fs/promises';
import { formatProblems, PlanError, SignalsEdgeError, type Problem } from '../errors.js';
import { compileBundle } from '../plan/compile-bundle.js';
import { isPlan, type SignalsEdgePlan } from '../plan/plan-format.js';
import { readPlan } from '../plan/read-plan.js';

export interface PlanFile {
  plan: SignalsEdgePlan;
  /** Warnings of a bundle compiled here (unknown fields, items left out); none for a plan. */
  warnings: Problem[];
}

/**
 * Reads a plan file, or compiles a definitions bundle file into one, for a build.
 * @throws SignalsEdgeError naming the file and, for a bad bundle, every problem by its JSON path.
 */
export async function readPlanFile(file: string, options: { includeUnpublished?: boolean | undefined } = {}): Promise<PlanFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SignalsEdgeError(`cannot read the definitions of this build, ${file}: ${(error as Error).message}`);
  }
  if (isPlan(json)) {
    try {
      readPlan(json);
    } catch (error) {
      if (error instanceof PlanError) throw new SignalsEdgeError(`${file}: ${error.message}`);
      throw error;
    }
    return { plan: json, warnings: [] };
  }
  const result = await compileBundle(json, { includeUnpublished: options.includeUnpublished === true });
  if (!result.ok) throw new SignalsEdgeError(`${file}: ${formatProblems(result.problems)}`);
  return { plan: result.plan, warnings: result.warnings };
}
