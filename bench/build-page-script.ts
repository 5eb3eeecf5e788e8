// Bundles a page script of bench/pages/ (with the built package in dist/ and the Snowplow tracker) into
// one IIFE, minified as a site would ship it; unminified for profiling.
import { fileURLToPath } from 'node:url';
import { bundleIife } from '../scripts/bundle-iife.js';

/** Builds `bench/pages/<name>.ts` into an IIFE text; `minify: false` keeps function names for profiles. */
export function buildPageScript(name: string, options: { minify?: boolean } = {}): Promise<string> {
  const entry = fileURLToPath(new URL(`./pages/${name}.ts`, import.meta.url));
  return bundleIife(entry, name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), { minify: options.minify !== false });
}
