/**
 * `npm run demo` (`node --import tsx demo/run-demo.ts`): builds the library and the storefront, starts
 * the Signals dev server on `SIGNALS_PORT` (default 8787) and serves the storefront on `DEMO_PORT`
 * (default 5173), both on 127.0.0.1 (0: any free port), prints the URLs, and stops cleanly on
 * SIGINT/SIGTERM. The ports are checked first: a port in use (a demo already running) ends it with one
 * line, before anything is built or written. Exit codes: 1 when a port is in use, a build fails or a port
 * cannot be opened, 2 for a bad port variable.
 */
import { createServer } from 'node:net';
import { buildDemo, startDemo } from './start-demo.js';

/** Resolves when `port` can be listened on at `host` (0 always can); rejects with the error otherwise. */
function checkPort(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

function readPort(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    process.stderr.write(`demo: ${name}="${text}" is not a port number (0-65535)\n`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const demoPort = readPort('DEMO_PORT', 5173);
  const signalsPort = readPort('SIGNALS_PORT', 8787);
  for (const [name, port] of [['DEMO_PORT', demoPort], ['SIGNALS_PORT', signalsPort]] as const) {
    try {
      await checkPort(port, '127.0.0.1');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(code === 'EADDRINUSE'
        ? `demo: port ${port} is in use (is a demo already running?); set ${name} to another port\n`
        : `demo: cannot listen on port ${port} (${code ?? String(error)}); set ${name} to another port\n`);
      process.exit(1);
    }
  }
  await buildDemo((line) => process.stdout.write(`${line}\n`));
  const demo = await startDemo({ demoPort, signalsPort });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    demo.close().then(() => process.exit(0), (error: unknown) => {
      process.stderr.write(`demo: ${String(error)}\n`);
      process.exit(1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // `npm run demo` execs this process; should npm die without passing a signal on, stop with it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();

  process.stdout.write([
    '',
    'signals-edge demo',
    `  storefront (npm):        ${demo.storefrontUrl}`,
    `  storefront (script tag): ${demo.scriptTagUrl}`,
    `  Signals dev server:      ${demo.signalsUrl}  (collector, get-online-attributes, interventions stream)`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
