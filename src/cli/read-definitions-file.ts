import { readFile } from 'node:fs/promises';
import { parseDefinitions } from '../definitions/parse-definitions.js';
import type { Definitions } from '../definitions/types.js';
import { formatProblems, PlanError, type Problem } from '../errors.js';
import { isPlan } from '../plan/plan-format.js';
import { readPlan } from '../plan/read-plan.js';
import { InputError } from './input-error.js';

/** Reads a JSON file; unreadable or not JSON → InputError naming the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read definitions file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads a definitions bundle or a plan (told apart by the plan's `format`); unreadable or invalid →
 * InputError listing every problem.
 */
export async function readDefinitionsFile(file: string): Promise<{ definitions: Definitions; warnings: Problem[] }> {
  const json = await readJsonFile(file);
  if (isPlan(json)) {
    try {
      return { definitions: readPlan(json), warnings: [] };
    } catch (error) {
      if (error instanceof PlanError) throw new InputError(`${file}: ${error.message}`);
      throw error;
    }
  }
  // A file named on the command line is an explicit opt-in to its unpublished definitions.
  const result = parseDefinitions(json, { includeUnpublished: true });
  if (!result.ok) throw new InputError(`${file}: ${formatProblems(result.problems)}`);
  return { definitions: result.definitions, warnings: result.warnings };
}
