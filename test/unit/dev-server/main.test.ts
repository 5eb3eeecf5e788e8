import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the dev-server CLI as `npm run dev-server` does; `onLine` sees each stdout line and may stop it. */
function runCli(args: string[], onLine: (line: string, stop: () => void) => void = () => {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (chunk.endsWith('\n')) for (const line of chunk.trim().split('\n')) onLine(line, () => child.kill('SIGTERM'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('dev-server CLI (separate process)', () => {
  it('prints "listening on http://127.0.0.1:P", serves, and exits 0 on SIGTERM', { timeout: 20_000 }, async () => {
    let served: unknown = null;
    const run = await runCli(['--port', '0', '--lag-ms', '5', '--token', 't0k'], (line, stop) => {
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      if (url === undefined) return;
      void fetch(`${url}/api/v1/registry/services/`, { headers: { Authorization: 'Bearer t0k' } })
        .then((res) => res.json())
        .then((body) => (served = body))
        .finally(stop);
    });
    expect(run.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(run.stdout).toContain('X-API-Key dev-key\n');
    expect(run.stdout).toContain('sandbox token: ****** (as given)\n');
    expect(run.stdout).not.toContain('t0k');
    expect(served).toEqual([expect.objectContaining({ name: 'ecom_attributes' })]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('exits 2 with the usage on a bad flag, 1 on invalid definitions', { timeout: 20_000 }, async () => {
    const usage = await runCli(['--lag-ms', '-3']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage:');
    const unknown = await runCli(['--nope']);
    expect(unknown.code).toBe(2);

    const dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ attribute_groups: [{ name: 'g' }] }));
    const invalid = await runCli(['--port', '0', '--definitions', file]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('attribute_groups[0]');
    expect(invalid.stdout).toBe('');
  });
});
