// examples/react-spa, built as an app that installed signals-edge would build it, with React 18 and
// with React 19: offline, the interventions show at the events that cross their rules, and a component
// reading one attribute does not re-render for others; rendered on a server (a Node process without
// window) with a bootstrap, the page shows the server's values before any script and hydrates without
// a mismatch; and signals-edge and signals-edge/react import and render in plain Node by package name.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReactSpa, renderInNode, type ReactSpaBuild } from './fixtures/build-react-spa.js';
import { linkAppPackages } from './fixtures/link-app-packages.js';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const env = useBrowserAndServer();

const NAMES = ['count_product_views', 'count_add_to_cart', 'total_cart_value'] as const;

/** A context that reaches the fixture server only: the example's collector (http://127.0.0.1:9) and anything else are cut off. */
async function openContext(): Promise<BrowserContext> {
  const context = await env.browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith(`${env.server.origin}/`) ? route.continue() : route.abort()));
  return context;
}

interface PanelView {
  status: string | null;
  count_product_views: string | null;
  count_add_to_cart: string | null;
  total_cart_value: string | null;
}

/** The attributes panel as shown: its status and each value's text. */
function readPanel(page: Page): Promise<PanelView> {
  return page.evaluate((names) => {
    const panel = document.querySelector('[data-testid=attributes-panel]');
    const text = (selector: string) => panel?.querySelector(selector)?.textContent ?? null;
    const view: Record<string, string | null> = { status: text('[data-testid=status]') };
    for (const name of names) view[name] = text(`[data-attribute=${name}]`);
    return view as unknown as PanelView;
  }, [...NAMES]);
}

/** The same, from server markup. */
function readMarkup(html: string): PanelView {
  const view: Record<string, string | null> = { status: /data-testid="status">([^<]*)</.exec(html)?.[1] ?? null };
  for (const name of NAMES) view[name] = new RegExp(`<dd data-attribute="${name}">([^<]*)<`).exec(html)?.[1] ?? null;
  return view as unknown as PanelView;
}

const panel = (status: string, views: string, adds: string, total: string): PanelView => (
  { status, count_product_views: views, count_add_to_cart: adds, total_cart_value: total }
);

/** The intervention banners shown, in page order. */
function banners(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="intervention-"]').evaluateAll((elements) => elements.map((e) => e.getAttribute('data-testid')!.slice('intervention-'.length)));
}

/** How many times the count_product_views-only badge has rendered (it counts into globalThis.__renders). */
function badgeRenders(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as { __renders?: Record<string, number> }).__renders?.ProductViewsBadge ?? 0);
}

/** Console errors other than the requests the context cut off (the collector's). */
function unexpectedErrors(report: PageReport): string[] {
  return report.consoleErrors.filter((m) => !/^Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED)/.test(m));
}

