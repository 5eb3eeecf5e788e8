// The official @snowplow/signals-browser-plugin 0.2.1 with the real @snowplow/browser-tracker, in real
// Chromium, subscribed to the dev server (which is also the page's collector): it receives (a) the
// intervention the dev server's engine fires after tracked events (the tutorial: 4 product views →
// discount), (b) a direct push with attributes and (c) a direct push without attributes; both of its
// handlers run for each, and the page reports no error.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import { buildOfficialPluginHarness } from './fixtures/official-plugin-build-harness.js';
import type { HandledIntervention, OfficialPluginHarness } from './fixtures/official-plugin-harness.js';
import { launchChromium, watchPage } from './fixtures/launch-chromium.js';
import { startFixtureServer, type FixtureServer } from './fixtures/start-fixture-server.js';
import { until } from './fixtures/until.js';

let browser: Browser;
let fixtures: FixtureServer;
let signals: DevServer;

beforeAll(async () => {
  let script: string;
  [browser, fixtures, signals, script] = await Promise.all([
    launchChromium(),
    startFixtureServer(),
    createDevServer({ lagMs: 0, keepAliveMs: 500, log: () => undefined }),
    buildOfficialPluginHarness(),
  ]);
  fixtures.addFile('/official-plugin/harness.js', script);
  fixtures.addFile('/official-plugin/index.html', '<!doctype html><meta charset="utf-8"><title>official plugin</title><script src="/official-plugin/harness.js"></script>');
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await signals?.close();
});

type Window = { officialPluginHarness: OfficialPluginHarness };
const handled = (page: Page) => page.evaluate(() => (window as unknown as Window).officialPluginHarness.handled);
const streams = (page: Page) => page.evaluate(() => (window as unknown as Window).officialPluginHarness.streams());


/** Direct push, as the Python SDK's push_intervention sends it; the dev server's delivery status. */
async function push(query: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${signals.url}/api/v1/interventions?${query}`, {
    method: 'POST',
    headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { status?: string }).status ?? `http ${res.status}`;
}

/** The interventions handed to one handler, by name. */
const forHandler = (all: HandledIntervention[], handler: string) => all.filter((h) => h.handler === handler).map((h) => h.intervention as Record<string, unknown>);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('official Signals browser plugin against the dev server', () => {
  it('runs its handlers for an engine-fired intervention and for direct pushes with and without attributes', async () => {
    const page = await (await browser.newContext()).newPage();
    const report = await watchPage(page);
    await page.goto(`${fixtures.origin}/official-plugin/index.html`);
    await page.evaluate((url) => (window as unknown as Window).officialPluginHarness.start(url, url), signals.url);
    const duid = await page.evaluate(() => (window as unknown as Window).officialPluginHarness.domainUserId());
    expect(duid).toMatch(UUID);

    // The plugin's one stream is open on the tracker's ids before anything is tracked.
    const open = await until(() => streams(page), (s) => s.at(-1)?.readyState === 1 && s.at(-1)!.url.includes(`domain_userid=${duid}`), 10_000, 'the plugin to subscribe');
    expect(open.at(-1)!.url).toMatch(new RegExp(`^${signals.url}/api/v1/interventions\\?domain_userid=${duid}&domain_sessionid=[0-9a-f-]{36}$`));

    // (a) The tutorial: 4 product views → the engine fires discount for this domain_userid.
    for (const id of ['p1', 'p2', 'p3', 'p4']) await page.evaluate((p) => (window as unknown as Window).officialPluginHarness.viewProduct(p), id);
    await until(() => handled(page), (h) => h.length >= 2, 10_000, 'the discount intervention');
    const [discount] = forHandler(await handled(page), 'recordFirst');
    expect(discount).toEqual({
      intervention_id: expect.stringMatching(UUID),
      name: 'discount',
      version: 1,
      target_attribute_key: { name: 'domain_userid', id: duid },
      attributes: { count_product_views: '4' },
    });

    // (b) A direct push with attributes: delivered as text.
    expect(await push(`domain_userid=${duid}`, { name: 'pushed_offer', version: 3, attributes: { score: 0.9, eligible: true, code: 'SAVE10' } })).toBe('success');
    await until(() => handled(page), (h) => h.length >= 4, 5_000, 'the push with attributes');
    // (c) A direct push without attributes: the frame still has `attributes: {}`, which the plugin needs.
    expect(await push(`domain_userid=${duid}`, { intervention_id: '6f1c2a4e-0b7d-4c3a-9e21-5d8f0a7b3c11', name: 'pushed_bare', version: 1 })).toBe('success');
    await until(() => handled(page), (h) => h.length >= 6, 5_000, 'the push without attributes');

    const all = await handled(page);
    for (const handler of ['recordFirst', 'recordSecond']) {
      const got = forHandler(all, handler);
      expect(got.map((i) => i['name']), handler).toEqual(['discount', 'pushed_offer', 'pushed_bare']);
      expect(got[0]).toEqual(discount);
      expect(got[1]).toEqual({
        intervention_id: expect.stringMatching(UUID),
        name: 'pushed_offer',
        version: 3,
        target_attribute_key: { name: 'domain_userid', id: duid },
        attributes: { score: '0.9', eligible: 'true', code: 'SAVE10' },
      });
      expect(got[2]).toEqual({
        intervention_id: '6f1c2a4e-0b7d-4c3a-9e21-5d8f0a7b3c11',
        name: 'pushed_bare',
        version: 1,
        target_attribute_key: { name: 'domain_userid', id: duid },
        attributes: {},
      });
    }

    // Still one stream, never reopened; nothing went wrong in the page (the plugin logs its failures as console errors).
    expect((await streams(page)).map((s) => s.readyState)).toEqual([1]);
    expect(report.pageErrors).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    await page.context().close();
  });

  // The plugin opens `…/interventions?` when it knows no id (its URL is endpoint + path + '?' + the ids). With
  // browser-tracker 4.10.1 that does not happen (a session id exists from the start, even with anonymous
  // tracking), so the URL is opened directly: an EventSource gets a 200 stream, not a 422 it would never retry.
  it('an EventSource on `…/interventions?` (the plugin\'s URL with no ids) opens without an error and gets keep-alives only', async () => {
    const page = await (await browser.newContext()).newPage();
    const report = await watchPage(page);
    await page.goto(`${fixtures.origin}/official-plugin/index.html`);
    await page.evaluate((url) => {
      const probe = { source: new EventSource(`${url}/api/v1/interventions?`), messages: 0, errors: 0 };
      probe.source.addEventListener('message', () => probe.messages++);
      probe.source.addEventListener('error', () => probe.errors++);
      (window as unknown as { probe: typeof probe }).probe = probe;
    }, signals.url);
    type Probe = { source: EventSource; messages: number; errors: number };
    const read = () => page.evaluate(() => {
      const { probe } = window as unknown as { probe: Probe };
      return { readyState: probe.source.readyState, messages: probe.messages, errors: probe.errors };
    });
    await until(read, (p) => p.readyState === 1, 5_000, 'the stream without ids to open');
    await new Promise((r) => setTimeout(r, 1_200)); // past two keep-alives (keepAliveMs 500)
    expect(await read()).toEqual({ readyState: 1, messages: 0, errors: 0 });
    expect(report.pageErrors).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    await page.context().close();
  });
});
