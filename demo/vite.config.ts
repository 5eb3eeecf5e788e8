// Vite build of the demo storefront: two pages (index.html, the npm setup; script-tag.html, the
// script-tag setup) into demo/dist, plus the files the script-tag page loads with plain <script> tags.
// Used by `npm run demo` (demo/run-demo.ts); also `npx vite --config demo/vite.config.ts` for development
// (start the dev server on 8787 beside it: `npm run dev-server`).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type InlineConfig, type Plugin } from 'vite';
import { formatProblems } from '../src/errors.js';
import { compileBundle } from '../src/plan/compile-bundle.js';

const DEMO = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(DEMO, '..');

/** The storefront modules shared by both pages (not their entries). */
const SHARED_UI = /\/demo\/src\/(?!main\.ts$|script-tag\.ts$)[^/]+$/;

/** Output path → file of the checkout: the UMD builds and the script-tag bundle. */
export const SCRIPT_TAG_FILES: Readonly<Record<string, string>> = {
  'vendor/snowplow-browser-tracker.umd.min.js': 'node_modules/@snowplow/browser-tracker/dist/index.umd.min.js',
  'vendor/snowplow-ecommerce.umd.min.js': 'node_modules/@snowplow/browser-plugin-snowplow-ecommerce/dist/index.umd.min.js',
  'vendor/signals-edge.full.iife.js': 'dist/signals-edge.full.iife.js',
};

/** Where both pages fetch their plan: the tutorial definitions compiled as `signals-edge compile` does it. */
export const PLAN_FILE = 'tutorial-plan.json';

async function compileTutorialPlan(): Promise<string> {
  const bundle: unknown = JSON.parse(readFileSync(resolve(ROOT, 'examples/tutorial-definitions.json'), 'utf8'));
  const result = await compileBundle(bundle);
  if (!result.ok) throw new Error(`demo: the tutorial definitions do not compile: ${formatProblems(result.problems)}`);
  return `${JSON.stringify(result.plan, null, 2)}\n`;
}

/** Reads one of SCRIPT_TAG_FILES, saying what to do when the library has not been built. */
function readScriptTagFile(from: string): Buffer {
  try {
    return readFileSync(resolve(ROOT, from));
  } catch (error) {
    const hint = from.startsWith('dist/') ? ' (run `npm run build` first)' : '';
    throw new Error(`demo: cannot read ${from}${hint}: ${(error as Error).message}`);
  }
}

/** Emits SCRIPT_TAG_FILES and the plan into the build, and serves them in Vite's dev server. */
function addScriptTagFiles(): Plugin {
  return {
    name: 'signals-edge-demo:script-tag-files',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname.slice(1);
        if (path === PLAN_FILE) {
          compileTutorialPlan().then((plan) => {
            response.setHeader('Content-Type', 'application/json');
            response.end(plan);
          }, next);
          return;
        }
        const from = Object.hasOwn(SCRIPT_TAG_FILES, path) ? SCRIPT_TAG_FILES[path] : undefined;
        if (from === undefined) return next();
        response.setHeader('Content-Type', 'text/javascript');
        response.end(readScriptTagFile(from));
      });
    },
    async generateBundle() {
      for (const [fileName, from] of Object.entries(SCRIPT_TAG_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readScriptTagFile(from) });
      }
      this.emitFile({ type: 'asset', fileName: PLAN_FILE, source: await compileTutorialPlan() });
    },
  };
}

/** The demo's Vite configuration (no config file is read: the repository's vite.config.ts builds the library). */
export function createDemoViteConfig(): InlineConfig {
  return {
    configFile: false,
    root: DEMO,
    base: './',
    publicDir: resolve(DEMO, 'public'),
    logLevel: 'warn',
    // `import … from 'signals-edge'` (and its parts, 'signals-edge/stream', …) are the package entries, built from source.
    resolve: {
      alias: [
        { find: /^signals-edge$/, replacement: resolve(ROOT, 'src/index.ts') },
        { find: /^signals-edge\/full$/, replacement: resolve(ROOT, 'src/full.ts') },
        { find: /^signals-edge\/(definitions|stream|explain)$/, replacement: resolve(ROOT, 'src/parts/$1.ts') },
      ],
    },
    build: {
      outDir: resolve(DEMO, 'dist'),
      emptyOutDir: true,
      target: 'es2020',
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: { main: resolve(DEMO, 'index.html'), scriptTag: resolve(DEMO, 'script-tag.html') },
        // The UI both pages share, in one chunk named after it.
        output: { manualChunks: (id) => (SHARED_UI.test(id) ? 'storefront' : undefined) },
      },
    },
    plugins: [addScriptTagFiles()],
  };
}

export default defineConfig(createDemoViteConfig());
