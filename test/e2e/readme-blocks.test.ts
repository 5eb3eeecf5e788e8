// Every code block of the README, as pasted: the TypeScript (and TSX) blocks type-check against the built
// package as an app installs it (node_modules/signals-edge, strict, with the block's own imports) and
// the npm example runs in Chromium and logs what its comment says; the HTML blocks run in Chromium with
// the sp.js stand-in (which drops return values and replays its plugin queue as sp.js does) and count
// every event once; the shell blocks that do not start long-running services run, and their output
// matches what the README shows. A block this file does not know fails the test.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import type { BrowserContext, Page } from 'playwright-core';
import ts from 'typescript';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import { bundleScriptTag } from '../../src/tailor/bundle-script-tag.js';
import { USAGE } from '../../src/cli/usage.js';
import { buildSpHarness } from './fixtures/build-sp-harness.js';
import { linkAppPackages } from './fixtures/link-app-packages.js';
import { watchPage, type PageReport } from './fixtures/launch-chromium.js';
import { ROOT } from './fixtures/start-fixture-server.js';
import { useBrowserAndServer } from './fixtures/use-browser-and-server.js';

const run = promisify(execFile);
const env = useBrowserAndServer();

interface Block { lang: string; code: string; line: number }

function readBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!, code: `${body.join('\n')}\n`, line: start + 1 });
  }
  return blocks;
}

const BLOCKS = readBlocks(readFileSync(resolve(ROOT, 'README.md'), 'utf8'));
const byLang = (lang: string) => BLOCKS.filter((b) => b.lang === lang);
/** The one block of `lang` holding `marker`. */
function block(lang: string, marker: string): Block {
  const found = byLang(lang).filter((b) => b.code.includes(marker));
  expect(found, `one ${lang} block of README.md holding ${JSON.stringify(marker)}`).toHaveLength(1);
  return found[0]!;
}

/** The shell blocks, by what the test does with them. */
const SHELL = {
  /** The README promise itself: CI runs these two on a clean clone. */
  promise: ['npm ci && npm run demo\n', 'npm ci && npm test\n'],
  /** Run line by line (below), each in the app's folder. */
  run: ['npx signals-edge replay', 'npx signals-edge pull', 'npx signals-edge bundle', 'npm install signals-edge'],
};

/**
 * Set-up steps a shell block may start with, which the test stands in for: installing (the app's
 * node_modules links the checkout), building (npm test has built) and starting the dev server (the
 * test starts one on a free port and puts its URL in place of http://127.0.0.1:8787).
 */
const SETUP_STEPS = [/^npm ci && npm run build( && |$)/, /^npm run dev-server &$/, /^npm install [\w@/ .-]+$/];

/** Runs each `npx signals-edge …` line of a shell block in `cwd` (`> file` redirects stdout); returns stderr per line. */
async function runShellBlock(code: string, cwd: string, signalsUrl = ''): Promise<string[]> {
  const stderrs: string[] = [];
  for (const raw of code.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))) {
    const line = SETUP_STEPS.reduce((rest, step) => rest.replace(step, ''), raw);
    if (line === '') continue;
    expect(line, 'a README shell line the test can run').toMatch(/^npx signals-edge /);
    const [command, redirect] = line.replace('http://127.0.0.1:8787', signalsUrl).split(' > ');
    const args = command!.replace(/^npx signals-edge /, '').split(/\s+/);
    const { stdout, stderr } = await run(process.execPath, [resolve(ROOT, 'bin/signals-edge.js'), ...args], { cwd });
    if (redirect !== undefined) writeFileSync(join(cwd, redirect), stdout);
    stderrs.push(stderr);
  }
  return stderrs;
}

