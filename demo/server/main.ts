/**
 * `npm run dev-server -- [--port P] [--lag-ms N] [--jitter-ms N] [--definitions FILE] [--token T]`:
 * starts the dev server on 127.0.0.1, prints `listening on http://127.0.0.1:P` once ready, and closes
 * cleanly on SIGINT/SIGTERM. Exit codes: 1 for bad definitions or a port that cannot be opened, 2 for usage.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createDevServer, type DevServerOptions } from './create-dev-server.js';

const USAGE = `Usage: npm run dev-server -- [--port P] [--lag-ms N] [--jitter-ms N] [--definitions FILE] [--token T]
  --port P            port on 127.0.0.1 (default 8787; 0 = any free port)
  --lag-ms N          processing lag of each event, ms (default 0)
  --jitter-ms N       each event's lag varies by ± N ms (default 0)
  --definitions FILE  definitions bundle JSON (default examples/tutorial-definitions.json)
  --token T           bearer token for the protected endpoints (default dev-token)`;

class UsageError extends Error {}

/** Parses the flags into server options (definitions file read and parsed as JSON). */
async function readOptions(args: string[]): Promise<DevServerOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'lag-ms': { type: 'string' },
        'jitter-ms': { type: 'string' },
        definitions: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) throw new UsageError('');
  const options: DevServerOptions = {
    port: readNumber(values.port, 8787, '--port', (n) => Number.isInteger(n) && n >= 0 && n <= 65_535),
    lagMs: readNumber(values['lag-ms'], 0, '--lag-ms', (n) => n >= 0),
    jitterMs: readNumber(values['jitter-ms'], 0, '--jitter-ms', (n) => n >= 0),
  };
  if (values.token !== undefined) {
    if (values.token === '') throw new UsageError('--token must not be empty');
    options.token = values.token;
  }
  if (values.definitions !== undefined) options.definitions = await readJsonFile(values.definitions);
  return options;
}

function readNumber(text: string | undefined, fallback: number, flag: string, ok: (n: number) => boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`${flag} "${text}" is not valid`);
  return n;
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read definitions file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function run(args: string[]): Promise<void> {
  let options: DevServerOptions;
  try {
    options = await readOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message !== '') process.stderr.write(`dev-server: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = error.message === '' ? 0 : 2;
    return;
  }
  const server = await createDevServer(options);
  process.stdout.write(`listening on ${server.url}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`dev-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
