// The runtime on a plan (the output of signals-edge compile): inline or fetched from a URL and kept for
// offline reloads; a plan of another major version, a damaged one, or both or neither of `plan` and
// `definitions` are refused with a message saying what to do. Node, fake-indexeddb, a real HTTP server.
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileBundle } from '../../../src/plan/compile-bundle.js';
import type { SignalsEdgePlan } from '../../../src/plan/plan-format.js';
import { createRuntime, type Runtime, type SignalsEdgeConfig } from '../../../src/runtime/create-runtime.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import type { DeliveredIntervention } from '../../../src/runtime/create-intervention-dispatcher.js';

let nextEid = 0;
const pageView = (duid: string): Record<string, unknown> => ({
  e: 'pv', eid: `00000000-0000-4000-8000-${String(++nextEid).padStart(12, '0')}`, tna: 'sp', p: 'web',
  url: 'https://shop.example/p', duid, dtm: String(Date.UTC(2026, 0, 1) + nextEid * 1000),
});
const bundle = {
  attribute_groups: [{
    name: 'visits', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
    attributes: [{ name: 'views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] }],
  }],
  services: [],
  interventions: [{ name: 'second_view', version: 1, is_published: true, criteria: { attribute: 'visits:views', operator: '>=', value: 2 } }],
};

async function plan(): Promise<SignalsEdgePlan> {
  const result = await compileBundle(bundle);
  if (!result.ok) throw new Error('the bundle must compile');
  return JSON.parse(JSON.stringify(result.plan)) as SignalsEdgePlan;
}

const tracker = (namespace: string) => ({
  id: namespace, namespace, core: { track: () => undefined },
  getDomainUserId: () => 'u1', getDomainSessionId: () => 's', getUserId: () => null,
}) as unknown as BrowserTracker;
const logger = () => ({ warn: vi.fn(), info: vi.fn(), debug: vi.fn(), error: vi.fn(), setLogLevel: vi.fn() });

const open: Runtime[] = [];
function start(namespace: string, config: SignalsEdgeConfig, log = logger()): Runtime {
  const runtime = createFullRuntime(tracker(namespace), config, log);
  open.push(runtime);
  return runtime;
}
const servers: Server[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) r.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves `body` as JSON at every path; the URL of the server. */
async function serve(body: unknown): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/plan.json`, server };
}

/** Tracks two page views; the interventions delivered. */
function twoViews(runtime: Runtime): DeliveredIntervention[] {
  const fired: DeliveredIntervention[] = [];
  runtime.dispatcher.addHandlers({ h: (i) => { fired.push(i); } });
  runtime.onPayload(pageView('u1'));
  runtime.onPayload(pageView('u1'));
  return fired;
}

describe('runtime on a plan', () => {
  it('an inline plan computes and fires as its bundle does', async () => {
    const fromPlan = start('plan-inline', { plan: await plan(), storage: 'memory' });
    const fromBundle = start('bundle-inline', { definitions: bundle, storage: 'memory' });
    await Promise.all([fromPlan.ready, fromBundle.ready]);
    const planFired = twoViews(fromPlan);
    const bundleFired = twoViews(fromBundle);
    expect(fromPlan.read({})).toEqual({ views: 2 });
    expect(fromPlan.read({})).toEqual(fromBundle.read({}));
    expect(planFired.map((i) => [i.name, i.target_attribute_key, i.attributes]))
      .toEqual(bundleFired.map((i) => [i.name, i.target_attribute_key, i.attributes]));
    expect(planFired).toHaveLength(1);
  });

  it('{ url }: fetched, then kept for a reload while the server is down', async () => {
    const { url, server } = await serve(await plan());
    const first = start('plan-url', { plan: { url } });
    await first.ready;
    first.onPayload(pageView('u1'));
    first.close();
    await new Promise((done) => server.close(done));
    servers.length = 0;
    const again = start('plan-url', { plan: { url } });
    await again.ready;
    expect(again.read({})).toEqual({ views: 1 });
  });

  it('refuses a plan of another major version, saying which versions it reads; events are not kept', async () => {
    const log = logger();
    const runtime = start('plan-v2', { plan: { ...(await plan()), version: '2.0' }, storage: 'memory' }, log);
    await expect(runtime.ready).rejects.toThrow('plan format version "2.0" is not supported: this runtime reads plan versions 1.x');
    runtime.onPayload(pageView('u1'));
    expect(runtime.read({})).toEqual({});
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('refuses a damaged plan by the path of the damage', async () => {
    const damaged = await plan();
    (damaged.definitions.groups[0] as unknown as Record<string, unknown>)['attributes'] = 'views';
    const runtime = start('plan-damaged', { plan: damaged, storage: 'memory' });
    await expect(runtime.ready).rejects.toThrow('the plan is damaged at definitions.groups[0].attributes: expected a list');
  });

  it('a bundle given as `plan` is refused, pointing to signals-edge compile', async () => {
    const runtime = start('plan-is-bundle', { plan: bundle, storage: 'memory' });
    await expect(runtime.ready).rejects.toThrow(/not a signals-edge plan.*signals-edge compile/);
  });

  it('the core (no raw-definitions part) runs a plan and refuses a raw bundle, naming the part and compile', async () => {
    const core = createRuntime(tracker('core-plan'), { plan: await plan(), storage: 'memory' }, logger());
    open.push(core);
    await core.ready;
    expect(twoViews(core)).toHaveLength(1);
    const raw = createRuntime(tracker('core-raw'), { definitions: bundle, storage: 'memory' }, logger());
    open.push(raw);
    await expect(raw.ready).rejects.toThrow(
      "raw `definitions` need the raw-definitions part: import { SignalsEdgePlugin } from 'signals-edge/definitions' "
      + '(or load dist/signals-edge.full.iife.js), or compile them with signals-edge compile and give `plan`');
  });

  it('needs exactly one of plan and definitions', async () => {
    const neither = start('neither', { storage: 'memory' });
    await expect(neither.ready).rejects.toThrow(/no definitions: give `plan`/);
    const both = start('both', { plan: await plan(), definitions: bundle, storage: 'memory' });
    await expect(both.ready).rejects.toThrow('give either `plan` or `definitions`, not both');
  });

  it('logs the warnings of a raw bundle once', async () => {
    const log = logger();
    const unpublished = { ...bundle, interventions: [{ ...bundle.interventions[0], is_published: false }] };
    const runtime = start('warnings', { definitions: unpublished, storage: 'memory' }, log);
    await runtime.ready;
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0]![0])).toMatch(/^signals-edge: definitions: interventions\[0\]: intervention "second_view" version 1 is not published/);
  });
});
