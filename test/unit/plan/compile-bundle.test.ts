import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { PlanError } from '../../../src/errors.js';
import { canonicalJson } from '../../../src/plan/canonical-json.js';
import { compileBundle } from '../../../src/plan/compile-bundle.js';
import { PLAN_FORMAT, PLAN_VERSION, type SignalsEdgePlan } from '../../../src/plan/plan-format.js';
import { readPlan } from '../../../src/plan/read-plan.js';
import { TUTORIAL_DEFINITIONS } from '../../fixtures/cli/event-shapes.js';

const tutorial = (): Record<string, any> => JSON.parse(readFileSync(TUTORIAL_DEFINITIONS, 'utf8'));

async function compile(bundle: unknown): Promise<SignalsEdgePlan> {
  const result = await compileBundle(bundle);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

/** A JSON copy, as the page receives a plan. */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Reverses the key order of every object. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('compileBundle', () => {
  it('writes the format, the version, the source hash and the normalised definitions', async () => {
    const plan = await compile(tutorial());
    expect(plan.format).toBe(PLAN_FORMAT);
    expect(plan.version).toBe(PLAN_VERSION);
    expect(plan.source_sha256).toMatch(/^[0-9a-f]{64}$/);
    const parsed = parseDefinitions(tutorial());
    if (!parsed.ok) throw new Error('tutorial must parse');
    expect(plan.definitions.groups).toEqual(parsed.definitions.groups);
    expect(plan.definitions.keys).toEqual(parsed.definitions.keys);
  });

  it('is deterministic: the same bundle gives byte-identical JSON; key order and layout do not change the hash', async () => {
    const a = JSON.stringify(await compile(tutorial()));
    const b = JSON.stringify(await compile(tutorial()));
    expect(b).toBe(a);
    const reordered = await compile(reverseKeys(tutorial()));
    expect(reordered.source_sha256).toBe((JSON.parse(a) as SignalsEdgePlan).source_sha256);
    const changed = tutorial();
    changed.interventions[0].version = 7;
    expect((await compile(changed)).source_sha256).not.toBe(reordered.source_sha256);
  });

  it('lowers each intervention to the keys it targets (the keys of the groups it reads, unless given)', async () => {
    const bundle = tutorial();
    delete bundle.interventions[0].target_attribute_keys;
    const plan = await compile(bundle);
    expect(plan.definitions.interventions.map((i) => i.targets)).toEqual([
      ['domain_userid'], ['user_id', 'domain_userid'], ['user_id', 'domain_userid'],
    ]);
  });

  it('leaves unpublished items out unless asked, with a warning', async () => {
    const bundle = tutorial();
    bundle.interventions[1].is_published = false;
    const result = await compileBundle(bundle);
    if (!result.ok) throw new Error('must compile');
    expect(result.plan.definitions.interventions).toHaveLength(2);
    expect(result.warnings.map((w) => w.code)).toEqual(['unpublished']);
    const all = await compileBundle(bundle, { includeUnpublished: true });
    expect(all.ok && all.plan.definitions.interventions).toHaveLength(3);
  });

  it('returns every problem of a bad bundle by path and writes no plan', async () => {
    const bundle = tutorial();
    bundle.attribute_groups[0].attributes[0].aggregation = 'count';
    const result = await compileBundle(bundle);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['attribute_groups[0].attributes[0].aggregation']);
  });
});

describe('readPlan', () => {
  it('gives back the definitions of a plan that went through JSON', async () => {
    const plan = viaJson(await compile(tutorial()));
    expect(readPlan(plan)).toEqual(plan.definitions);
  });

  it('reads any minor version of major 1', async () => {
    const plan = viaJson(await compile(tutorial()));
    expect(readPlan({ ...plan, version: '1.7' })).toEqual(plan.definitions);
  });

  it('refuses another major version, saying which versions it reads', async () => {
    const plan = viaJson(await compile(tutorial()));
    expect(() => readPlan({ ...plan, version: '2.0' })).toThrow(PlanError);
    expect(() => readPlan({ ...plan, version: '2.0' })).toThrow(
      'plan format version "2.0" is not supported: this runtime reads plan versions 1.x; compile the definitions with a matching signals-edge');
    expect(() => readPlan({ ...plan, version: 1 })).toThrow(/plan format version 1 is not supported/);
  });

  it('refuses what is not a plan, and a damaged plan by the path of the damage', async () => {
    expect(() => readPlan(tutorial())).toThrow(/not a signals-edge plan: "format" must be "signals-edge-plan"/);
    const plan = viaJson(await compile(tutorial()));
    (plan.definitions.groups[0]!.attributes[1] as unknown as Record<string, unknown>)['aggregation'] = 'count';
    expect(() => readPlan(plan)).toThrow(
      'the plan is damaged at definitions.groups[0].attributes[1].aggregation: expected one of counter, sum,');
    const cut = viaJson(await compile(tutorial()));
    delete (cut.definitions as unknown as Record<string, unknown>)['interventions'];
    expect(() => readPlan(cut)).toThrow('the plan is damaged at definitions.interventions: expected a list');
  });

  it('refuses criteria nested deeper than 100 levels without overflowing the stack', async () => {
    const plan = viaJson(await compile(tutorial()));
    let criteria: unknown = { op: 'leaf', group: 'g', attribute: 'a', operator: 'is null', value: null };
    for (let i = 0; i < 5000; i++) criteria = { op: 'all', children: [criteria] };
    (plan.definitions.interventions[0] as unknown as Record<string, unknown>)['criteria'] = criteria;
    expect(() => readPlan(plan)).toThrow(/expected criteria nested at most 100 levels deep/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps list order and an own "__proto__" key', () => {
    const value = JSON.parse('{"b":[{"z":1,"a":2}],"__proto__":{"y":1,"x":2},"a":null}');
    expect(canonicalJson(value)).toBe('{"__proto__":{"x":2,"y":1},"a":null,"b":[{"a":2,"z":1}]}');
  });
});
