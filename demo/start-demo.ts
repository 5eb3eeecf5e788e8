// The pieces of `npm run demo` (demo/run-demo.ts), also used by demo/take-screenshot.ts: build the
// library and the storefront, then start the Signals dev server and serve the built pages.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { createDevServer } from './server/create-dev-server.js';
import { createStaticServer } from './create-static-server.js';
import { createDemoViteConfig } from './vite.config.js';

const DEMO = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(DEMO, '..');
const DEMO_DIST = join(DEMO, 'dist');

/** What `npm run build` makes, and what it is made from. */
const LIBRARY_OUTPUTS = ['dist/index.js', 'dist/index.d.ts', 'dist/signals-edge.iife.js', 'dist/signals-edge.full.iife.js'];
const LIBRARY_INPUTS = ['src', 'vite.config.ts', 'package.json', 'tsconfig.build.json', 'scripts/write-dts.js'];

export interface DemoOptions {
  /** Port of the storefront (0: any free port). */
  demoPort: number;
  /** Port of the Signals dev server (0: any free port). */
  signalsPort: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** How often the pages read the service's values from the dev server. Default 5000 ms. */
  refreshIntervalMs?: number;
  /** The dev server's warnings. Default: stderr. */
  log?: (line: string) => void;
}

export interface RunningDemo {
  /** The npm storefront, `http://127.0.0.1:<demo port>/` */
  storefrontUrl: string;
  /** The script-tag storefront, `…/script-tag.html` */
  scriptTagUrl: string;
  /** The dev server: collector, Signals API and interventions stream. */
  signalsUrl: string;
  close(): Promise<void>;
}

/**
 * Builds what the demo serves: the library (`npm run build`, skipped when every output is newer than
 * every source and build config) and the storefront (Vite, into demo/dist). `progress` gets one line per
 * step; the builds' own output goes to stderr.
 */
export async function buildDemo(progress: (line: string) => void = () => undefined): Promise<void> {
  if (isLibraryBuildCurrent()) {
    progress('library: dist/ is up to date');
  } else {
    progress('library: npm run build');
    await runNpmBuild();
  }
  progress('storefront: vite build → demo/dist');
  await build(createDemoViteConfig());
}

/**
 * Starts the Signals dev server and serves demo/dist (built by `buildDemo`), with `demo-config.js`
 * pointing the pages at the dev server. Rejects (with nothing left running) when a port cannot be opened.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1';
  const signals = await createDevServer({
    port: options.signalsPort,
    host,
    // The storefront reads the tutorial service without a token, whatever its access_mode says.
    publicServices: true,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  try {
    const pages = await createStaticServer({ dir: DEMO_DIST, port: options.demoPort, host });
    // Written once both servers listen: a start that fails leaves a running demo's config alone.
    const config = { signalsUrl: signals.url, refreshIntervalMs: options.refreshIntervalMs ?? 5000 };
    await writeFile(
      join(DEMO_DIST, 'demo-config.js'),
      `// Written by npm run demo: where the Signals dev server is.\nwindow.signalsEdgeDemo = ${JSON.stringify(config)};\n`,
    ).catch(async (error: unknown) => {
      await pages.close();
      throw error;
    });
    return {
      storefrontUrl: `${pages.url}/`,
      scriptTagUrl: `${pages.url}/script-tag.html`,
      signalsUrl: signals.url,
      close: async () => {
        await Promise.all([pages.close(), signals.close()]);
      },
    };
  } catch (error) {
    await signals.close();
    throw error;
  }
}

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

function isLibraryBuildCurrent(): boolean {
  const outputs = LIBRARY_OUTPUTS.map((f) => statSync(join(ROOT, f), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  const inputs = LIBRARY_INPUTS.map((f) => newestMtime(join(ROOT, f)));
  return Math.min(...outputs) > Math.max(...inputs);
}

function runNpmBuild(): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (code === 0) done();
      else fail(new Error(`npm run build failed (${signal ?? `exit ${code}`})`));
    });
  });
}
