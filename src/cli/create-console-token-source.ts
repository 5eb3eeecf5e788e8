import { RemoteError } from './remote-error.js';
import { errorDetail, requestJson } from './request-json.js';

/** Where the bearer of the Signals requests comes from. */
export interface BearerSource {
  /** The bearer to send now. */
  token(): Promise<string>;
  /** A new bearer, after the current one was refused (401); null when there is no other (a sandbox token). */
  renew: (() => Promise<string>) | null;
  /** Every secret this source has held, to keep out of messages. */
  secrets(): string[];
}

export interface ConsoleTokenOptions {
  /** The Console's base URL, without a trailing `/`. */
  consoleUrl: string;
  orgId: string;
  apiKeyId: string;
  apiKey: string;
  /** Timeout of the exchange request, ms. */
  timeoutMs: number;
  /** The clock that `exp` is compared with, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** What to check when the Console refuses the key. */
export const API_KEY_HINT = 'check --api-key-id, --api-key and --org-id or SNOWPLOW_CONSOLE_API_KEY_ID, '
  + 'SNOWPLOW_CONSOLE_API_KEY and SNOWPLOW_CONSOLE_ORG_ID';

/**
 * Account mode, as the Signals SDKs do it: the API key id and key are exchanged at
 * `GET {console}/api/msc/v1/organizations/{org}/credentials/v3/token` (headers `X-API-Key-Id`,
 * `X-API-Key`) for `{"accessToken": "<JWT>"}`. The JWT is kept until its `exp` (read without checking the
 * signature; a token without a readable `exp` is kept until refused), then exchanged again; `renew`
 * exchanges again at once (after a 401). Concurrent callers share one exchange.
 * @throws RemoteError from `token`/`renew`: `auth` when the Console answers 401 or 403, `unreachable` on
 * a network error, timeout, 404, 5xx or an answer without an access token.
 */
export function createConsoleTokenSource(options: ConsoleTokenOptions): BearerSource {
  const now = options.now ?? Date.now;
  const url = `${options.consoleUrl}/api/msc/v1/organizations/${encodeURIComponent(options.orgId)}/credentials/v3/token`;
  const issued: string[] = [];
  let current: { token: string; expiresAt: number | null } | null = null;
  let pending: Promise<string> | null = null;

  const exchange = (): Promise<string> => {
    pending ??= (async () => {
      try {
        const token = await fetchAccessToken(url, options);
        issued.push(token);
        current = { token, expiresAt: readExpiry(token) };
        return token;
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  return {
    token() {
      if (pending !== null) return pending;
      if (current !== null && (current.expiresAt === null || now() < current.expiresAt)) return Promise.resolve(current.token);
      return exchange();
    },
    renew: () => pending ?? exchange(),
    secrets: () => [options.apiKey, ...issued],
  };
}

async function fetchAccessToken(url: string, options: ConsoleTokenOptions): Promise<string> {
  const { status, body } = await requestJson(url, { 'X-API-Key-Id': options.apiKeyId, 'X-API-Key': options.apiKey }, options.timeoutMs,
    'is --console-url (or SNOWPLOW_CONSOLE_URL) the Snowplow Console?');
  const detail = errorDetail(body);
  const answered = `HTTP ${status}${detail === null ? '' : ` "${detail}"`}`;
  if (status === 401 || status === 403) {
    throw new RemoteError('auth', `the Console refused the API key at ${url} (${answered}): ${API_KEY_HINT}`);
  }
  if (status === 404) {
    throw new RemoteError('unreachable', `${url} answered ${answered}: is --console-url a Snowplow Console, and --org-id your organization id?`);
  }
  if (status < 200 || status >= 300) {
    throw new RemoteError('unreachable', `${url} answered ${answered}: is the Console up, and --console-url right?`);
  }
  const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['accessToken'] : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new RemoteError('unreachable', `${url} answered without an accessToken: is --console-url the Snowplow Console?`);
  }
  return token;
}

/** A JWT's `exp` in epoch ms, or null when the token is not a JWT with a numeric `exp`. */
function readExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    const exp = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['exp'] : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}
