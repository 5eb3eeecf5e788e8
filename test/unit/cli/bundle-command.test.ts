import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCommand } from '../../../src/cli/bundle-command.js';
import { TUTORIAL_DEFINITIONS } from '../../fixtures/cli/event-shapes.js';
import { createTextSink, runCli } from '../../fixtures/cli/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('signals-edge bundle', () => {
  it('writes a script tag with the plan embedded; its size and what it left out on stderr', async () => {
    const out = join(dir, 'signals-edge.js');
    const { code, stdout, stderr } = await runCli(['bundle', '--plan', TUTORIAL_DEFINITIONS, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const script = readFileSync(out, 'utf8');
    expect(script).toMatch(/^var snowplowSignalsEdge=\(function/);
    expect(script).toContain('format:"signals-edge-plan"');
    expect(script).not.toMatch(/\beval\b|\bFunction\b|\bimport\(/);
    expect(stderr).toBe(`bundle: ${gzipSync(script, { level: 9 }).length} bytes gzip; aggregations counter, sum; left out: like, rlike\n`);
    expect(readdirSync(dir)).toEqual(['signals-edge.js']);
  });

  it('a bad bundle → exit 1 with every problem by path, nothing written', async () => {
    const bundle = JSON.parse(readFileSync(TUTORIAL_DEFINITIONS, 'utf8'));
    bundle.attribute_groups[0].attributes[0].aggregation = 'counted';
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(bundle));
    const out = join(dir, 'never.js');
    const { code, stdout, stderr } = await runCli(['bundle', '--plan', bad, '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`${bad}: 1 problem in definitions:\\nattribute_groups\\[0\\]\\.attributes\\[0\\]\\.aggregation: `));
    expect(readdirSync(dir)).not.toContain('never.js');
  });

  it('without --plan, or with a stray argument → usage, exit 2', async () => {
    expect((await runCli(['bundle'])).code).toBe(2);
    const stray = await runCli(['bundle', '--plan', TUTORIAL_DEFINITIONS, 'extra.json']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/^bundle takes --plan FILE/);
  });

  it('without Vite installed → one line saying how to install it, exit 1', async () => {
    const stderr = createTextSink();
    const stdout = createTextSink();
    const missing = Object.assign(new Error("Cannot find package 'vite'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const run = bundleCommand(['--plan', TUTORIAL_DEFINITIONS], { stdin: new PassThrough(), stdout, stderr }, { loadVite: () => Promise.reject(missing) });
    await expect(run).rejects.toThrow('building a script tag needs Vite, an optional peer dependency of signals-edge: npm install --save-dev vite');
    expect(stdout.text()).toBe('');
  });
});
