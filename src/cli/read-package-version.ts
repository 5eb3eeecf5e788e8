import { readFileSync } from 'node:fs';

/**
 * The version in signals-edge's package.json, found from this module's place: `dist/cli.js` in the
 * package, or `src/cli/` in a checkout.
 */
export function readPackageVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'signals-edge' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next place
    }
  }
  return 'unknown';
}
