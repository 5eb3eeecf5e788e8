// Bundles one browser script (and what it imports: src/, dist/, node_modules) into an IIFE text with
// Vite, in memory, for the test pages and the benchmark pages.
import { build, type Rollup } from 'vite';

const ROOT = new URL('..', import.meta.url).pathname;

/** The IIFE text of `entry` (an absolute path); `name` is its global. */
export async function bundleIife(entry: string, name: string, options: { minify?: boolean; target?: string } = {}): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    mode: 'production',
    build: {
      write: false,
      minify: options.minify === true ? 'esbuild' : false,
      target: options.target ?? 'es2020',
      lib: { entry, name, formats: ['iife'], fileName: () => `${name}.js` },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (chunk === undefined) throw new Error(`${entry} did not build`);
  return chunk.code;
}
