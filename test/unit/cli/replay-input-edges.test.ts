import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDateTime } from '../../../src/cli/replay-command.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

const definitions = 'examples/tutorial-definitions.json';
const events = 'examples/tutorial-events.ndjson';

describe('replay input edges', () => {
  it('--now takes only a strict ISO-8601 date-time with a zone', async () => {
    for (const bad of ['1', 'March 7', '2024/01/01', '2024-02-30T00:00:00Z', '2024-03-15T10:00:00', '2024-03-15T24:00:00Z']) {
      const { code, stderr } = await runCli(['replay', '--definitions', definitions, '--events', events, '--now', bad]);
      expect(code, bad).toBe(2);
      expect(stderr).toContain(`--now "${bad}"`);
    }
    expect(parseIsoDateTime('2024-03-15T10:00:00.250+02:00')).toBe(Date.UTC(2024, 2, 15, 8, 0, 0, 250));
    expect(parseIsoDateTime('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('a UTF-8 byte order mark before the first line is not a bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signals-edge-bom-'));
    const file = join(dir, 'events.ndjson');
    writeFileSync(file, `\uFEFF${readFileSync(events, 'utf8')}`);
    const withBom = await runCli(['replay', '--definitions', definitions, '--events', file]);
    const plain = await runCli(['replay', '--definitions', definitions, '--events', events]);
    expect(withBom.code).toBe(0);
    expect(withBom.stdout).toBe(plain.stdout);
  });

  it('replay --help prints the usage and exits 0', async () => {
    const { code, stdout } = await runCli(['replay', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('signals-edge replay --definitions FILE');
  });
});
