import { bundleCommand } from './bundle-command.js';
import { EXIT, type CliIo } from './cli-io.js';
import { compileCommand } from './compile-command.js';
import { pullCommand } from './pull-command.js';
import { RemoteError } from './remote-error.js';
import { readPackageVersion } from './read-package-version.js';
import { replayCommand } from './replay-command.js';
import { InputError } from './input-error.js';
import { USAGE } from './usage.js';
import { UsageError } from './usage-error.js';
import { validateCommand } from './validate-command.js';

export { EXIT, type CliIo } from './cli-io.js';
export { InputError } from './input-error.js';
export { USAGE } from './usage.js';
export { UsageError } from './usage-error.js';

/** The `signals-edge` command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'replay': return await replayCommand(rest, io);
      case 'validate': return await validateCommand(rest, io);
      case 'compile': return await compileCommand(rest, io);
      case 'pull': return await pullCommand(rest, io);
      case 'bundle': return await bundleCommand(rest, io);
      case '--version':
        io.stdout.write(`${readPackageVersion()}\n`);
        return EXIT.ok;
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      default:
        io.stderr.write(`${command === undefined ? 'no command given' : `unknown command "${command}"`}\n${USAGE}\n`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof RemoteError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT[error.kind];
    }
    if (error instanceof InputError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  }
}
