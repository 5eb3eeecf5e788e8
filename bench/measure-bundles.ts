// Bundle sizes, gzip level 9 (as test/unit/build/bundle-size.test.ts measures): the script-tag bundle
// as built, an app's `import { SignalsEdgePlugin } from 'signals-edge'` (minified, the Snowplow
// packages external: the app has them already), and where the script-tag bytes come from, per module.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transformWithEsbuild, type Rollup } from 'vite';
import { bundleScriptTag } from '../src/tailor/bundle-script-tag.js';
import { ROOT } from './start-bench-server.js';

export interface BundleSizes {
  /** The core script tag. */
  iife: number;
  /** The script tag with every opt-in part. */
  full_iife: number;
  esm_plugin_import: number;
  /** What `signals-edge/react` adds to an app that imports the plugin (React external). */
  react_bindings: number;
  /** `signals-edge bundle` of the tutorial: the core with its plan embedded and only what it uses. */
  tailored_tutorial: number;
  /** Script-tag bytes by source area: each area minified and gzipped alone (so the sum exceeds `iife`). */
  iife_by_area: { area: string; minified: number; gzip: number }[];
  /** The 15 largest modules of the script-tag bundle, each minified and gzipped alone. */
  iife_largest_modules: { module: string; minified: number; gzip: number }[];
}

const measureGzip = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

async function buildChunk(config: Parameters<typeof build>[0]): Promise<Rollup.OutputChunk> {
  const result = await build({ configFile: false, root: ROOT, logLevel: 'silent', mode: 'production', ...config });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (chunk === undefined) throw new Error('bundle did not build');
  return chunk;
}

/** The gzip size of an app bundling `entry` (minified; the Snowplow packages and React external: the app has them). */
async function measureApp(entry: string): Promise<number> {
  const chunk = await buildChunk({
    build: {
      write: false,
      minify: 'esbuild',
      target: 'es2019',
      lib: { entry: resolve(ROOT, entry), formats: ['es'], fileName: () => 'app.js' },
      rollupOptions: { external: (id) => id.startsWith('@snowplow/') || id === 'react' || id.startsWith('react/') },
    },
  });
  // Vite's library mode keeps whitespace in ES output; an app's bundler would not.
  const app = await transformWithEsbuild(chunk.code, 'app.js', { minify: true, target: 'es2019', format: 'esm', loader: 'js' });
  return measureGzip(app.code);
}

/** `src/engine/x.ts` → `src/engine`; `node_modules/idb/…` → `idb`. */
function readArea(id: string): string {
  const path = relative(ROOT, id.replace(/^\0/, ''));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg !== null) return pkg[1]!;
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : path;
}

/** Measures the built script-tag bundle and builds the other two views. */
export async function measureBundles(): Promise<BundleSizes> {
  const iife = measureGzip(readFileSync(resolve(ROOT, 'dist/signals-edge.iife.js')));
  const fullIife = measureGzip(readFileSync(resolve(ROOT, 'dist/signals-edge.full.iife.js')));
  const esmPlugin = await measureApp('bench/pages/esm-plugin-import.ts');
  const withReact = await measureApp('bench/pages/react-bindings-import.ts');
  // The script-tag bundle again (as vite.config.ts builds it), unminified, to see its modules.
  const iifeChunk = await buildChunk({
    build: {
      write: false,
      minify: false,
      target: 'es2019',
      lib: { entry: resolve(ROOT, 'src/browser.ts'), name: 'snowplowSignalsEdge', formats: ['iife'], fileName: () => 'iife.js' },
    },
  });
  const areas = new Map<string, string[]>();
  const modules: BundleSizes['iife_largest_modules'] = [];
  const minify = async (text: string) => (await transformWithEsbuild(text, 'module.js', { minify: true, target: 'es2019', loader: 'js' })).code;
  for (const [id, module] of Object.entries(iifeChunk.modules)) {
    if (module.code === null || module.code.trim() === '') continue;
    const area = readArea(id);
    areas.set(area, [...(areas.get(area) ?? []), module.code]);
    const code = await minify(module.code);
    modules.push({ module: relative(ROOT, id.replace(/^\0/, '')), minified: code.length, gzip: measureGzip(code) });
  }
  const byArea: BundleSizes['iife_by_area'] = [];
  for (const [area, codes] of areas) {
    const code = await minify(codes.join('\n'));
    byArea.push({ area, minified: code.length, gzip: measureGzip(code) });
  }
  byArea.sort((a, b) => b.gzip - a.gzip);
  modules.sort((a, b) => b.gzip - a.gzip);
  const tailored = await bundleScriptTag(resolve(ROOT, 'examples/tutorial-definitions.json'));
  return {
    iife, full_iife: fullIife, esm_plugin_import: esmPlugin, react_bindings: withReact - esmPlugin, tailored_tutorial: measureGzip(tailored.code), iife_by_area: byArea, iife_largest_modules: modules.slice(0, 15),
  };
}
