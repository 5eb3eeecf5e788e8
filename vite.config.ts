import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// One source, six outputs, chosen with `--mode`:
//   esm       → dist/index.js (npm entry, the core), dist/full.js, the opt-in parts dist/parts/*.js and the
//               Vite plugin dist/vite.js, one
//               file per module (dependencies external, tree-shakeable)
//   iife      → dist/signals-edge.iife.js (core script tag, everything bundled, window.snowplowSignalsEdge)
//   iife-full → dist/signals-edge.full.iife.js (the core and every part, same global)
//   iife-stream, iife-explain → dist/signals-edge.stream.iife.js, dist/signals-edge.explain.iife.js (add-ons
//               to the core script: window.snowplowSignalsEdgeStream, window.snowplowSignalsEdgeExplain)
//   cli       → dist/cli.js (Node, behind the `signals-edge` bin)
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys((pkg as { peerDependencies?: Record<string, string> }).peerDependencies ?? {}),
];
const isExternal = (id: string) => external.some((dep) => id === dep || id.startsWith(`${dep}/`));

/** The npm entries: the core and each opt-in part (package.json `exports`). */
export const ESM_ENTRIES: Readonly<Record<string, string>> = {
  index: 'src/index.ts',
  full: 'src/full.ts',
  'parts/definitions': 'src/parts/definitions.ts',
  'parts/stream': 'src/parts/stream.ts',
  'parts/explain': 'src/parts/explain.ts',
  vite: 'src/vite.ts',
  react: 'src/react.ts',
};

/** The script tags: IIFE entry, file, global. The add-ons load after the core script. */
const IIFE_BUILDS: Readonly<Record<string, [string, string, string]>> = {
  iife: ['src/browser.ts', 'signals-edge.iife.js', 'snowplowSignalsEdge'],
  'iife-full': ['src/browser-full.ts', 'signals-edge.full.iife.js', 'snowplowSignalsEdge'],
  'iife-stream': ['src/browser-stream.ts', 'signals-edge.stream.iife.js', 'snowplowSignalsEdgeStream'],
  'iife-explain': ['src/browser-explain.ts', 'signals-edge.explain.iife.js', 'snowplowSignalsEdgeExplain'],
};

export default defineConfig(({ mode }) => {
  const iife = IIFE_BUILDS[mode];
  if (iife !== undefined) {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        // Browsers with IndexedDB, BroadcastChannel and EventSource all run ES2020 (`??`, `?.` stay as written).
        target: 'es2020',
        minify: 'esbuild',
        lib: {
          entry: iife[0],
          name: iife[2],
          formats: ['iife'],
          fileName: () => iife[1],
        },
      },
    };
  }
  if (mode === 'cli') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'node20',
        ssr: 'src/cli/main.ts',
        minify: false,
        rollupOptions: {
          external: (id) => isExternal(id) || id.startsWith('node:') || builtinModules.includes(id),
          output: { entryFileNames: 'cli.js', format: 'es' },
        },
      },
    };
  }
  return {
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: 'es2020',
      minify: false,
      lib: { entry: { ...ESM_ENTRIES }, formats: ['es'] },
      // One file per module (dist/plugin/…, dist/engine/…): with `sideEffects: false`, an app's bundler
      // keeps only the modules its imports reach (shared chunks would carry one part's code into another).
      rollupOptions: {
        // Node's own modules: only the build-time entry (signals-edge/vite) imports them.
        external: (id) => isExternal(id) || id.startsWith('node:'),
        output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
      },
    },
  };
});
