/**
 * `npm run dev-server -- [--port P] [--lag-ms N] [--jitter-ms N] [--definitions FILE] [--token T]
 * [--org-id O] [--api-key-id I] [--api-key K] [--token-ttl-s N] [--public-services]`: starts the dev server on
 * 127.0.0.1, prints `listening on http://127.0.0.1:P` once ready, then the Console credentials and the
 * sandbox token (the defaults in clear, values given by flag masked), and closes cleanly on SIGINT/SIGTERM.
 * Exit codes: 1 for bad definitions or a port that cannot be opened, 2 for usage.
 */
import { parseArgs } from 'node:util';
import { readJsonFile } from '../../src/cli/read-definitions-file.js';
import { createDevServer, type DevServerOptions } from './create-dev-server.js';

const USAGE = `Usage: npm run dev-server -- [--port P] [--lag-ms N] [--jitter-ms N] [--definitions FILE] [--token T]
                       [--org-id O] [--api-key-id I] [--api-key K] [--token-ttl-s N] [--public-services]
  --port P            port on 127.0.0.1 (default 8787; 0 = any free port)
  --lag-ms N          processing lag of each event, ms (default 0)
  --jitter-ms N       each event's lag varies by ± N ms (default 0)
  --definitions FILE  definitions bundle JSON, or a plan from signals-edge compile
                      (default examples/tutorial-definitions.json)
  --token T           sandbox bearer token for the protected endpoints (default dev-token)
  --org-id O          Console organization id of the token exchange (default dev-org)
  --api-key-id I      Console API key id, header X-API-Key-Id (default dev-key-id)
  --api-key K         Console API key, header X-API-Key (default dev-key)
  --token-ttl-s N     lifetime of the access tokens issued, s (default 3600)
  --public-services   serve every service read without a token, any ids (default: per service access_mode)`;

const DEFAULTS = { token: 'dev-token', orgId: 'dev-org', apiKeyId: 'dev-key-id', apiKey: 'dev-key' };

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
        'org-id': { type: 'string' },
        'api-key-id': { type: 'string' },
        'api-key': { type: 'string' },
        'token-ttl-s': { type: 'string' },
        'public-services': { type: 'boolean' },
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
  const texts = { token: values.token, orgId: values['org-id'], apiKeyId: values['api-key-id'], apiKey: values['api-key'] };
  for (const [name, value] of Object.entries(texts) as [keyof typeof texts, string | undefined][]) {
    if (value === undefined) continue;
    if (value.trim() === '' || /\s/.test(value)) throw new UsageError(`${FLAGS[name]} must be a non-empty value without spaces`);
    options[name] = value;
  }
  if (values['token-ttl-s'] !== undefined) {
    options.tokenTtlMs = 1000 * readNumber(values['token-ttl-s'], 3600, '--token-ttl-s', (n) => Number.isInteger(n) && n > 0);
  }
  if (values['public-services'] === true) options.publicServices = true;
  if (values.definitions !== undefined) options.definitions = await readJsonFile(values.definitions);
  return options;
}

const FLAGS = { token: '--token', orgId: '--org-id', apiKeyId: '--api-key-id', apiKey: '--api-key' } as const;

/**
 * What the server prints after `listening on …`: where to exchange the API key for a token, and the
 * credentials. Defaults are printed in clear (they are the same on every machine); a key or token given
 * by flag is masked.
 */
function describeCredentials(url: string, options: DevServerOptions): string {
  const orgId = options.orgId ?? DEFAULTS.orgId;
  const shown = (value: string | undefined, fallback: string) => (value === undefined ? fallback : '****** (as given)');
  return [
    `console: GET ${url}/api/msc/v1/organizations/${encodeURIComponent(orgId)}/credentials/v3/token`,
    `  org id ${orgId}, X-API-Key-Id ${options.apiKeyId ?? DEFAULTS.apiKeyId}, X-API-Key ${shown(options.apiKey, DEFAULTS.apiKey)}`,
    `sandbox token: ${shown(options.token, DEFAULTS.token)}`,
  ].join('\n');
}

function readNumber(text: string | undefined, fallback: number, flag: string, ok: (n: number) => boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`${flag} "${text}" is not valid`);
  return n;
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
  process.stdout.write(`listening on ${server.url}\n${describeCredentials(server.url, options)}\n`);
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
