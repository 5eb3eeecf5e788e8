import { packageDir } from '../tailor/package-dir.js';

/** The version in signals-edge's package.json. */
export function readPackageVersion(): string {
  try {
    const { version } = packageDir().pkg;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