describe.each([18, 19] as const)('React %i', (react) => {
  const base = `/react-${react}/`;
  let spa: ReactSpaBuild;

  beforeAll(async () => {
    spa = await buildReactSpa(react, base);
    for (const [path, body] of spa.files) env.server.addFile(path, body);
  });
  afterAll(() => spa?.remove());

  it('bundles the one React asked for, in the browser build and the server build', () => {
    expect(spa.reactVersion.startsWith(`${react}.`)).toBe(true);
    const bundles = [...spa.files].filter(([path]) => path.endsWith('.js')).map(([, code]) => code);
    expect(bundles).toHaveLength(1);
    const versions = (code: string) => [...new Set(code.match(/\b1[89]\.\d+\.\d+(?=["'])/g))];
    expect(versions(bundles[0]!)).toEqual([spa.reactVersion]);
  });

  it('offline: the interventions show at the events that cross their rules; a view of one attribute does not re-render for others', async () => {
    const context = await openContext();
    const page = await context.newPage();
    const report = await watchPage(page);
    await page.goto(`${env.server.origin}${base}index.html`);
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '0', '0', '–'));
    await context.setOffline(true);
    const view = (id: string) => page.getByTestId(`view-${id}`).click();
    const add = (id: string) => page.getByTestId(`add-${id}`).click();

    for (const [i, id] of ['trail-shoes', 'rain-jacket', 'wool-socks'].entries()) {
      await view(id);
      await expect.poll(() => readPanel(page)).toEqual(panel('ready', String(i + 1), '0', '–'));
    }
    // The interventions are delivered inside track(), before the values' change reaches React: once the
    // panel shows 3 views, a banner of the third view would be there too.
    expect(await banners(page)).toEqual([]);

    let renders = await badgeRenders(page);
    await view('day-pack');
    await expect.poll(() => banners(page)).toEqual(['discount']);
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '4', '0', '–'));
    await expect(page.getByTestId('product-views-badge').textContent()).resolves.toBe('Products viewed: 4');
    expect(await badgeRenders(page)).toBeGreaterThan(renders);

    // Adds to cart change the other two attributes only: the badge's store keeps its snapshot, so React
    // does not render the badge (it would render in the same pass as the panel it shares the change with).
    renders = await badgeRenders(page);
    await add('trail-shoes');
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '4', '1', '60'));
    expect(await banners(page)).toEqual(['discount', 'cart_abandonment']);
    await add('rain-jacket');
    await expect.poll(() => banners(page)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '4', '2', '105.5'));
    expect(await badgeRenders(page)).toBe(renders);

    await view('water-bottle');
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '5', '2', '105.5'));
    await expect.poll(() => badgeRenders(page)).toBeGreaterThan(renders);
    await expect(page.getByTestId('product-views-badge').textContent()).resolves.toBe('Products viewed: 5');

    await page.getByTestId('dismiss-discount').click();
    await expect.poll(() => banners(page)).toEqual(['cart_abandonment', 'free_shipping']);
    // The rule still holds, so a sixth view crosses nothing: the dismissed banner stays away.
    await view('trail-shoes');
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '6', '2', '105.5'));
    expect(await banners(page)).toEqual(['cart_abandonment', 'free_shipping']);

    expect(report.pageErrors).toEqual([]);
    expect(unexpectedErrors(report)).toEqual([]);
    await context.close();
  });

  it('rendered in Node (no window) with a bootstrap, then hydrated: the server\'s values at first paint, no mismatch, then local values', async () => {
    const context = await openContext();
    // A first visit: the tracker writes its _sp_id cookie, whose first part is the domain_userid a
    // server reads from the request (and would hand to readBootstrap).
    const first = await context.newPage();
    await first.goto(`${env.server.origin}${base}index.html`);
    await expect.poll(() => readPanel(first)).toEqual(panel('ready', '0', '0', '–'));
    await first.close();
    const cookie = (await context.cookies(env.server.origin)).find((c) => c.name.startsWith('_sp_id.'));
    expect(cookie, 'the tracker\'s _sp_id cookie').toBeDefined();
    const duid = cookie!.value.split('.')[0]!;

    const bootstrap = {
      attributeKey: 'domain_userid', id: duid, readAt: Date.now(),
      values: { count_product_views: 7, count_add_to_cart: 0, total_cart_value: 0 },
    };
    const rendered = await renderInNode(spa, bootstrap);
    expect(rendered.globals).toEqual({ window: 'undefined', document: 'undefined', afterRender: 'undefined' });
    expect(readMarkup(rendered.markup)).toEqual(panel('loading', '7', '0', '0'));
    expect(rendered.markup).toContain('Products viewed: <span data-attribute="count_product_views">7</span>');
    // No intervention on the server.
    expect(rendered.markup).not.toContain('data-testid="intervention-');
    expect(rendered.page).toContain(`<div id="root">${rendered.markup}</div>`);
    env.server.addFile(`${base}ssr-${duid}.html`, rendered.page);

    const page = await context.newPage();
    const report = await watchPage(page);
    await page.addInitScript(() => {
      const seen = window as unknown as { __firstPaint?: Record<string, string | null>; __serverPanel?: Element };
      // Marks the panel the parser inserted (before any script runs), to find out later whether
      // hydration kept it or rendered a new one; reads the page as it is at DOMContentLoaded.
      const observer = new MutationObserver(() => {
        const element = document.querySelector('[data-testid=attributes-panel]');
        if (element === null) return;
        seen.__serverPanel = element;
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
      document.addEventListener('DOMContentLoaded', () => {
        const text = (selector: string) => document.querySelector(`[data-testid=attributes-panel] ${selector}`)?.textContent ?? null;
        seen.__firstPaint = { status: text('[data-testid=status]'), count_product_views: text('[data-attribute=count_product_views]') };
      });
    });
    await page.goto(`${env.server.origin}${base}ssr-${duid}.html`);
    const firstPaint = await page.evaluate(() => (window as unknown as { __firstPaint?: Record<string, string | null> }).__firstPaint);
    // At DOMContentLoaded the client may or may not have hydrated yet (and the status may have moved on),
    // but the value is the bootstrap's either way.
    expect(firstPaint?.count_product_views).toBe('7');

    // The stored state loaded and the bootstrap taken as the server's answer: the values stay the server's.
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '7', '0', '0'));
    // Hydration adopted the server's nodes instead of rendering new ones.
    expect(await page.evaluate(() => {
      const seen = window as unknown as { __serverPanel?: Element };
      return seen.__serverPanel !== undefined && seen.__serverPanel === document.querySelector('[data-testid=attributes-panel]');
    })).toBe(true);

    await page.getByTestId('view-day-pack').click();
    await expect.poll(() => readPanel(page)).toEqual(panel('ready', '8', '0', '0'));
    // discount is "more than 3 product views": it held already on the server's 7, so the eighth view
    // crosses nothing, and the bootstrap itself fires nothing (it counts as a server answer).
    expect(await banners(page)).toEqual([]);

    const hydration = [...report.consoleErrors, ...report.consoleWarnings].filter((m) => /hydrat|did not match|didn't match/i.test(m));
    expect(hydration).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    expect(unexpectedErrors(report)).toEqual([]);
    await context.close();
  });

  // Once is enough (the type packages are React 19's either way).
  if (react === 19) it('the example type-checks, as an app that installed the package does', () => {
    const configFile = join(spa.app, 'tsconfig.json');
    const file = ts.readConfigFile(configFile, (path) => ts.sys.readFile(path));
    expect(file.error).toBeUndefined();
    // As `tsc -p` in the app's folder: type packages resolve from its node_modules.
    const config = ts.parseJsonConfigFileContent(file.config, ts.sys, spa.app, undefined, configFile);
    expect(config.fileNames.map((f) => f.replace(`${spa.app}/`, '')).sort()).toEqual([
      'src/app.tsx', 'src/client.tsx', 'src/components/attributes-panel.tsx', 'src/components/intervention-banners.tsx',
      'src/components/product-list.tsx', 'src/components/product-views-badge.tsx', 'src/products.ts', 'src/server.tsx', 'vite.config.ts',
    ]);
    const program = ts.createProgram(config.fileNames, config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName.replace(spa.app, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});

/** Imports both entries by package name in a plain Node process and renders a panel with React 19. */
const NODE_CHECK = `const before = { window: typeof window, document: typeof document };
const core = await import('signals-edge');
const { SignalsEdgeProvider, useAttributes, useIntervention } = await import('signals-edge/react');
const { createElement: h, version } = await import('react');
const { renderToString } = await import('react-dom/server');

function Panel({ options }) {
  const { status, values } = useAttributes(options);
  const discount = useIntervention('discount');
  return h('section', { 'data-testid': 'attributes-panel' },
    h('span', { 'data-testid': 'status' }, status),
    Object.entries(values).map(([name, value]) => h('dd', { key: name, 'data-attribute': name }, String(value))),
    discount === null ? null : h('aside', null, discount.name));
}

const bootstrap = JSON.parse(process.argv[2]);
const out = {
  react: version,
  exports: { SignalsEdgePlugin: typeof core.SignalsEdgePlugin, readBootstrap: typeof core.readBootstrap },
  plain: renderToString(h(SignalsEdgeProvider, null, h(Panel))),
  withoutProvider: renderToString(h(Panel)),
  withBootstrap: renderToString(h(SignalsEdgeProvider, { bootstrap }, h(Panel))),
  oneName: renderToString(h(SignalsEdgeProvider, { bootstrap }, h(Panel, { options: { names: ['count_product_views'] } }))),
  otherId: renderToString(h(SignalsEdgeProvider, { bootstrap }, h(Panel, { options: { id: 'someone-else' } }))),
};
process.stdout.write(JSON.stringify({ globals: { ...before, after: typeof window }, ...out }));
`;

it('in Node without window, signals-edge and signals-edge/react import by package name and render with React 19', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signals-edge-react-node-'));
  try {
    linkAppPackages(dir, 19);
    writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    writeFileSync(join(dir, 'check.mjs'), NODE_CHECK);
    const bootstrap = { attributeKey: 'domain_userid', id: 'visitor-1', readAt: Date.now(), values: { count_product_views: 7, count_add_to_cart: 1, total_cart_value: 60 } };
    const stdout = await new Promise<string>((done, fail) => {
      execFile(process.execPath, [join(dir, 'check.mjs'), JSON.stringify(bootstrap)], { cwd: dir, timeout: 15_000 }, (error, out, stderr) => {
        if (error !== null) fail(new Error(`check.mjs failed: ${error.message}\n${stderr}`));
        else done(out);
      });
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.globals).toEqual({ window: 'undefined', document: 'undefined', after: 'undefined' });
    expect(result.react).toMatch(/^19\./);
    expect(result.exports).toEqual({ SignalsEdgePlugin: 'function', readBootstrap: 'function' });
    const loading = '<section data-testid="attributes-panel"><span data-testid="status">loading</span>';
    expect(result.plain).toBe(`${loading}</section>`);
    expect(result.withoutProvider).toBe(`${loading}</section>`);
    expect(result.withBootstrap).toBe(`${loading}<dd data-attribute="count_product_views">7</dd><dd data-attribute="count_add_to_cart">1</dd><dd data-attribute="total_cart_value">60</dd></section>`);
    expect(result.oneName).toBe(`${loading}<dd data-attribute="count_product_views">7</dd></section>`);
    // The bootstrap is for its id only.
    expect(result.otherId).toBe(`${loading}</section>`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
