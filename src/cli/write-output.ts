import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CliIo } from './main.js';
import { InputError } from './main.js';

/**
 * Writes a command's output to `file` atomically (a temporary file beside it, then a rename, so a
 * reader never sees half a file and a failure leaves nothing behind), or to stdout when `file` is undefined.
 */
export async function writeOutput(text: string, file: string | undefined, io: CliIo): Promise<void> {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new InputError(`cannot write ${file}: ${(error as Error).message}`);
  }
}
