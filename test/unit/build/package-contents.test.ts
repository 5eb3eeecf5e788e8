// What `npm pack` would publish: the license, the README and the docs it links to, the built entries
// and the bin; no sources, tests or demo.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

describe('the published package', () => {
  it('holds LICENSE, README, docs, dist and bin, and nothing of src, test or demo', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const path of ['LICENSE', 'README.md', 'package.json', 'bin/signals-edge.js', 'dist/index.js', 'dist/vite.js', 'dist/client.d.ts', 'dist/signals-edge.iife.js']) {
      expect(files, path).toContain(path);
    }
    // Every docs/ page the README links to ships with it.
    const linked = [...readFileSync(new URL('README.md', `file://${ROOT}`), 'utf8').matchAll(/\]\((docs\/[\w.-]+\.md)(?:#[\w-]*)?\)/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(0);
    for (const path of linked) expect(files, path).toContain(path);
    expect(files.filter((f) => /^(src|test|demo|bench|scripts)\//.test(f))).toEqual([]);
    expect(readFileSync(new URL('LICENSE', `file://${ROOT}`), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
    const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as Record<string, unknown>;
    expect(pkg.license).toBe('Apache-2.0');
    expect(Object.keys(pkg)).toEqual(expect.arrayContaining(['repository', 'homepage', 'bugs']));
  });
});
