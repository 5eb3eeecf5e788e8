import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS } from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

const execFileAsync = promisify(execFile);
const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/signals-edge.js');
const BUILT_CLI = join(ROOT, 'dist/cli.js');

/** Newest modification time of any file under `src/`. */
function newestSourceTime(): number {
  let newest = 0;
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `node bin/signals-edge.js ...args`; resolves with the exit code and both outputs (never rejects on exit ≠ 0). */
async function spawnBin(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  // The bin runs the built dist/cli.js: build it when it is missing or older than the sources.
  if (!existsSync(BUILT_CLI) || statSync(BUILT_CLI).mtimeMs < newestSourceTime()) {
    await execFileAsync('npx', ['vite', 'build', '--mode', 'cli', '--logLevel', 'warn'], { cwd: ROOT });
  }
}, 120_000);

describe('bin/signals-edge.js (built CLI, separate process)', () => {
  it('replays the tutorial exactly as main() does in-process, exit 0', { timeout: 30_000 }, async () => {
    const spawned = await spawnBin(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', TUTORIAL_EVENTS]);
    expect(spawned.stderr).toBe('');
    expect(spawned.code).toBe(0);
    const inProcess = await runCli(['replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', TUTORIAL_EVENTS]);
    expect(spawned.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(spawned.stdout).attributes.domain_userid['bc97b1b3-456a-413d-8188-132e913ddb93']['ecom_attributes_v1:total_cart_value']).toBe(129.5);
  });

  it('passes the exit code to the shell: 1 for invalid input, 2 for usage', { timeout: 30_000 }, async () => {
    const invalid = await spawnBin(['validate', join(ROOT, 'no-such-definitions.json')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('no-such-definitions.json');
    const usage = await spawnBin([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
  });

  it('a reader that closes early (| head) ends the command quietly, exit 0, no stack trace', { timeout: 30_000 }, async () => {
    // 20,000 users' page views: an output far larger than a pipe's buffer.
    const [template] = readFileSync(TUTORIAL_EVENTS, 'utf8').split('\n');
    const lines = Array.from({ length: 20_000 }, (_, i) => template!.replace(/"duid":"[^"]*"/, `"duid":"${String(i).padStart(8, '0')}-0000-4000-8000-000000000000"`));
    const dir = mkdtempSync(join(tmpdir(), 'signals-edge-epipe-'));
    try {
      const events = join(dir, 'events.ndjson');
      writeFileSync(events, `${lines.join('\n')}\n`);
      const child = spawn(process.execPath, [BIN, 'replay', '--definitions', TUTORIAL_DEFINITIONS, '--events', events], { cwd: ROOT });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      // As `head -c 100` does: read a little, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--version reads the version from the installed package.json', { timeout: 30_000 }, async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await spawnBin(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
