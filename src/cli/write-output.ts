import type { CliIo } from './cli-io.js';
import { InputError } from './input-error.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Writes a command's output to stdout, or, given `file`, atomically to that file (readers see the old
 * content or the new, never a part; a failure leaves nothing behind).
 * @throws InputError naming the file when it cannot be written.
 */
export async function writeOutput(text: string, file: string | null | undefined, io: CliIo): Promise<void> {
  if (file == null) {
    io.stdout.write(text);
    return;
  }
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${file}${code === undefined ? '' : ` (${code})`}: does its directory exist and is it writable?`);
  }
}