let dir: string;
let plan: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signals-edge-readme-'));
  linkAppPackages(dir, 19);
  const compiled = await compileBundle(JSON.parse(readFileSync(resolve(ROOT, 'examples/tutorial-definitions.json'), 'utf8')));
  if (!compiled.ok) throw new Error('the tutorial does not compile');
  plan = JSON.stringify(compiled.plan);
  writeFileSync(join(dir, 'plan.json'), plan);

  const files: Record<string, string> = {
    '/js/sp.js': await buildSpHarness(),
    '/js/signals-plan.json': plan,
    '/js/signals-edge.js': (await bundleScriptTag(resolve(ROOT, 'examples/tutorial-definitions.json'))).code,
  };
  for (const [path, file] of Object.entries({
    '/js/browser-plugin-snowplow-ecommerce.umd.min.js': 'node_modules/@snowplow/browser-plugin-snowplow-ecommerce/dist/index.umd.min.js',
    '/js/signals-edge.iife.js': 'dist/signals-edge.iife.js',
    '/js/signals-edge.stream.iife.js': 'dist/signals-edge.stream.iife.js',
    '/js/signals-edge.explain.iife.js': 'dist/signals-edge.explain.iife.js',
  })) files[path] = readFileSync(resolve(ROOT, file), 'utf8');
  for (const [path, body] of Object.entries(files)) env.server.addFile(path, body);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('every block of the README is one this file checks', () => {
  const known = [
    ...byLang('ts'), ...byLang('tsx'), ...byLang('html'), ...byLang('json'), ...byLang(''),
    ...byLang('sh').filter((b) => SHELL.promise.includes(b.code) || SHELL.run.some((m) => b.code.includes(m))),
  ];
  expect(BLOCKS.filter((b) => !known.includes(b)).map((b) => `README.md:${b.line} (${b.lang})`)).toEqual([]);
  expect(BLOCKS.filter((b) => !['ts', 'tsx', 'html', 'json', 'sh', ''].includes(b.lang)).map((b) => b.line)).toEqual([]);
});

