// dist/index.d.ts re-exports the declarations tsc wrote under dist/types.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/index.d.ts', import.meta.url), "export * from './types/index.js';\n");
