import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// One source, three outputs, chosen with `--mode`:
//   esm  → dist/index.js (npm entry, dependencies external, tree-shakeable)
//   iife → dist/signals-edge.iife.js (script tag, everything bundled, window.snowplowSignalsEdge)
//   cli  → dist/cli.js (Node, behind the `signals-edge` bin)
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys((pkg as { peerDependencies?: Record<string, string> }).peerDependencies ?? {}),
];
const isExternal = (id: string) => external.some((dep) => id === dep || id.startsWith(`${dep}/`));

export default defineConfig(({ mode }) => {
  if (mode === 'iife') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        // Browsers with IndexedDB, BroadcastChannel and EventSource all run ES2020 (`??`, `?.` stay as written).
        target: 'es2020',
        minify: 'esbuild',
        lib: {
          entry: 'src/browser.ts',
          name: 'snowplowSignalsEdge',
          formats: ['iife'],
          fileName: () => 'signals-edge.iife.js',
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
      lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
      rollupOptions: { external: isExternal },
    },
  };
});
