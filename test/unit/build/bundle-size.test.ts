// Size budgets of every entry, measured on the built files (so `npm test` builds first): the script
// tags as built, and each npm entry as an app's bundler takes it (esbuild, minified, the Snowplow
// packages external: the app has them already). Each budget is about 3 % over its measured size, so
// growth is a decision: lower a budget as the code shrinks, and raise one only with the reason in the
// README's "Parts and sizes". The core must not carry the opt-in parts, and no build may need eval.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleScriptTag } from '../../../src/tailor/bundle-script-tag.js';

const DIST = new URL('../../../dist/', import.meta.url);
const gzip = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** Script tags: file → gzip budget (measured 33,463, 54,463, 6,067 and 3,997 bytes with the answer callbacks for sp.js, the tracked-JSON capture (~1 KB), shared window columns in stored records (~0.4 KB) and the runtime's status with handlers kept for trackers that come later (~0.1 KB, for the stores) and the bootstrap values (~0.4 KB); the stream add-on carries the event view's parameter table, which the core has too). */
const SCRIPT_TAGS: Record<string, number> = {
  'signals-edge.iife.js': 33_900,
  'signals-edge.full.iife.js': 55_100,
  'signals-edge.stream.iife.js': 6_240,
  'signals-edge.explain.iife.js': 4_010,
};

/** npm entries as a consumer imports them: what is imported → gzip budget. */
const IMPORTS: { from: string; names: string[]; budget: number }[] = [
  { from: 'react.js', names: ['SignalsEdgeProvider', 'useAttributes', 'useIntervention', 'useInterventions', 'markInterventionHandled'], budget: 1_970 }, // 1,910: the hooks, the provider and the stores (React is the app's)
  { from: 'index.js', names: ['SignalsEdgePlugin'], budget: 31_900 }, // measured 31,756 (the runtime as parts costs ~790 B over one closure: their method names stay)
  { from: 'parts/definitions.js', names: ['SignalsEdgePlugin'], budget: 49_500 }, // 48,892
  { from: 'parts/stream.js', names: ['subscribeToInterventions'], budget: 6_200 }, // 6,019 (the event view's parameter table, shared with the core)
  { from: 'parts/explain.js', names: ['explainInterventions', 'inspectAttributes'], budget: 3_880 }, // 3,862
  { from: 'full.js', names: ['SignalsEdgePlugin', 'subscribeToInterventions', 'explainInterventions'], budget: 53_300 }, // 52,642
];

/** `signals-edge bundle` of the tutorial (measured 31,051 with the bootstrap: the core less ~2 KB of aggregations, LIKE and RLIKE, plus the plan). */
const TAILORED_TUTORIAL_BUDGET = 31_900;

/** Text that only the opt-in parts hold: the zod wire schema, the stream (SSE), explain. */
const NOT_IN_CORE: Record<string, RegExp> = {
  'the wire schema (zod)': /did you mean|\$ZodType|unknown field/,
  'the interventions stream': /EventSource|text\/event-stream/,
  'explain': /the criteria hold|none of the alternatives holds/,
};

function readBuilt(file: string): string {
  const url = new URL(file, DIST);
  expect(existsSync(url), `dist/${file} is missing: run npm run build`).toBe(true);
  return readFileSync(url, 'utf8');
}

/** The gzip size of an app that imports `names` from `dist/<from>` and uses them. */
async function consumerBytes(from: string, names: string[]): Promise<number> {
  const result = await build({
    stdin: {
      contents: `import { ${names.join(', ')} } from ${JSON.stringify(new URL(from, DIST).pathname)};\nglobalThis.used = [${names.join(', ')}];\n`,
      resolveDir: new URL('.', DIST).pathname,
      loader: 'js',
    },
    bundle: true, minify: true, format: 'esm', target: 'es2020', platform: 'browser', write: false, logLevel: 'silent',
    external: ['@snowplow/*', 'react'],
  });
  return gzip(result.outputFiles[0]!.contents);
}

describe('bundle sizes', () => {
  for (const [file, budget] of Object.entries(SCRIPT_TAGS)) {
    it(`dist/${file} stays within ${budget} bytes gzip`, () => {
      const bytes = gzip(readBuilt(file));
      console.log(`${file}: ${bytes} bytes gzip (budget ${budget})`);
      expect(bytes).toBeLessThanOrEqual(budget);
    });
  }

  for (const { from, names, budget } of IMPORTS) {
    it(`import { ${names.join(', ')} } from dist/${from} stays within ${budget} bytes gzip`, async () => {
      const bytes = await consumerBytes(from, names);
      console.log(`import { ${names.join(', ')} } from ${from}: ${bytes} bytes gzip (budget ${budget})`);
      expect(bytes).toBeLessThanOrEqual(budget);
    });
  }

  it(`the tutorial's tailored script tag (signals-edge bundle) stays within ${TAILORED_TUTORIAL_BUDGET} bytes gzip, needs no eval, and is smaller than the core`, async () => {
    const { code } = await bundleScriptTag(new URL('../../../examples/tutorial-definitions.json', import.meta.url).pathname);
    const bytes = gzip(code);
    console.log(`tailored tutorial: ${bytes} bytes gzip (budget ${TAILORED_TUTORIAL_BUDGET})`);
    expect(bytes).toBeLessThanOrEqual(TAILORED_TUTORIAL_BUDGET);
    expect(bytes).toBeLessThan(gzip(readBuilt('signals-edge.iife.js')) - 1500);
    expect(code).not.toMatch(/\beval\b|\bFunction\b|\bimport\(/);
    for (const [part, text] of Object.entries(NOT_IN_CORE)) expect(code, `the tailored script tag holds ${part}`).not.toMatch(text);
  });

  it('the core (script tag and `import { SignalsEdgePlugin }`) carries none of the opt-in parts', async () => {
    const core = readBuilt('signals-edge.iife.js');
    const app = await build({
      stdin: {
        contents: `export { SignalsEdgePlugin } from ${JSON.stringify(new URL('index.js', DIST).pathname)};`,
        resolveDir: new URL('.', DIST).pathname,
        loader: 'js',
      },
      bundle: true, minify: true, format: 'esm', write: false, logLevel: 'silent', external: ['@snowplow/*'],
    });
    const imported = app.outputFiles[0]!.text;
    for (const [part, text] of Object.entries(NOT_IN_CORE)) {
      expect(core, `the core script tag holds ${part}`).not.toMatch(text);
      expect(imported, `import { SignalsEdgePlugin } holds ${part}`).not.toMatch(text);
    }
    // The full build does hold each of them (so the patterns above still find what they look for).
    const full = readBuilt('signals-edge.full.iife.js');
    for (const text of Object.values(NOT_IN_CORE)) expect(full).toMatch(text);
    // The React bindings are in signals-edge/react only.
    for (const code of [core, imported, full]) expect(code).not.toMatch(/useSyncExternalStore/);
    expect(readBuilt('react/use-attributes.js')).toMatch(/useSyncExternalStore/);
  });

  it('no script tag uses eval, Function in any form, or a dynamic import (strict CSP)', () => {
    for (const file of Object.keys(SCRIPT_TAGS)) {
      expect(readBuilt(file), file).not.toMatch(/\beval\b|\bFunction\b|\bimport\(/);
    }
  });
});
