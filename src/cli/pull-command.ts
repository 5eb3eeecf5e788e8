import { parseDefinitions } from '../definitions/parse-definitions.js';
import { formatProblems } from '../errors.js';
import { API_KEY_HINT, createConsoleTokenSource, type BearerSource } from './create-console-token-source.js';
import { EXIT, type CliIo } from './cli-io.js';
import { InputError } from './input-error.js';
import { UsageError } from './usage-error.js';
import { USAGE } from './usage.js';
import { parseCommandFlags } from './parse-command-flags.js';
import { readPullSettings } from './read-pull-settings.js';
import { readRegistry } from './read-registry.js';
import { selectRegistryDefinitions } from './select-registry-definitions.js';
import { stringifyBundle } from './stringify-bundle.js';
import { writeOutput } from './write-output.js';

/** Options for tests. */
export interface PullOptions {
  /** Timeout of each HTTP request, ms. Default 30 000. */
  timeoutMs?: number;
  /** The clock a JWT's `exp` is compared with, epoch ms. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `signals-edge pull [--api-url URL] [--sandbox-token T] [--service NAME]... [--include-unpublished]
 * [--out FILE]` (account mode: `--api-key-id`, `--api-key`, `--org-id`, `--console-url`): reads the
 * registry of a Signals deployment and writes its definitions as one bundle
 * `{attribute_groups, services, interventions, attribute_keys}`, sorted, checked with `parseDefinitions`
 * in registry mode, to stdout or atomically to `--out`. A summary and the warnings go to stderr.
 * Flags win over the environment (`env`; see {@link readPullSettings}).
 * @throws UsageError (exit 2) for bad flags, missing credentials or API URL, an unknown `--service`;
 * RemoteError (exit 3 refused credentials, exit 4 unreachable or not Signals); InputError (exit 1) when
 * the pulled definitions have problems or `--out` cannot be written. No message carries a secret.
 */
export async function pullCommand(args: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, options: PullOptions = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const flags = parseCommandFlags(args, {
    values: ['api-url', 'sandbox-token', 'out', 'api-key-id', 'api-key', 'org-id', 'console-url'],
    repeatable: ['service'],
    booleans: ['include-unpublished'],
  });
  if (flags.positional.length > 0) throw new UsageError('pull takes no arguments besides its flags');
  const settings = readPullSettings(flags, env);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { credentials } = settings;
  const bearer: BearerSource = credentials.mode === 'sandbox'
    ? { token: async () => credentials.token, renew: null, secrets: () => [credentials.token] }
    : createConsoleTokenSource({ ...credentials, timeoutMs, ...(options.now === undefined ? {} : { now: options.now }) });
  const authHint = credentials.mode === 'sandbox'
    ? 'check --sandbox-token (the deployment\'s sandbox token), or use an API key (--api-key-id, --api-key, --org-id)'
    : `${API_KEY_HINT}, and that --console-url is the Console of this deployment`;

  try {
    const content = await readRegistry({ apiUrl: settings.apiUrl, bearer, timeoutMs, authHint });
    const { bundle, warnings } = selectRegistryDefinitions(content, settings);
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
    const result = parseDefinitions(bundle, { registry: true, includeUnpublished: settings.includeUnpublished });
    if (!result.ok) throw new InputError(`the definitions pulled from ${settings.apiUrl} do not load: ${formatProblems(result.problems)}`);
    for (const w of result.warnings) io.stderr.write(`warning: ${w.path || '(root)'}: ${w.message}\n`);

    const text = stringifyBundle(bundle);
    await writeOutput(text, settings.out, io);
    io.stderr.write(`pulled ${bundle.attribute_groups.length} attribute group(s), ${bundle.services.length} service(s), `
      + `${bundle.interventions.length} intervention(s), ${bundle.attribute_keys.length} attribute key(s) from ${settings.apiUrl}`
      + `${settings.out === null ? '' : ` into ${settings.out}`}\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Error) error.message = redact(error.message, bearer.secrets());
    throw error;
  }
}

/** `text` with every occurrence of a secret replaced by `***`. */
function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***');
  return out;
}
