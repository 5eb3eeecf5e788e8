// Issue 4, the interventions stream in real Chromium against the real dev server: a page subscribed
// with startInterventionSubscription receives direct pushes for its targets only, moves its
// subscription when its ids change, and comes back by itself after the dev server restarts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../demo/server/create-dev-server.js';
import type { SseHarness } from './fixtures/sse-harness.js';
import { buildSseHarness } from './fixtures/sse-build-harness.js';
import { launchChromium, watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { startFixtureServer, type FixtureServer } from './fixtures/start-fixture-server.js';
import { until } from './fixtures/until.js';

let browser: Browser;
let fixtures: FixtureServer;
let signals: DevServer;

const startSignals = (port = 0) => createDevServer({ port, lagMs: 0, keepAliveMs: 500, log: () => undefined, publicServices: true });

beforeAll(async () => {
  let script: string;
  [browser, fixtures, signals, script] = await Promise.all([launchChromium(), startFixtureServer(), startSignals(), buildSseHarness()]);
  fixtures.addFile('/sse/harness.js', script);
  fixtures.addFile('/sse/index.html', '<!doctype html><meta charset="utf-8"><title>sse</title><script src="/sse/harness.js"></script>');
});

afterAll(async () => {
  await browser?.close();
  await fixtures?.close();
  await signals?.close();
});

/** Direct push to the subscribers of `query`; the dev server's delivery status, or `down` when it is not listening. */
async function push(query: string, body: Record<string, unknown>): Promise<string> {
  try {
    const res = await fetch(`${signals.url}/api/v1/interventions?${query}`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as { status?: string };
    return answer.status ?? `http ${res.status}`;
  } catch {
    return 'down';
  }
}


type Harness = { sseHarness: SseHarness };
const received = (page: Page) => page.evaluate(() => (window as unknown as Harness).sseHarness.received);
const streams = (page: Page) => page.evaluate(() => (window as unknown as Harness).sseHarness.streams());
const warnings = (page: Page) => page.evaluate(() => (window as unknown as Harness).sseHarness.warnings);

/** Opens the harness page in its own context and subscribes it with these ids. */
async function openSubscriber(ids: Record<string, string>): Promise<{ page: Page; report: PageReport }> {
  const page = await (await browser.newContext()).newPage();
  const report = await watchPage(page);
  await page.goto(`${fixtures.origin}/sse/index.html`);
  await page.evaluate(([endpoint, given]) => {
    const { sseHarness } = window as unknown as Harness;
    sseHarness.start({ endpoint });
    sseHarness.subscription().setIds(given);
  }, [signals.url, ids] as const);
  await waitOpen(page);
  return { page, report };
}

/** Until the newest stream is open and every other one is closed. */
function waitOpen(page: Page): Promise<unknown> {
  return until(() => streams(page), (s) => s.at(-1)?.readyState === 1 && s.slice(0, -1).every((x) => x.readyState === 2), 15_000, 'one open stream');
}

describe('interventions stream in Chromium against the dev server', () => {
  it('receives pushes for its own targets only, follows id changes, and reconnects after a restart', async () => {
    const a = await openSubscriber({ domain_userid: 'duid-a', domain_sessionid: 'sid-a' });
    const b = await openSubscriber({ domain_userid: 'duid-b', domain_sessionid: 'sid-b' });
    expect((await streams(a.page))[0]!.url).toBe(`${signals.url}/api/v1/interventions?domain_userid=duid-a&domain_sessionid=sid-a`);

    // A frame for another target (b has a subscriber, so the frame exists) never reaches a.
    expect(await push('domain_userid=duid-b', { intervention_id: '00000000-0000-4000-8000-0000000000b1', name: 'other', version: 1 })).toBe('success');
    expect(await push('domain_userid=duid-a', {
      intervention_id: '00000000-0000-4000-8000-0000000000a1', name: 'discount', version: 2, attributes: { product_view_count: 4, names: ['x'] },
    })).toBe('success');
    await until(() => received(a.page), (r) => r.length >= 1, 5_000, 'the first push');
    await until(() => received(b.page), (r) => r.length >= 1, 5_000, 'the push to b');
    expect(await received(a.page)).toEqual([{
      intervention_id: '00000000-0000-4000-8000-0000000000a1',
      name: 'discount',
      version: 2,
      // As Signals sends them: text.
      attributes: { product_view_count: '4', names: '["x"]' },
      target_attribute_key: { name: 'domain_userid', id: 'duid-a' },
    }]);
    expect((await received(b.page)).map((r) => r.intervention_id)).toEqual(['00000000-0000-4000-8000-0000000000b1']);

    // A new session id (read from a tracker payload) moves the subscription: one stream, on the new ids.
    await a.page.evaluate(() => (window as unknown as Harness).sseHarness.subscription().update({ e: 'pv', duid: 'duid-a', sid: 'sid-a2' }));
    await waitOpen(a.page);
    const moved = await streams(a.page);
    expect(moved).toHaveLength(2);
    expect(moved[1]!.url).toMatch(/domain_sessionid=sid-a2$/);
    expect(await push('domain_sessionid=sid-a', { intervention_id: '00000000-0000-4000-8000-0000000000c1', name: 'discount', version: 1 })).toBe('undelivered');
    expect(await push('domain_sessionid=sid-a2', { intervention_id: '00000000-0000-4000-8000-0000000000c2', name: 'discount', version: 1 })).toBe('success');
    await until(() => received(a.page), (r) => r.length >= 2, 5_000, 'the push to the new session');
    expect((await received(a.page)).at(-1)).toMatchObject({ intervention_id: '00000000-0000-4000-8000-0000000000c2', target_attribute_key: { name: 'domain_sessionid', id: 'sid-a2' } });

    // Restart the dev server on the same port: both pages come back by themselves.
    const port = Number(new URL(signals.url).port);
    await signals.close();
    expect(await push('domain_userid=duid-a', { name: 'discount', version: 1 })).toBe('down');
    await new Promise((r) => setTimeout(r, 300));
    signals = await startSignals(port);
    await until(() => push('domain_userid=duid-a', { intervention_id: '00000000-0000-4000-8000-0000000000d1', name: 'discount', version: 3 }), (s) => s === 'success', 20_000, 'a to resubscribe');
    await until(() => received(a.page), (r) => r.length >= 3, 5_000, 'the push after the restart');
    expect((await received(a.page)).map((r) => r.intervention_id)).toEqual(['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000c2', '00000000-0000-4000-8000-0000000000d1']);
    await waitOpen(a.page);
    await until(() => push('domain_userid=duid-b', { intervention_id: '00000000-0000-4000-8000-0000000000d2', name: 'other', version: 1 }), (s) => s === 'success', 20_000, 'b to resubscribe');
    await until(() => received(b.page), (r) => r.length >= 2, 5_000, 'b’s push after the restart');
    expect((await received(b.page)).map((r) => r.intervention_id)).toEqual(['00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000d2']);

    // At most one stream per page was ever open; nothing went wrong in the pages.
    for (const { page, report } of [a, b]) {
      const all = await streams(page);
      expect(all.filter((s) => s.readyState !== 2)).toHaveLength(1);
      expect(report.pageErrors).toEqual([]);
      expect((await warnings(page)).every((w) => /retrying with back-off/.test(w))).toBe(true);
    }
  });
});
