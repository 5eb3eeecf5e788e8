// The dev server and plans: it runs a plan given as its definitions, and serves the plan of what it
// runs at /plan.json (the plan it was given, or the live bundle compiled), for pages that run plans.
import { describe, expect, it } from 'vitest';
import { compileBundle } from '../../../src/plan/compile-bundle.js';
import type { SignalsEdgePlan } from '../../../src/plan/plan-format.js';
import { AUTH, ecommerceAction, getAttributes, newId, postEvents, TUTORIAL, useDevServers } from './dev-server-helpers.js';

const start = useDevServers();

async function tutorialPlan(): Promise<SignalsEdgePlan> {
  const result = await compileBundle(TUTORIAL);
  if (!result.ok) throw new Error('the tutorial must compile');
  return result.plan;
}

const planJson = async (url: string) => (await fetch(`${url}/plan.json`)).json() as Promise<SignalsEdgePlan>;

describe('dev server and plans', () => {
  it('runs a plan: events compute the service values as from the bundle; /plan.json is that plan; the registry starts empty', async () => {
    const lines: string[] = [];
    const plan = await tutorialPlan();
    const fromPlan = await start({ definitions: plan, log: (line) => lines.push(line) });
    const fromBundle = await start();
    const duid = newId();
    const events = [ecommerceAction({ type: 'product_view', duid }), ecommerceAction({ type: 'add_to_cart', duid, price: 12.5 })];
    for (const server of [fromPlan, fromBundle]) expect((await postEvents(server.url, events)).status).toBe(200);
    const request = { service: 'ecom_attributes', attribute_keys: { domain_userid: [duid] } };
    const values = await getAttributes(fromPlan.url, request, AUTH);
    expect(values.status).toBe(200);
    expect(values.body.count_add_to_cart).toEqual([1]);
    expect(values.body).toEqual((await getAttributes(fromBundle.url, request, AUTH)).body);
    expect(await planJson(fromPlan.url)).toEqual(plan);
    expect(lines).toContain('dev-server: running a plan; the registry starts empty and its first write replaces the plan\'s definitions');
    const groups = await fetch(`${fromPlan.url}/api/v1/registry/attribute_groups/`, { headers: AUTH });
    expect(await groups.json()).toEqual([]);
  });

  it('serves the plan of a bundle it runs (unpublished items too, as it runs them), following registry writes', async () => {
    const server = await start();
    const served = await planJson(server.url);
    const compiled = await compileBundle(TUTORIAL, { includeUnpublished: true });
    expect(compiled.ok && served).toEqual(compiled.ok && compiled.plan);
    const group = {
      name: 'views', version: 1, attribute_key: { name: 'domain_userid' }, is_published: true,
      attributes: [{ name: 'page_views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
    };
    const created = await fetch(`${server.url}/api/v1/registry/attribute_groups/`, {
      method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: JSON.stringify(group),
    });
    expect(created.status).toBe(200);
    const after = await planJson(server.url);
    expect(after.definitions.groups.map((g) => g.name).sort()).toEqual(['ecom_attributes', 'views']);
    expect(after.source_sha256).not.toBe(served.source_sha256);
  });

  it('refuses a plan of another major version at start, saying which it reads', async () => {
    await expect(start({ definitions: { ...(await tutorialPlan()), version: '9.0' } }))
      .rejects.toThrow('plan format version "9.0" is not supported: this runtime reads plan versions 1.x');
  });
});
