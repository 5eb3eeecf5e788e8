import { defineConfig } from 'vite';
import { signalsEdge } from 'signals-edge/vite';

export default defineConfig({
  // TSX through Vite's own esbuild, with React's automatic runtime (no React plugin needed).
  esbuild: { jsx: 'automatic' },
  // Compiles the tutorial's definitions when the build starts and serves them as virtual:signals-edge-plan.
  plugins: [signalsEdge({ definitions: '../tutorial-definitions.json' })],
  // `vite build --ssr src/server.tsx`: one self-contained file for Node, React included.
  ssr: { noExternal: true },
});
