import { EXIT, type CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';
import { parseCommandFlags } from './parse-command-flags.js';
import { readDefinitionsFile } from './read-definitions-file.js';

/**
 * `signals-edge validate FILE [--strict]`: prints a summary, or every problem by path (exit 1).
 * Warnings (an unknown field, an item left out) go to stderr; with `--strict` any warning makes exit 1.
 */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { booleans, positional } = parseCommandFlags(args, { booleans: ['strict'] });
  const strict = booleans.has('strict');
  if (positional.length !== 1) throw new UsageError('validate takes exactly one definitions file');
  const file = positional[0]!;
  const { definitions, warnings } = await readDefinitionsFile(file);
  for (const w of warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);
  if (strict && warnings.length > 0) {
    io.stderr.write(`${file}: ${warnings.length} warning(s), refused under --strict\n`);
    return EXIT.invalid;
  }
  const attributes = definitions.groups.reduce((n, g) => n + g.attributes.length, 0);
  io.stdout.write(
    `${file}: valid: ${definitions.groups.length} attribute group(s), ${attributes} attribute(s), `
      + `${definitions.services.length} service(s), ${definitions.interventions.length} intervention(s)\n`,
  );
  return EXIT.ok;
}
