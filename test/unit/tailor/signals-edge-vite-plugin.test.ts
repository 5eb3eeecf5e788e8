// The Vite plugin in a real Vite build of a small app that imports the package as an app does
// (node_modules/signals-edge → this checkout, the built dist/): the plan arrives through
// virtual:signals-edge-plan, the unused aggregations and operators are left out, and a bad
// definitions file fails the build naming the file and each problem's JSON path.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBundle } from '../../../src/plan/compile-bundle.js';
import { signalsEdge } from '../../../src/vite.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TUTORIAL = join(ROOT, 'test/fixtures/tutorial-definitions.json');
let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'signals-edge-vite-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(ROOT, join(app, 'node_modules/signals-edge'));
  writeFileSync(join(app, 'tailored.js'), [
    "import { SignalsEdgePlugin } from 'signals-edge';",
    "import plan from 'virtual:signals-edge-plan';",
    'globalThis.plan = plan;',
    'globalThis.plugin = SignalsEdgePlugin({ plan });',
  ].join('\n'));
  writeFileSync(join(app, 'plain.js'), [
    "import { SignalsEdgePlugin } from 'signals-edge';",
    "import plan from './plan.json';",
    'globalThis.plugin = SignalsEdgePlugin({ plan });',
  ].join('\n'));
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function buildApp(entry: string, plugins: Plugin[]): Promise<string> {
  const result = await build({
    configFile: false, root: app, logLevel: 'silent', plugins,
    build: {
      write: false, minify: 'esbuild', target: 'es2020',
      lib: { entry: join(app, entry), formats: ['es'], fileName: () => 'app.js' },
      rollupOptions: { external: (id) => id.startsWith('@snowplow/') },
    },
  });
  const output = (result as Rollup.RollupOutput[])[0]!.output;
  return (output.find((o): o is Rollup.OutputChunk => o.type === 'chunk'))!.code;
}

describe('signals-edge/vite', () => {
  it('serves the compiled plan and leaves out what the tutorial does not use', async () => {
    const compiled = await compileBundle(JSON.parse(readFileSync(TUTORIAL, 'utf8')));
    if (!compiled.ok) throw new Error('tutorial does not compile');
    writeFileSync(join(app, 'plan.json'), JSON.stringify(compiled.plan));
    const plugin = signalsEdge({ definitions: TUTORIAL });
    const tailored = await buildApp('tailored.js', [plugin]);
    const plain = await buildApp('plain.js', []);
    expect(plugin.tailored().plan).toEqual(compiled.plan);
    expect(plugin.tailored().usage).toEqual({ aggregations: ['counter', 'sum'], like: false, rlike: false });
    expect(tailored).toContain(compiled.plan.source_sha256);
    expect(tailored).toContain('not in this build of signals-edge');
    expect(plain).not.toContain('not in this build of signals-edge');
    // The RLIKE safety scan and the other aggregations stay out.
    expect(plain).toMatch(/is longer than/);
    expect(tailored).not.toMatch(/is longer than/);
    const size = (code: string) => gzipSync(code, { level: 9 }).length;
    console.log(`tutorial app: ${size(tailored)} bytes gzip tailored, ${size(plain)} untailored`);
    expect(size(plain) - size(tailored)).toBeGreaterThan(2000);
  });

  it('a definitions file relative to the root, and a plan file, work as the bundle does', async () => {
    writeFileSync(join(app, 'defs.json'), readFileSync(TUTORIAL));
    const fromBundle = signalsEdge({ definitions: 'defs.json' });
    await buildApp('tailored.js', [fromBundle]);
    const fromPlan = signalsEdge({ definitions: 'plan.json' });
    await buildApp('tailored.js', [fromPlan]);
    expect(fromPlan.tailored().plan).toEqual(fromBundle.tailored().plan);
  });

  it('a bad definitions file fails the build, naming the file and every problem by path', async () => {
    const bundle = JSON.parse(readFileSync(TUTORIAL, 'utf8'));
    bundle.attribute_groups[0].attributes[1].aggregation = 'counted';
    delete bundle.services[0].name;
    writeFileSync(join(app, 'bad.json'), JSON.stringify(bundle));
    const failure = await buildApp('tailored.js', [signalsEdge({ definitions: 'bad.json' })]).then(() => null, (e: Error) => e);
    expect(failure?.message).toContain(join(app, 'bad.json'));
    expect(failure?.message).toMatch(/attribute_groups\[0\]\.attributes\[1\]\.aggregation: /);
    expect(failure?.message).toMatch(/services\[0\]\.name: /);
    writeFileSync(join(app, 'cut.json'), '{"attribute_groups": [');
    await expect(buildApp('tailored.js', [signalsEdge({ definitions: 'cut.json' })])).rejects.toThrow(/cut\.json: .*JSON/);
    await expect(buildApp('tailored.js', [signalsEdge({ definitions: 'missing.json' })])).rejects.toThrow(/missing\.json: ENOENT/);
  });

  it('refuses to start without a definitions file', () => {
    expect(() => signalsEdge({} as never)).toThrow(/give the path of a definitions bundle or a plan/);
  });
});

describe('signals-edge/vite in the dev server', () => {
  it('serves the plan, and after the definitions file changes serves the new plan and reloads the page', async () => {
    const { createServer } = await import('vite');
    const file = join(app, 'dev.json');
    const bundle = JSON.parse(readFileSync(TUTORIAL, 'utf8'));
    writeFileSync(file, JSON.stringify(bundle));
    const server = await createServer({
      configFile: false, root: app, logLevel: 'silent', plugins: [signalsEdge({ definitions: 'dev.json' })],
      server: { middlewareMode: true, hmr: false, watch: null },
    });
    try {
      await server.pluginContainer.buildStart({});
      const names = async () => ((await server.ssrLoadModule('virtual:signals-edge-plan')).default as { definitions: { interventions: { name: string }[] } })
        .definitions.interventions.map((i) => i.name);
      expect(await names()).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
      const sent: unknown[] = [];
      server.ws.send = ((payload: unknown) => { sent.push(payload); }) as typeof server.ws.send;
      bundle.interventions = bundle.interventions.slice(1);
      writeFileSync(file, JSON.stringify(bundle));
      const plugin = server.config.plugins.find((p) => p.name === 'signals-edge')!;
      await (plugin.handleHotUpdate as (ctx: { file: string; server: typeof server }) => Promise<unknown>)({ file, server });
      expect(sent).toEqual([{ type: 'full-reload' }]);
      expect(await names()).toEqual(['discount', 'free_shipping']);
    } finally {
      await server.close();
    }
  });
});
