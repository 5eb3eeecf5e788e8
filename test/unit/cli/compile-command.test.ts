import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS } from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

const WINDOWED = new URL('../../fixtures/cli/windowed-definitions.json', import.meta.url).pathname;
const WINDOWED_EVENTS = new URL('../../fixtures/cli/windowed-events.ndjson', import.meta.url).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-compile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('signals-edge compile', () => {
  it('prints the plan on stdout; twice the same bytes', async () => {
    const first = await runCli(['compile', TUTORIAL_DEFINITIONS]);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const plan = JSON.parse(first.stdout);
    expect(plan).toMatchObject({ format: 'signals-edge-plan', version: '1.0' });
    expect(plan.definitions.groups[0].attributes).toHaveLength(3);
    expect((await runCli(['compile', TUTORIAL_DEFINITIONS])).stdout).toBe(first.stdout);
  });

  it('--out writes the same plan to a file and leaves no temporary file', async () => {
    const out = join(dir, 'plan.json');
    const { code, stdout } = await runCli(['compile', TUTORIAL_DEFINITIONS, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['compile', TUTORIAL_DEFINITIONS])).stdout);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('a bad bundle → exit 1, every problem by path, nothing written', async () => {
    const bundle = JSON.parse(readFileSync(TUTORIAL_DEFINITIONS, 'utf8'));
    bundle.attribute_groups[0].attributes[1].period = 'P1M';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bundle));
    const out = join(dir, 'bad-plan.json');
    const { code, stdout, stderr } = await runCli(['compile', file, '--out', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/attribute_groups\[0\]\.attributes\[1\]\.period: period "P1M" uses calendar months/);
    expect(readdirSync(dir)).not.toContain('bad-plan.json');
  });

  it('validate and replay take the plan as they take the bundle, with the same output', async () => {
    for (const [definitions, events] of [[TUTORIAL_DEFINITIONS, TUTORIAL_EVENTS], [WINDOWED, WINDOWED_EVENTS]] as const) {
      const plan = join(dir, 'replay-plan.json');
      // replay takes a file's unpublished definitions too; compile leaves them out unless asked.
      expect((await runCli(['compile', definitions, '--out', plan, '--include-unpublished'])).code).toBe(0);
      const fromBundle = await runCli(['replay', '--definitions', definitions, '--events', events]);
      const fromPlan = await runCli(['replay', '--definitions', plan, '--events', events]);
      expect(fromBundle.code).toBe(0);
      expect(fromPlan.stdout).toBe(fromBundle.stdout);
      expect(JSON.parse(fromPlan.stdout).interventions.length + Object.keys(JSON.parse(fromPlan.stdout).attributes).length).toBeGreaterThan(0);
      const validated = await runCli(['validate', plan]);
      expect(validated.code).toBe(0);
      expect(validated.stdout).toMatch(/: valid: \d+ attribute group\(s\)/);
    }
  });

  it('leaves unpublished definitions out unless --include-unpublished, with a warning', async () => {
    const { code, stderr, stdout } = await runCli(['compile', WINDOWED]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: attribute_groups\[1\]: group "session_stats" version 1 is not published/);
    expect(JSON.parse(stdout).definitions.groups.map((g: { name: string }) => g.name)).toEqual(['visits']);
  });

  it('a plan of another major version → exit 1 naming the versions this build reads', async () => {
    const plan = JSON.parse((await runCli(['compile', TUTORIAL_DEFINITIONS])).stdout);
    const file = join(dir, 'future-plan.json');
    writeFileSync(file, JSON.stringify({ ...plan, version: '2.0' }));
    const { code, stderr } = await runCli(['replay', '--definitions', file, '--events', TUTORIAL_EVENTS]);
    expect(code).toBe(1);
    expect(stderr).toContain('plan format version "2.0" is not supported: this runtime reads plan versions 1.x');
  });

  it('compiling a plan again → exit 1 saying it is one already', async () => {
    const file = join(dir, 'plan-again.json');
    writeFileSync(file, (await runCli(['compile', TUTORIAL_DEFINITIONS])).stdout);
    const { code, stderr } = await runCli(['compile', file]);
    expect(code).toBe(1);
    expect(stderr).toBe(`${file} is a plan already; compile takes a definitions bundle\n`);
  });

  it('needs exactly one file → exit 2 with the usage', async () => {
    const { code, stderr } = await runCli(['compile']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^compile takes exactly one definitions file\nUsage:/);
  });
});
