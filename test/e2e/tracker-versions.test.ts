// The tracker versions the peer ranges claim (package.json: @snowplow/browser-tracker-core and
// @snowplow/tracker-core ^4.0.4): the lowest published, 4.0.4, and the highest, the one the rest of the
// tests use. Each page is bundled as an app on that tracker would be: its tracker, browser-tracker-core
// and tracker-core one copy each (what npm gives with our peers), signals-edge from the built package.
// In Chromium, offline of any Signals server, the tutorial's interventions fire at the same events, the
// values come back, and the measurement events go out through that tracker.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import { readSelfDescribing } from './fixtures/open-storefront.js';
import { ROOT } from './fixtures/start-fixture-server.js';
import { watchPage } from './fixtures/launch-chromium.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

const TRACKERS = {
  lowest: resolve(ROOT, 'node_modules/@snowplow/browser-tracker-lowest'),
  highest: resolve(ROOT, 'node_modules/@snowplow/browser-tracker'),
};

const PAGE = `
import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';
import { SignalsEdgePlugin, addInterventionHandlers, getAttributes, whenReady } from ${JSON.stringify(resolve(ROOT, 'dist/index.js'))};
import plan from 'virtual:plan';
const ECOM = 'iglu:com.snowplowanalytics.snowplow.ecommerce/';
const fired = [];
newTracker('sp', location.origin, { appId: 'versions', plugins: [SignalsEdgePlugin({ plan })] });
addInterventionHandlers({ page: (i) => { fired.push(i.name); } });
function action(type, price) {
  trackSelfDescribingEvent({
    event: { schema: ECOM + 'snowplow_ecommerce_action/jsonschema/1-0-2', data: { type } },
    context: [{ schema: ECOM + 'product/jsonschema/1-0-0', data: { id: 'p', category: 'gear', price, currency: 'USD' } }],
  });
  return fired.slice();
}
window.shop = { whenReady, getAttributes, action };
`;

async function bundlePage(tracker: string, plan: string): Promise<string> {
  const pkg = (name: string) => [resolve(tracker, 'node_modules/@snowplow', name), resolve(ROOT, 'node_modules/@snowplow', name)]
    .find((dir) => { try { readFileSync(resolve(dir, 'package.json')); return true; } catch { return false; } })!;
  const result = await build({
    configFile: false, root: ROOT, logLevel: 'silent',
    plugins: [{
      name: 'page',
      resolveId: (id) => (id === 'virtual:page' || id === 'virtual:plan' ? `\0${id}` : null),
      load: (id) => (id === '\0virtual:page' ? PAGE : id === '\0virtual:plan' ? `export default ${plan};` : null),
    }],
    resolve: {
      alias: [
        { find: /^@snowplow\/browser-tracker$/, replacement: tracker },
        { find: /^@snowplow\/browser-tracker-core$/, replacement: pkg('browser-tracker-core') },
        { find: /^@snowplow\/tracker-core$/, replacement: pkg('tracker-core') },
      ],
    },
    build: {
      write: false, minify: false, target: 'es2020',
      rollupOptions: { input: 'virtual:page', output: { format: 'iife', entryFileNames: 'page.js' } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs[0]!.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk')!.code;
}

let plan: string;
beforeAll(async () => {
  const compiled = await compileBundle(JSON.parse(readFileSync(resolve(ROOT, 'examples/tutorial-definitions.json'), 'utf8')));
  if (!compiled.ok) throw new Error('the tutorial does not compile');
  plan = JSON.stringify(compiled.plan);
});

describe('the tracker versions of the peer range', () => {
  for (const [which, tracker] of Object.entries(TRACKERS)) {
    const version = (JSON.parse(readFileSync(resolve(tracker, 'package.json'), 'utf8')) as { version: string }).version;
    it(`${which} (@snowplow/browser-tracker ${version}): the tutorial fires, values and measurement events as expected`, async () => {
      env.server.addFile(`/versions/${which}.js`, await bundlePage(tracker, plan));
      env.server.addFile(`/versions/${which}.html`, `<!doctype html><html><body><script src="/versions/${which}.js"></script></body></html>`);
      const context = await env.browser.newContext();
      const page = await context.newPage();
      const report = await watchPage(page);
      await page.goto(`${env.server.origin}/versions/${which}.html`);
      await page.evaluate(() => (window as unknown as { shop: { whenReady(o: object): Promise<void> } }).shop.whenReady({ timeoutMs: 5000 }));
      const act = (type: string, price = 10) => page.evaluate(([t, p]) => (window as unknown as { shop: { action(t: string, p: number): string[] } }).shop.action(t, p), [type, price] as const);
      const steps = [await act('product_view'), await act('product_view'), await act('product_view'), await act('product_view'), await act('add_to_cart', 120)];
      expect(steps).toEqual([[], [], [], ['discount'], ['discount', 'cart_abandonment', 'free_shipping']]);
      expect(await page.evaluate(() => (window as unknown as { shop: { getAttributes(): Promise<unknown> } }).shop.getAttributes()))
        .toEqual({ count_product_views: 4, count_add_to_cart: 1, total_cart_value: 120 });
      const measured = () => readSelfDescribing(env.server.payloads().filter((p) => p.aid === 'versions' && p.tv === `js-${version}`))
        .filter((e) => e.schema.includes('com.snowplowanalytics.signals/intervention_receive')).length;
      await expect.poll(measured, { timeout: 5000 }).toBe(3);
      expect(report.pageErrors).toEqual([]);
      expect(report.consoleErrors).toEqual([]);
      await context.close();
    });
  }
});
