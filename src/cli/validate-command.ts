import { EXIT, parseFlags, UsageError, type CliIo } from './main.js';
import { readDefinitionsFile } from './read-definitions-file.js';

/** `signals-edge validate FILE`: prints a summary, or every problem by path (exit 1). */
export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { positional } = parseFlags(args, []);
  if (positional.length !== 1) throw new UsageError('validate takes exactly one definitions file');
  const file = positional[0]!;
  const { definitions, warnings } = await readDefinitionsFile(file);
  for (const w of warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);
  const attributes = definitions.groups.reduce((n, g) => n + g.attributes.length, 0);
  io.stdout.write(
    `${file}: valid: ${definitions.groups.length} attribute group(s), ${attributes} attribute(s), `
      + `${definitions.services.length} service(s), ${definitions.interventions.length} intervention(s)\n`,
  );
  return EXIT.ok;
}
