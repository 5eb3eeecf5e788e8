import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of the signals-edge package this module belongs to, found from this module's
 * place (`dist/…` in the installed package, `src/…` in a checkout), with its package.json.
 */
export function packageDir(): { dir: string; pkg: { name: string; version?: unknown } } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'signals-edge') return { dir, pkg: pkg as { name: string } };
    } catch {
      // no package.json here: look higher up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`signals-edge: no signals-edge package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
