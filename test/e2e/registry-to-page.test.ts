// Issue 13 acceptance, end to end with real processes, real HTTP and real Chromium: the tutorial
// published to the dev server by the Python SDK's requests (recorded from its source) comes back
// through the built `signals-edge pull` (sandbox token, and account mode through the dev server's
// token exchange) as a bundle that `signals-edge compile` turns into a plan; that plan, in a page with
// the real tracker and the core script-tag build, fires the tutorial's three interventions offline exactly
// as the raw definitions do on the full build.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { readClientFixture } from '../unit/dev-server/read-client-fixture.js';
import { addToCart, openStorefront, readAttributes, viewProduct, type ShopWindow } from './fixtures/open-storefront.js';
import { ROOT } from './fixtures/start-fixture-server.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const run = promisify(execFile);
const BIN = resolve(ROOT, 'bin/signals-edge.js');
const env = useBrowserAndServer();
let signals: DevServer;
let dir: string;

/** Runs the built CLI with only `extraEnv` (and PATH) in its environment. */
async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...extraEnv }, cwd: dir });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-registry-'));
  signals = await createDevServer({ definitions: { attribute_groups: [], services: [], interventions: [] }, log: () => {} });
  // SignalsSandbox(api_url, sandbox_token).publish([...]) of the tutorial, request for request.
  for (const request of readClientFixture('python-publish.json')) {
    const response = await fetch(`${signals.url}${request.path}`, {
      method: request.method, headers: request.headers ?? {}, body: JSON.stringify(request.body),
    });
    expect(request.expect.status).toContain(response.status);
  }
});
afterAll(async () => {
  await signals?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The tutorial's sequence of views and adds offline; what fired after each step, and the values at the end. */
async function shopOffline(context: BrowserContext, query: string, file?: string) {
  const { page, report } = await openStorefront(context, env.server.origin, query, undefined, file);
  await context.setOffline(true);
  const steps: string[][] = [];
  for (const id of ['a', 'b', 'c', 'd']) steps.push(await viewProduct(page, id));
  for (const [id, price] of [['e', 60], ['f', 40], ['g', 5.5]] as const) steps.push(await addToCart(page, id, price));
  steps.push(await viewProduct(page, 'h'));
  const fired = await page.evaluate(() => (window as unknown as ShopWindow).shop.fired.map((f) => ({
    name: f.name, source: f.source, attributes: f.attributes, target: f.target.name,
  })));
  const values = await readAttributes(page);
  expect(report.pageErrors).toEqual([]);
  return { steps, fired, values };
}

describe('Signals registry → pull → compile → page', () => {
  it('pulls the published tutorial with the sandbox token and in account mode, compiles it, and the plan fires offline as the bundle does', async () => {
    const sandbox = await cli(['pull', '--api-url', signals.url, '--sandbox-token', 'dev-token', '--service', 'ecom_attributes', '--out', 'defs.json']);
    expect(sandbox.stdout).toBe('');
    const account = await cli(['pull', '--service', 'ecom_attributes'], {
      SIGNALS_API_URL: signals.url, SNOWPLOW_CONSOLE_URL: signals.url,
      SNOWPLOW_CONSOLE_ORG_ID: 'dev-org', SNOWPLOW_CONSOLE_API_KEY_ID: 'dev-key-id', SNOWPLOW_CONSOLE_API_KEY: 'dev-key',
    });
    const pulled = readFileSync(join(dir, 'defs.json'), 'utf8');
    expect(account.stdout).toBe(pulled);
    for (const secret of ['dev-token', 'dev-key']) expect(`${sandbox.stderr}${account.stderr}${pulled}`).not.toContain(secret);
    const bundle = JSON.parse(pulled);
    expect(bundle.services.map((s: { name: string }) => s.name)).toEqual(['ecom_attributes']);
    expect(bundle.interventions.map((i: { name: string }) => i.name)).toEqual(['cart_abandonment', 'discount', 'free_shipping']);

    expect((await cli(['validate', '--strict', 'defs.json'])).stdout).toMatch(/valid: 1 attribute group\(s\), 3 attribute\(s\), 1 service\(s\), 3 intervention\(s\)/);
    const compiled = await cli(['compile', 'defs.json', '--out', 'plan.json']);
    expect(compiled.stderr).toBe('');
    const plan = readFileSync(join(dir, 'plan.json'), 'utf8');
    expect((await cli(['compile', 'defs.json'])).stdout).toBe(plan);
    env.server.addFile('/pulled/plan.json', plan);

    const context = await env.browser.newContext();
    // The plan on the core build; the raw bundle on the full build.
    const fromPlan = await shopOffline(context, '?plan=/pulled/plan.json&ns=plan', 'storefront-core.html');
    await context.close();
    const rawContext = await env.browser.newContext();
    const fromBundle = await shopOffline(rawContext, '?ns=raw');
    await rawContext.close();

    expect(fromPlan.steps).toEqual([
      [], [], [], ['discount'], ['discount', 'cart_abandonment'], ['discount', 'cart_abandonment'],
      ['discount', 'cart_abandonment', 'free_shipping'], ['discount', 'cart_abandonment', 'free_shipping'],
    ]);
    expect(fromPlan.values).toEqual({ count_product_views: 5, count_add_to_cart: 3, total_cart_value: 105.5 });
    expect(fromPlan.fired.map((f) => f.source)).toEqual(['edge', 'edge', 'edge']);
    expect(fromPlan).toEqual(fromBundle);
  });
});
