import { readFile } from 'node:fs/promises';
import { parseDefinitions } from '../definitions/parse-definitions.js';
import type { Definitions } from '../definitions/types.js';
import { formatProblems, type Problem } from '../errors.js';
import { InputError } from './main.js';

/** Reads and parses a JSON definitions bundle; unreadable or invalid → InputError listing every problem. */
export async function readDefinitionsFile(file: string): Promise<{ definitions: Definitions; warnings: Problem[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read definitions file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  // A file named on the command line is an explicit opt-in to its unpublished definitions.
  const result = parseDefinitions(json, { includeUnpublished: true });
  if (!result.ok) throw new InputError(`${file}: ${formatProblems(result.problems)}`);
  return { definitions: result.definitions, warnings: result.warnings };
}
