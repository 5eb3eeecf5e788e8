// Bundles a page script of bench/pages/ (with what it imports: the built package in dist/, the
// Snowplow tracker from node_modules) into one IIFE with Vite, at run time, minified as a site would
// ship it; unminified for profiling.
import { fileURLToPath } from 'node:url';
import { build, type Rollup } from 'vite';
import { ROOT } from './start-bench-server.js';

/** Builds `bench/pages/<name>.ts` into an IIFE text; `minify: false` keeps function names for profiles. */
export async function buildPageScript(name: string, options: { minify?: boolean } = {}): Promise<string> {
  const minify = options.minify !== false;
  const entry = fileURLToPath(new URL(`./pages/${name}.ts`, import.meta.url));
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false,
      minify: minify ? 'esbuild' : false,
      target: 'es2020',
      lib: { entry, name: name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), formats: ['iife'], fileName: () => `${name}.js` },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (chunk === undefined) throw new Error(`bench page script ${name} did not build`);
  return chunk.code;
}
