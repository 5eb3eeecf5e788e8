import { join, resolve } from 'node:path';
import { SignalsEdgeError } from '../errors.js';
import type { Problem } from '../errors.js';
import { packageDir } from './package-dir.js';
import type { PlanUsage } from './plan-usage.js';
import { PLAN_MODULE_ID, signalsEdge } from './signals-edge-vite-plugin.js';

/** The global the script sets, as the core script tag does (`window.snowplowSignalsEdge`). */
export const SCRIPT_GLOBAL = 'snowplowSignalsEdge';
const ENTRY_ID = '\0signals-edge-tailored-entry';

export interface ScriptTag {
  /** The minified IIFE. */
  code: string;
  usage: PlanUsage;
  warnings: Problem[];
}

export interface BundleOptions {
  includeUnpublished?: boolean | undefined;
  /** How Vite is loaded (tests); default `import('vite')`. */
  loadVite?: () => Promise<typeof import('vite')>;
}

/**
 * Builds a script-tag file for one plan (or definitions bundle, compiled first): the core with the plan
 * embedded and only the aggregations and operators it uses, setting `window.snowplowSignalsEdge` as
 * `dist/signals-edge.iife.js` does; `SignalsEdgePlugin()` needs no `plan` option. Uses Vite (an optional
 * peer dependency) with the signals-edge Vite plugin.
 * @throws SignalsEdgeError when Vite is not installed or the file is unreadable or invalid.
 */
export async function bundleScriptTag(file: string, options: BundleOptions = {}): Promise<ScriptTag> {
  let vite: typeof import('vite');
  try {
    vite = await (options.loadVite ?? (() => import('vite')))();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new SignalsEdgeError('building a script tag needs Vite, an optional peer dependency of signals-edge: npm install --save-dev vite');
  }
  const { dir } = packageDir();
  const core = JSON.stringify(join(dir, 'dist/index.js'));
  // Relative to the working directory (the build's root is the package).
  const plugin = signalsEdge({ definitions: resolve(file), includeUnpublished: options.includeUnpublished });
  const warnings: Problem[] = [];
  const result = await vite.build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    publicDir: false,
    plugins: [plugin, {
      name: 'signals-edge-script-entry',
      resolveId: (id) => (id === ENTRY_ID ? ENTRY_ID : null),
      load: (id) => (id !== ENTRY_ID ? null : [
        `import { SignalsEdgePlugin as runPlan } from ${core};`,
        `import plan from ${JSON.stringify(PLAN_MODULE_ID)};`,
        'export { clearLocalState, getAttributes, onAttributesChange, whenReady, addInterventionHandlers, '
          + `removeInterventionHandlers } from ${core};`,
        '/** The core plugin, running the embedded plan unless the config names another. */',
        'export function SignalsEdgePlugin(config) {',
        '  const own = config != null && (config.plan !== undefined || config.definitions !== undefined);',
        '  return runPlan(own ? config : { ...config, plan });',
        '}',
      ].join('\n')),
    }],
    build: {
      write: false,
      minify: 'esbuild',
      target: 'es2020',
      modulePreload: false,
      rollupOptions: {
        input: ENTRY_ID,
        // An app build drops the entry's exports; this one is a library for the page.
        preserveEntrySignatures: 'strict',
        // The plugin's warnings (about the definitions) are the user's; Rollup's own about dependencies are not.
        onwarn: (warning) => {
          if (warning.plugin === 'signals-edge') warnings.push({ code: 'definitions', path: '', message: warning.message });
        },
        output: { format: 'iife', name: SCRIPT_GLOBAL, entryFileNames: 'signals-edge.js', inlineDynamicImports: true },
      },
    },
  }).catch((error: unknown) => {
    throw error instanceof SignalsEdgeError ? error : new SignalsEdgeError((error as Error).message);
  });
  const outputs = (Array.isArray(result) ? result : [result]) as import('vite').Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o): o is import('vite').Rollup.OutputChunk => o.type === 'chunk');
  if (chunk === undefined) throw new SignalsEdgeError(`the script tag for ${file} did not build`);
  return { code: chunk.code, usage: plugin.tailored().usage, warnings };
}