describe('README TypeScript blocks', () => {
  it('each type-checks, strict, against the built package as an app installs it', () => {
    const names = [...byLang('ts'), ...byLang('tsx')].map((b, i) => {
      const name = join(dir, `block-${i + 1}.${b.lang}`);
      // Each block is its own module (the npm example awaits at top level).
      writeFileSync(name, `${b.code}export {};\n`);
      return name;
    });
    const options: ts.CompilerOptions = {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler, resolveJsonModule: true, skipLibCheck: true,
      exactOptionalPropertyTypes: true, jsx: ts.JsxEmit.ReactJSX, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: ['node', 'signals-edge/client'],
    };
    // As tsc would run in the app's folder.
    const host = ts.createCompilerHost(options);
    host.getCurrentDirectory = () => dir;
    const program = ts.createProgram(names, options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName.replace(dir, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });

  it('the npm example runs in Chromium and logs the values its comment shows', async () => {
    const example = block('ts', "from './plan.json'");
    writeFileSync(join(dir, 'npm-example.ts'), example.code);
    const result = await build({
      configFile: false, root: dir, logLevel: 'silent',
      build: { write: false, target: 'es2022', minify: false, lib: { entry: join(dir, 'npm-example.ts'), formats: ['es'], fileName: () => 'app.js' } },
    });
    const code = (result as Rollup.RollupOutput[])[0]!.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk')!.code;
    env.server.addFile('/readme/npm-example.js', code);
    env.server.addFile('/readme/npm-example.html', '<!doctype html><html><body><script type="module" src="/readme/npm-example.js"></script></body></html>');
    const expected = runInNewContext(`(${/\/\/ → (.*)\n/.exec(example.code)![1]!})`) as unknown;

    const context = await openContext();
    const { page, report, logs } = await openPage(context, '/readme/npm-example.html');
    await expect.poll(() => logs.length).toBe(1);
    expect(JSON.parse(logs[0]!)).toEqual(JSON.parse(JSON.stringify(expected)));
    await expect.poll(() => page.locator('p').allTextContents()).toEqual(['cart_abandonment', 'discount']);
    expect(report.pageErrors).toEqual([]);
    await context.close();
  });
});

/** A context whose collector (https://collector.example.com) answers as one would, CORS included. */
async function openContext(): Promise<BrowserContext> {
  const context = await env.browser.newContext();
  await context.route('https://collector.example.com/**', (route) => route.fulfill({
    status: 200,
    headers: {
      'access-control-allow-origin': env.server.origin, 'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'POST, GET, OPTIONS',
    },
    body: 'ok',
  }));
  await context.route('https://signals.example.com/**', (route) => route.abort());
  return context;
}

async function openPage(context: BrowserContext, path: string): Promise<{ page: Page; report: PageReport; logs: string[] }> {
  const page = await context.newPage();
  const report = await watchPage(page);
  const logs: string[] = [];
  page.on('console', async (message) => {
    if (message.type() !== 'log') return;
    const values = await Promise.all(message.args().map((a) => a.jsonValue().catch(() => String(a))));
    logs.push(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' '));
  });
  await page.goto(`${env.server.origin}${path}`);
  return { page, report, logs };
}

type Snowplow = (...args: unknown[]) => void;
const product = (id: string) => ({ id, name: `Product ${id}`, category: 'gear', price: 10, currency: 'USD' });

/** The values, through an sp.js command's callback. */
function ask(page: Page, command: string): Promise<unknown> {
  return page.evaluate((name) => new Promise((done) => {
    (window as unknown as { snowplow: Snowplow }).snowplow(name, { service: 'ecom_attributes', callback: done });
  }), command);
}

describe('README HTML blocks (sp.js)', () => {
  it('the sp.js example: events tracked before and after the plugins load count once, and getAttributes answers its callback', async () => {
    const example = block('html', "'SnowplowEcommercePlugin'");
    env.server.addFile('/readme/sp.html', `<!doctype html><html><head>${example.code}</head><body></body></html>`);
    const context = await openContext();
    const { page, report, logs } = await openPage(context, '/readme/sp.html');
    // The page's own getAttributes command, queued before sp.js loaded, answered its callback.
    await expect.poll(() => logs.length).toBe(1);
    expect(JSON.parse(logs[0]!)).toEqual({ count_product_views: 0, count_add_to_cart: 0, total_cart_value: null });
    const track = (id: string) => page.evaluate((p) => (window as unknown as { snowplow: Snowplow }).snowplow('trackProductView', p), product(id));
    for (const id of ['a', 'b', 'c', 'd']) await track(id);
    expect(await page.locator('p').allTextContents()).toEqual(['discount']);
    // A plugin added from a URL later on (sp.js then holds and replays commands): still counted once.
    await page.evaluate(() => (window as unknown as { snowplow: Snowplow }).snowplow('addPlugin', '/js/signals-edge.explain.iife.js', ['snowplowSignalsEdgeExplain', 'SignalsEdgeExplainPlugin']));
    await track('e');
    await expect.poll(() => page.evaluate(() => (window as unknown as { snowplowSignalsEdgeExplain?: object }).snowplowSignalsEdgeExplain !== undefined)).toBe(true);
    await track('f');
    expect(await ask(page, 'getAttributes')).toEqual({ count_product_views: 6, count_add_to_cart: 0, total_cart_value: null });
    expect(report.pageErrors).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    await context.close();
  });

  it('without the README\'s order (plugins from URLs, one added later), sp.js replays events: the stand-in does what sp.js does', async () => {
    env.server.addFile('/readme/sp-urls.html', `<!doctype html><html><head><script>
      window.GlobalSnowplowNamespace = ['snowplow'];
      window.snowplow = function () { (window.snowplow.q = window.snowplow.q || []).push(arguments); };
      snowplow('newTracker', 'sp', 'https://collector.example.com', { appId: 'shop' });
      snowplow('addPlugin', '/js/browser-plugin-snowplow-ecommerce.umd.min.js', ['snowplowEcommerceAccelerator', 'SnowplowEcommercePlugin']);
      snowplow('addPlugin', '/js/signals-edge.iife.js', ['snowplowSignalsEdge', 'SignalsEdgePlugin'], [{ plan: { url: '/js/signals-plan.json' } }]);
      snowplow('trackProductView', ${JSON.stringify(product('early'))});
    </script><script async src="/js/sp.js"></script></head><body></body></html>`);
    const context = await openContext();
    const { page } = await openPage(context, '/readme/sp-urls.html');
    await expect.poll(() => page.evaluate(() => (window as unknown as { snowplowSignalsEdge?: object }).snowplowSignalsEdge !== undefined)).toBe(true);
    await expect.poll(() => ask(page, 'getAttributes')).toEqual({ count_product_views: 1, count_add_to_cart: 0, total_cart_value: null });
    await page.evaluate(() => (window as unknown as { snowplow: Snowplow }).snowplow('addPlugin', '/js/signals-edge.explain.iife.js', ['snowplowSignalsEdgeExplain', 'SignalsEdgeExplainPlugin']));
    // The early product view ran again once the second plugin loaded: a new event, counted again.
    await expect.poll(() => ask(page, 'getAttributes')).toEqual({ count_product_views: 2, count_add_to_cart: 0, total_cart_value: null });
    await context.close();
  });

  it('the add-ons example and the tailored script-tag example run as pasted', async () => {
    for (const [marker, path] of [['SignalsEdgeStreamPlugin', '/readme/addons.html'], ['src="/js/signals-edge.js"', '/readme/tailored.html']] as const) {
      env.server.addFile(path, `<!doctype html><html><head>${block('html', marker).code}</head><body></body></html>`);
      const context = await openContext();
      const { page, report, logs } = await openPage(context, path);
      await page.waitForFunction(() => (window as unknown as { snowplow: { q: unknown } }).snowplow.q !== undefined && !Array.isArray((window as unknown as { snowplow: { q: unknown } }).snowplow.q));
      // The page view the block tracks.
      expect(await ask(page, 'getAttributes')).toEqual({ count_product_views: 0, count_add_to_cart: 0, total_cart_value: null });
      if (marker === 'SignalsEdgeStreamPlugin') {
        await expect.poll(() => logs.length).toBe(1);
        expect(JSON.parse(logs[0]!).map((e: { name: string }) => e.name)).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
      }
      expect(report.pageErrors).toEqual([]);
      await context.close();
    }
  });
});

describe('README shell, JSON and synopsis blocks', () => {
  it('the replay example prints what the JSON block shows', async () => {
    const replay = block('sh', 'npx signals-edge replay');
    const [command] = replay.code.trim().replace(SETUP_STEPS[0]!, '').split('\n');
    const args = command!.replace(/^npx signals-edge /, '').split(/\s+/);
    const { stdout } = await run(process.execPath, [resolve(ROOT, 'bin/signals-edge.js'), ...args], { cwd: ROOT });
    const output = JSON.parse(stdout) as { attributes: { domain_userid: Record<string, Record<string, number>> }; interventions: { name: string }[] };
    const shown = block('json', '"attributes"').code;
    const prefix = /"(\w+)…"/.exec(shown)![1]!;
    const values = Object.entries(output.attributes.domain_userid).find(([id]) => id.startsWith(prefix))?.[1];
    expect(values, `a domain_userid starting ${prefix}`).toBeDefined();
    for (const [, name, value] of shown.matchAll(/"(ecom_attributes_v1:\w+)":([\d.]+)/g)) expect(values![name!], name).toBe(Number(value));
    expect(output.interventions[0]!.name).toBe(/"name":"(\w+)"/.exec(shown)![1]);
  });

  it('the npm set-up, the registry steps and the bundle step run as written', async () => {
    const app = join(dir, 'app');
    mkdirSync(join(app, 'src'), { recursive: true });
    mkdirSync(join(app, 'public/js'), { recursive: true });
    writeFileSync(join(app, 'defs.json'), readFileSync(resolve(ROOT, 'examples/tutorial-definitions.json')));
    await runShellBlock(block('sh', 'npm install signals-edge').code, app);
    expect(JSON.parse(readFileSync(join(app, 'src/plan.json'), 'utf8'))).toEqual(JSON.parse(plan));

    const { createDevServer } = await import('../../demo/server/create-dev-server.js');
    const signals = await createDevServer({ port: 0, log: () => undefined });
    try {
      await runShellBlock(block('sh', 'npx signals-edge pull').code, app, signals.url);
      expect(JSON.parse(readFileSync(join(app, 'plan.json'), 'utf8')).definitions.interventions.map((i: { name: string }) => i.name))
        .toEqual(['cart_abandonment', 'discount', 'free_shipping']);
    } finally {
      await signals.close();
    }

    const bundle = block('sh', 'npx signals-edge bundle');
    const [stderr] = await runShellBlock(bundle.code, app);
    // The same line as the comment, the size within 3 % of it (the pulled plan is not byte for byte the example's).
    const shown = /^# bundle: (\d+) bytes gzip(; .*)$/m.exec(bundle.code)!;
    const printed = /^bundle: (\d+) bytes gzip(; .*)\n$/.exec(stderr!);
    expect(printed?.[2]).toBe(shown[2]);
    expect(Math.abs(Number(printed![1]) / Number(shown[1]) - 1)).toBeLessThan(0.03);
    const script = readFileSync(join(app, 'public/js/signals-edge.js'), 'utf8');
    expect(script).toMatch(/^var snowplowSignalsEdge=/);
    expect(script).toContain(JSON.parse(readFileSync(join(app, 'plan.json'), 'utf8')).source_sha256);
  });

  it('the CLI synopsis is the one --help prints', () => {
    const synopsis = byLang('').find((b) => b.code.startsWith('signals-edge pull'))!;
    for (const line of synopsis.code.trim().split('\n')) expect(USAGE, line).toContain(`  ${line}`);
  });
});
