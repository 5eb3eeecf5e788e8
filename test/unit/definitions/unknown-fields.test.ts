// Unknown keys: at the top of a bundle a problem (a misspelled list would load as empty), anywhere else
// an `unknown_field` warning naming the key, its path and the closest known key; `validate --strict`
// refuses any warning. A bundle as the Signals registry (or the dev server) returns it has no warning.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistryView } from '../../../demo/server/create-registry-view.js';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import type { Problem } from '../../../src/errors.js';
import { runCli } from '../../fixtures/cli/run-cli.js';

type Json = Record<string, unknown>;

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as Json;

const key = { name: 'domain_userid', key: 'domain_userid' };
const windowed = { name: 'views_10m', type: 'int32', aggregation: 'counter', period: 'PT10M' };
const group = (extra: Json = {}, attributes: Json[] = [windowed]): Json =>
  ({ name: 'g', version: 1, is_published: true, attribute_key: key, attributes, ...extra });
const leaf = { attribute: 'g:views_10m', operator: '>', value: 1 };

function problems(input: unknown): Problem[] {
  const result = parseDefinitions(input, { includeUnpublished: true });
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems;
}

function warnings(input: unknown, registry = false): Problem[] {
  const result = parseDefinitions(input, { includeUnpublished: true, registry });
  if (!result.ok) throw new Error(`expected ok, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return result.warnings;
}

describe('a misspelled top-level key', () => {
  it.each([
    ['attributeGroups', { attributeGroups: [group()] }, 'unknown field "attributeGroups" (did you mean "attribute_groups"?)'],
    ['intervention', { intervention: [] }, 'unknown field "intervention" (did you mean "interventions"?)'],
  ])('%s is refused, naming the key and the closest known one', (name, bundle, message) => {
    expect(problems(bundle)).toEqual([
      { code: 'unknown_field', path: name, message },
      { code: 'required', path: 'attribute_groups', message: `a definitions bundle needs attribute_groups, services or interventions; it has only ${name}` },
    ]);
  });

  it('{} is refused: a bundle needs attribute_groups, services or interventions', () => {
    expect(problems({})).toEqual([
      { code: 'required', path: 'attribute_groups', message: 'a definitions bundle needs attribute_groups, services or interventions; it is empty' },
    ]);
  });

  it('an unknown top-level key next to good lists is refused too; attribute_keys is known', () => {
    expect(problems({ attribute_groups: [group()], attribute_key: [] })).toEqual([
      { code: 'unknown_field', path: 'attribute_key', message: 'unknown field "attribute_key" (did you mean "attribute_keys"?)' },
    ]);
    expect(warnings({ attribute_groups: [group()], attribute_keys: [key] })).toEqual([]);
  });

  it('a key that is not a plain name is written as a JSON string in the path', () => {
    expect(problems({ attribute_groups: [group()], 'com.acme': 1 })).toEqual([
      { code: 'unknown_field', path: '["com.acme"]', message: 'unknown field "com.acme"' },
    ]);
  });
});

describe('an unknown nested key', () => {
  it('"peroid" on a windowed attribute warns with "did you mean" (and the attribute has no window)', () => {
    const { period: _, ...lifetime } = windowed;
    const bundle = { attribute_groups: [group({}, [{ ...lifetime, peroid: 'PT10M' }])] };
    expect(warnings(bundle)).toEqual([{
      code: 'unknown_field', path: 'attribute_groups[0].attributes[0].peroid',
      message: 'unknown field "peroid" (did you mean "period"?)',
    }]);
    const result = parseDefinitions(bundle, { includeUnpublished: true });
    expect(result.ok && result.definitions.groups[0]?.attributes[0]?.periodMs).toBeNull();
  });

  it('warns on a group, a service, an intervention and a criteria node, each by its path', () => {
    const bundle = {
      attribute_groups: [group({ onlne: true })],
      services: [{ name: 's', is_published: true, attribute_groups: [{ name: 'g', version: 1 }], acess_mode: 'public' }],
      interventions: [{
        name: 'i', version: 1, is_published: true, descripton: 'x',
        criteria: { all: [{ ...leaf, vlaue: 2 }], nonee: [] },
      }],
    };
    expect(warnings(bundle)).toEqual([
      { code: 'unknown_field', path: 'attribute_groups[0].onlne', message: 'unknown field "onlne" (did you mean "online"?)' },
      { code: 'unknown_field', path: 'services[0].acess_mode', message: 'unknown field "acess_mode" (did you mean "access_mode"?)' },
      { code: 'unknown_field', path: 'interventions[0].criteria.all[0].vlaue', message: 'unknown field "vlaue" (did you mean "value"?)' },
      { code: 'unknown_field', path: 'interventions[0].criteria.nonee', message: 'unknown field "nonee" (did you mean "none"?)' },
      { code: 'unknown_field', path: 'interventions[0].descripton', message: 'unknown field "descripton" (did you mean "description"?)' },
    ]);
  });

  it('warns on properties, keys, events and batch sources; a far-off name gets no hint', () => {
    const bundle = {
      attribute_groups: [group({ attribute_key: { ...key, colour: 'red' } }, [{
        name: 'last_url', type: 'string', aggregation: 'last', events: [{ name: 'page_view', vendr: 'x' }],
        property: { type: 'atomic', name: 'page_url', datepart: 'hour_of_day' },
      }])],
    };
    expect(warnings(bundle).map((w) => `${w.path}: ${w.message}`)).toEqual([
      'attribute_groups[0].attribute_key.colour: unknown field "colour"',
      'attribute_groups[0].attributes[0].events[0].vendr: unknown field "vendr" (did you mean "vendor"?)',
      'attribute_groups[0].attributes[0].property.datepart: unknown field "datepart" (did you mean "date_part"?)',
    ]);
  });

  it('does not hide problems: a wrong field next to an unknown one is still refused', () => {
    expect(problems({ attribute_groups: [group({}, [{ ...windowed, period: 'P1Y', peroid: 'PT1M' }])] }).map((p) => p.path))
      .toEqual(['attribute_groups[0].attributes[0].period']);
  });
});

describe('a bundle as a registry returns it', () => {
  it('has no warning: every field of a registry GET is known', () => {
    // The dev server's registry answers: attribute_key.blobl_path, attribute_key_or_name, feast_name, …
    const tutorial = fixture('tutorial-definitions.json');
    const parsed = parseDefinitions(tutorial, { includeUnpublished: true });
    if (!parsed.ok) throw new Error('the tutorial must parse');
    const view = createRegistryView(tutorial, parsed.definitions);
    const pulled = { attribute_groups: view.attributeGroups, services: view.services, interventions: view.interventions, attribute_keys: view.attributeKeys };
    expect(Object.keys(view.attributeGroups[0]!)).toEqual(expect.arrayContaining(['feast_name', 'full_name', 'stream_source_name', 'attribute_key_or_name']));
    expect(warnings(pulled)).toEqual([]);
    expect(warnings(pulled, true)).toEqual([]);
  });

  it('has no warning with the answers the Python SDK reads (services with access_mode, old-response tags)', () => {
    const reads = fixture('signals-clients/python-registry-reads.json') as { requests: { path: string; expect?: { example_answer?: unknown } }[] };
    const answers = (part: string) => reads.requests.filter((r) => r.path.includes(`/registry/${part}/`))
      .flatMap((r) => (Array.isArray(r.expect?.example_answer) ? r.expect.example_answer : [r.expect?.example_answer]));
    const [group1] = answers('attribute_groups') as Json[];
    const pulled = {
      attribute_groups: [{ ...group1, tags: ['legacy'] }],
      services: (answers('services') as Json[]).map((s) => ({ ...s, access_mode: 'public', description: null })),
      interventions: answers('interventions').filter((i, n, all) => all.findIndex((j) => (j as Json).name === (i as Json).name) === n),
    };
    expect(Object.keys(group1!)).toEqual(expect.arrayContaining(['feast_name', 'full_name', 'stream_source_name', 'attribute_group_or_attribute_key_ttl']));
    expect(pulled.interventions.length).toBeGreaterThan(1);
    expect(warnings(pulled, true)).toEqual([]);
  });

  it('the recorded registry response gives only the skipped items of registry mode as warnings', () => {
    expect(warnings(fixture('definitions/registry-response.json'), true).map((w) => w.code)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

describe('signals-edge validate --strict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'signals-edge-strict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bundle: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(bundle));
    return file;
  };
  const { period: _, ...lifetime } = windowed;
  const misspelled = write('peroid.json', { attribute_groups: [group({}, [{ ...lifetime, peroid: 'PT10M' }])] });

  it('"peroid" is a warning on stderr: valid (exit 0) without --strict, exit 1 with it', async () => {
    const line = 'warning: attribute_groups[0].attributes[0].peroid: unknown field "peroid" (did you mean "period"?)\n';
    const lenient = await runCli(['validate', misspelled]);
    expect(lenient).toMatchObject({ code: 0, stdout: expect.stringContaining(': valid: ') });
    expect(lenient.stderr).toBe(line);
    const strict = await runCli(['validate', misspelled, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toBe(`${line}${misspelled}: 1 warning(s), refused under --strict\n`);
  });

  it('a bundle without warnings passes --strict (the flag may come first)', async () => {
    const clean = write('clean.json', { attribute_groups: [group()] });
    expect(await runCli(['validate', '--strict', clean])).toMatchObject({ code: 0, stderr: '' });
  });

  it('any warning fails --strict, not only unknown fields', async () => {
    const target = write('target.json', { attribute_groups: [group()], interventions: [{ name: 'i', criteria: leaf, target_attribute_keys: ['loyalty_id'] }] });
    const { code, stderr } = await runCli(['validate', target, '--strict']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^warning: interventions\[0\]\.target_attribute_keys\[0\]: .*loyalty_id/m);
  });
});
