import type { BearerSource } from './create-console-token-source.js';
import { RemoteError } from './remote-error.js';
import { errorDetail, requestJson } from './request-json.js';

type Json = Record<string, unknown>;

/** The four registry collections, as the registry listed them. */
export interface RegistryContent {
  attribute_keys: Json[];
  attribute_groups: Json[];
  services: Json[];
  interventions: Json[];
}

/** The collections, in the order they are read (the SDK's publish order). */
const COLLECTIONS = ['attribute_keys', 'attribute_groups', 'services', 'interventions'] as const;

export interface ReadRegistryOptions {
  /** The Signals API base URL, without a trailing `/`. */
  apiUrl: string;
  bearer: BearerSource;
  /** Timeout of each request, ms. */
  timeoutMs: number;
  /** What to check when the bearer is refused (names the flags and variables in use). */
  authHint: string;
}

/**
 * Lists the registry: `GET {api}/api/v1/registry/{attribute_keys,attribute_groups,
 * services,interventions}/` with `Authorization: Bearer <token>`, one after the other. A 401 is retried
 * once with a renewed bearer when the source can renew (account mode).
 * @throws RemoteError: `auth` for 401/403, `unreachable` for a network error, timeout, 404, another non-2xx
 * status, or an answer that is not a JSON list of objects.
 */
export async function readRegistry(options: ReadRegistryOptions): Promise<RegistryContent> {
  const content: Partial<RegistryContent> = {};
  for (const collection of COLLECTIONS) content[collection] = await readCollection(options, collection);
  return content as RegistryContent;
}

async function readCollection(options: ReadRegistryOptions, collection: string): Promise<Json[]> {
  const url = `${options.apiUrl}/api/v1/registry/${collection}/`;
  const hint = 'is --api-url (or SIGNALS_API_URL) a Signals deployment?';
  const get = async (token: string) => requestJson(url, { Authorization: `Bearer ${token}` }, options.timeoutMs, hint);
  let answer = await get(await options.bearer.token());
  if (answer.status === 401 && options.bearer.renew !== null) answer = await get(await options.bearer.renew());
  const { status, body } = answer;
  const detail = errorDetail(body);
  const answered = `HTTP ${status}${detail === null ? '' : ` "${detail}"`}`;
  if (status === 401 || status === 403) throw new RemoteError('auth', `${url} refused the credentials (${answered}): ${options.authHint}`);
  if (status === 404) throw new RemoteError('unreachable', `${url} answered ${answered}: ${hint}`);
  if (status < 200 || status >= 300) throw new RemoteError('unreachable', `${url} answered ${answered}: is the Signals deployment up?`);
  if (!Array.isArray(body) || !body.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) {
    throw new RemoteError('unreachable', `${url} did not answer a JSON list of ${collection}: ${hint}`);
  }
  return body as Json[];
}
