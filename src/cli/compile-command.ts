import { formatProblems } from '../errors.js';
import { compileBundle } from '../plan/compile-bundle.js';
import { isPlan } from '../plan/plan-format.js';
import { EXIT, type CliIo } from './cli-io.js';
import { InputError } from './input-error.js';
import { UsageError } from './usage-error.js';
import { parseCommandFlags } from './parse-command-flags.js';
import { readJsonFile } from './read-definitions-file.js';
import { writeOutput } from './write-output.js';

/**
 * `signals-edge compile FILE [--out FILE] [--include-unpublished]`: writes the plan of a definitions
 * bundle (stdout unless `--out`); every problem by path and exit 1 for a bad bundle.
 */
export async function compileCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, booleans, positional } = parseCommandFlags(args, { values: ['out'], booleans: ['include-unpublished'] });
  if (positional.length !== 1) throw new UsageError('compile takes exactly one definitions file');
  const file = positional[0]!;
  const bundle = await readJsonFile(file);
  if (isPlan(bundle)) throw new InputError(`${file} is a plan already; compile takes a definitions bundle`);
  const result = await compileBundle(bundle, { includeUnpublished: booleans.has('include-unpublished') });
  if (!result.ok) throw new InputError(`${file}: ${formatProblems(result.problems)}`);
  for (const w of result.warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);
  await writeOutput(`${JSON.stringify(result.plan, null, 2)}\n`, values.get('out'), io);
  return EXIT.ok;
}
