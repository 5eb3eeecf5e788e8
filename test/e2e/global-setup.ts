// Vitest globalSetup of the e2e project: builds the package when dist/ is missing or older than src/,
// so the tests always drive the bundles of the current source.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const OUTPUTS = ['dist/signals-edge.iife.js', 'dist/index.js'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOrZero(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs `npm run build` unless every output is newer than every file of src/ and the build configs. */
export default function setup(): void {
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    ...['vite.config.ts', 'package.json'].map((f) => mtimeOrZero(join(ROOT, f))),
  );
  const oldestOutput = Math.min(...OUTPUTS.map((f) => mtimeOrZero(join(ROOT, f))));
  if (oldestOutput > sources) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed; the e2e tests need dist/:\n${`${stdout}\n${stderr}`.trim().slice(-4000)}`);
  }
}
