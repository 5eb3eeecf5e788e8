// dist/<entry>.d.ts re-export the declarations tsc wrote under dist/types, one per npm entry.
import { writeFileSync } from 'node:fs';

const ENTRIES = {
  index: 'index.js',
  full: 'full.js',
  definitions: 'parts/definitions.js',
  stream: 'parts/stream.js',
  explain: 'parts/explain.js',
  vite: 'vite.js',
  react: 'react.js',
};

for (const [name, types] of Object.entries(ENTRIES)) {
  writeFileSync(new URL(`../dist/${name}.d.ts`, import.meta.url), `export * from './types/${types}';\n`);
}

// `/// <reference types="signals-edge/client" />`: the plan module the Vite plugin serves.
writeFileSync(new URL('../dist/client.d.ts', import.meta.url), `declare module 'virtual:signals-edge-plan' {
  const plan: import('./types/plan/plan-format.js').SignalsEdgePlan;
  export default plan;
}
`);
