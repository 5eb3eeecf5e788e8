import { UsageError } from './usage-error.js';
import type { ParsedFlags } from './parse-command-flags.js';

/** How `pull` authenticates. */
export type PullCredentials =
  | { mode: 'sandbox'; token: string }
  | { mode: 'account'; consoleUrl: string; orgId: string; apiKeyId: string; apiKey: string };

/** Everything `pull` was asked to do, from its flags and the environment. */
export interface PullSettings {
  /** The Signals API base URL, without a trailing `/`. */
  apiUrl: string;
  credentials: PullCredentials;
  /** `--service` names in the order given, or null for every service. */
  services: string[] | null;
  includeUnpublished: boolean;
  /** `--out`, or null for stdout. */
  out: string | null;
}

/** The Console the Signals SDKs use (`BDP_NEXT` set: the staging one). */
export const DEFAULT_CONSOLE_URL = 'https://console.snowplowanalytics.com';
const NEXT_CONSOLE_URL = 'https://next.console.snowplowanalytics.com';

const ACCOUNT = [
  { flag: 'api-key-id', env: 'SNOWPLOW_CONSOLE_API_KEY_ID' },
  { flag: 'api-key', env: 'SNOWPLOW_CONSOLE_API_KEY' },
  { flag: 'org-id', env: 'SNOWPLOW_CONSOLE_ORG_ID' },
] as const;

/**
 * Reads `pull`'s settings; a flag wins over its environment variable (`SIGNALS_API_URL`,
 * `SNOWPLOW_CONSOLE_API_KEY_ID`, `SNOWPLOW_CONSOLE_API_KEY`, `SNOWPLOW_CONSOLE_ORG_ID`,
 * `SNOWPLOW_CONSOLE_URL`), and an empty variable counts as unset. `--sandbox-token` selects sandbox
 * mode; otherwise the API key id, key and organization id are all needed (account mode). The Console
 * URL defaults to the SDKs' (`https://console.snowplowanalytics.com`).
 * @throws UsageError when the API URL or the credentials are missing or malformed; the message names
 * the flags and variables, never a value.
 */
export function readPullSettings(flags: ParsedFlags, env: NodeJS.ProcessEnv): PullSettings {
  const fromEnv = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const apiUrlText = flags.values.get('api-url') ?? fromEnv('SIGNALS_API_URL');
  if (apiUrlText === undefined) {
    throw new UsageError('pull needs the Signals API URL: give --api-url URL or set SIGNALS_API_URL');
  }
  const apiUrl = readBaseUrl(apiUrlText, flags.values.has('api-url') ? '--api-url' : 'SIGNALS_API_URL');

  const sandboxToken = flags.values.get('sandbox-token');
  const accountFlags = ACCOUNT.filter((a) => flags.values.has(a.flag)).map((a) => `--${a.flag}`);
  let credentials: PullCredentials;
  if (sandboxToken !== undefined) {
    if (accountFlags.length > 0) {
      throw new UsageError(`give either --sandbox-token or the API key (--api-key-id, --api-key, --org-id), not both (got ${accountFlags.join(', ')} too)`);
    }
    credentials = { mode: 'sandbox', token: sandboxToken };
  } else {
    const [apiKeyId, apiKey, orgId] = ACCOUNT.map((a) => flags.values.get(a.flag) ?? fromEnv(a.env));
    if (apiKeyId === undefined && apiKey === undefined && orgId === undefined) {
      throw new UsageError('pull needs credentials: --sandbox-token T, or an API key: --api-key-id, --api-key and --org-id '
        + '(or SNOWPLOW_CONSOLE_API_KEY_ID, SNOWPLOW_CONSOLE_API_KEY and SNOWPLOW_CONSOLE_ORG_ID)');
    }
    const missing = ACCOUNT.filter((a) => flags.values.get(a.flag) === undefined && fromEnv(a.env) === undefined);
    if (missing.length > 0) {
      throw new UsageError(`account mode needs --api-key-id, --api-key and --org-id; missing: ${missing.map((m) => `--${m.flag} (or ${m.env})`).join(', ')}`);
    }
    const consoleFlag = flags.values.get('console-url');
    const consoleText = consoleFlag ?? fromEnv('SNOWPLOW_CONSOLE_URL');
    const consoleUrl = consoleText === undefined
      ? (fromEnv('BDP_NEXT') !== undefined ? NEXT_CONSOLE_URL : DEFAULT_CONSOLE_URL)
      : readBaseUrl(consoleText, consoleFlag !== undefined ? '--console-url' : 'SNOWPLOW_CONSOLE_URL');
    credentials = { mode: 'account', consoleUrl, orgId: orgId!, apiKeyId: apiKeyId!, apiKey: apiKey! };
  }

  const services = flags.repeated.get('service') ?? null;
  return { apiUrl, credentials, services, includeUnpublished: flags.booleans.has('include-unpublished'), out: flags.values.get('out') ?? null };
}

/** An http(s) base URL without a trailing `/`, query or fragment. The value is never echoed. */
function readBaseUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} is not a URL (expected e.g. https://<id>.signals.snowplowanalytics.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source} must be an http or https URL`);
  if (url.username !== '' || url.password !== '') throw new UsageError(`${source} must not carry a user name or password`);
  if (url.search !== '' || url.hash !== '') throw new UsageError(`${source} must not have a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
