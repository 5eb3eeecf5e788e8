import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUTORIAL_DEFINITIONS } from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

interface Bundle {
  attribute_groups: { attributes: Record<string, unknown>[] }[];
  services: { attribute_groups: { name: string }[] }[];
  interventions: { criteria: Record<string, unknown> }[];
}

let dir: string;
const tutorial = (): Bundle => JSON.parse(readFileSync(TUTORIAL_DEFINITIONS, 'utf8')) as Bundle;
/** Writes a changed copy of the tutorial bundle and returns its path. */
const writeBundle = (name: string, change: (bundle: Bundle) => void) => {
  const bundle = tutorial();
  change(bundle);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(bundle, null, 2));
  return file;
};
const validate = (file: string) => runCli(['validate', file]);
/** The stderr lines that report a problem at `path` (`path: message`). */
const linesAt = (stderr: string, path: string) => stderr.split('\n').filter((line) => line.startsWith(`${path}: `));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-validate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('signals-edge validate', () => {
  it('the tutorial bundle → exit 0 with a summary of what it holds', async () => {
    const { code, stdout, stderr } = await validate(TUTORIAL_DEFINITIONS);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`${TUTORIAL_DEFINITIONS}: valid: 1 attribute group(s), 3 attribute(s), 1 service(s), 3 intervention(s)\n`);
  });

  it('warnings (here an unknown target key) go to stderr with their path; still valid, exit 0', async () => {
    const file = writeBundle('unknown-target.json', (b) => {
      (b.interventions[0] as Record<string, unknown>)['target_attribute_keys'] = [{ name: 'loyalty_id' }];
    });
    const { code, stdout, stderr } = await validate(file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/: valid: 1 attribute group\(s\)/);
    expect(stderr).toMatch(/^warning: interventions\[0\]\.target_attribute_keys\[0\]: .*loyalty_id/m);
  });

  it('an unknown aggregation → exit 1 with its JSON path', async () => {
    const file = writeBundle('unknown-aggregation.json', (b) => {
      b.attribute_groups[0]!.attributes[1]!['aggregation'] = 'count';
    });
    const { code, stdout, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    expect(linesAt(stderr, 'attribute_groups[0].attributes[1].aggregation')).toHaveLength(1);
    expect(linesAt(stderr, 'attribute_groups[0].attributes[1].aggregation')[0]).toContain('"count"');
  });

  it('an intervention referencing a missing attribute → exit 1 with its JSON path', async () => {
    const file = writeBundle('missing-attribute.json', (b) => {
      b.interventions[1]!.criteria['attribute'] = 'ecom_attributes:count_wishlist';
    });
    const { code, stderr } = await validate(file);
    expect(code).toBe(1);
    const lines = linesAt(stderr, 'interventions[1].criteria.attribute');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('count_wishlist');
  });

  it('a bad duration → exit 1 with its JSON path', async () => {
    const file = writeBundle('bad-duration.json', (b) => {
      b.attribute_groups[0]!.attributes[0]!['period'] = '10 minutes';
    });
    const { code, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(linesAt(stderr, 'attribute_groups[0].attributes[0].period')[0]).toContain('10 minutes');
  });

  it('several problems at once → exit 1, every one listed by path', async () => {
    const file = writeBundle('several.json', (b) => {
      b.attribute_groups[0]!.attributes[0]!['aggregation'] = 'count';
      b.attribute_groups[0]!.attributes[2]!['period'] = 'P1M'; // calendar months are rejected
      b.services[0]!.attribute_groups[0]!.name = 'no_such_group';
      b.interventions[2]!.criteria['attribute'] = 'ecom_attributes:nope';
    });
    const { code, stdout, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('4 problems');
    for (const path of [
      'attribute_groups[0].attributes[0].aggregation',
      'attribute_groups[0].attributes[2].period',
      'services[0].attribute_groups[0]',
      'interventions[2].criteria.attribute',
    ]) {
      expect(linesAt(stderr, path), path).toHaveLength(1);
    }
  });

  it('a file that is not JSON → exit 1 naming the file', async () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{"attribute_groups": [');
    const { code, stdout, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/not valid JSON/);
  });

  it('a missing file → exit 1 naming the file', async () => {
    const file = join(dir, 'missing.json');
    const { code, stdout, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
  });

  it('a JSON value that is not a bundle → exit 1 with the root path', async () => {
    const file = join(dir, 'array.json');
    writeFileSync(file, '[1, 2]');
    const { code, stderr } = await validate(file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\(root\): /m);
  });
});
