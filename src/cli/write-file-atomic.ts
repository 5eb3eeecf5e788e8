import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `file` so that readers see the old content or the new, never a part: the text goes
 * to a temporary file in the same directory (`.<name>.<random>.tmp`, created exclusively), is flushed to
 * disk, then renamed over `file`. On any failure the temporary file is removed and the error rethrown.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await open(temp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    if (created) await rm(temp, { force: true });
    throw error;
  }
}
