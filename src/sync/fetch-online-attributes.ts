import { SignalsEdgeError } from '../errors.js';
import { setOwn } from '../set-own.js';

/** Where server values come from (never an API key in the page: docs/reconciliation.md#server-reads). */
export interface SignalsConfig {
  /** Base URL of a Signals deployment, of the site's own proxy, or of the dev server (no trailing `/api/v1`). */
  endpoint: string;
  /** The service whose attribute groups are read (public, or through the proxy, or with `getToken`). */
  service: string;
  /** Refresh period (default 30 s). */
  refreshIntervalMs?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** A short-lived bearer token for Signals, from the site's back end. */
  getToken?: () => string | Promise<string>;
  /**
   * A returning visitor without local state (storage evicted) has the crossings of its first events held
   * until the first server answer, at most this long (default 3 s), so one the server saw is not delivered again.
   */
  returningHoldMs?: number;
}

export interface OnlineAttributesAnswer {
  /** key name → id → column name (as the server wrote it) → value. */
  values: Map<string, Map<string, Record<string, unknown>>>;
  /** The server's clock from the `Date` header (1 s resolution), or null when not readable. */
  serverDate: number | null;
}

const FORBIDDEN = ['apiKey', 'api_key', 'apiKeyId', 'api_key_id', 'X-API-Key', 'xApiKey'];

/** Refuses configurations that would put a Signals API key in the page. */
export function checkSignalsConfig(config: unknown): SignalsConfig {
  if (config === null || typeof config !== 'object') throw new SignalsEdgeError('signals: expected { endpoint, service }');
  const c = config as Record<string, unknown>;
  const key = FORBIDDEN.find((k) => k in c);
  if (key !== undefined) {
    throw new SignalsEdgeError(`signals.${key}: a Signals API key must never be in the page; serve values from a public service, `
      + 'your own proxy endpoint, or a short-lived token from getToken()');
  }
  if (typeof c.endpoint !== 'string' || !/^https?:\/\//.test(c.endpoint)) throw new SignalsEdgeError('signals.endpoint: expected an http(s) URL');
  if (typeof c.service !== 'string' || c.service === '') throw new SignalsEdgeError('signals.service: expected the name of a Signals service');
  if (c.getToken !== undefined && typeof c.getToken !== 'function') throw new SignalsEdgeError('signals.getToken: expected a function');
  return c as unknown as SignalsConfig;
}

/**
 * `POST <endpoint>/api/v1/get-online-attributes` for one key's ids, in the service form with full
 * attribute names (docs/reconciliation.md#server-reads): one column per attribute, one entry per requested id in request order.
 * Rejects on HTTP errors, timeouts and answers of the wrong shape; never returns half an answer.
 */
export async function fetchOnlineAttributes(config: SignalsConfig, keyName: string, ids: readonly string[]): Promise<OnlineAttributesAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (config.getToken !== undefined) headers.Authorization = `Bearer ${await config.getToken()}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs ?? 5000);
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${config.endpoint.replace(/\/+$/, '')}/api/v1/get-online-attributes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ service: config.service, attribute_keys: { [keyName]: ids }, full_attribute_names: true }),
      signal: controller.signal,
      credentials: 'omit',
    });
    if (!response.ok) throw new SignalsEdgeError(`get-online-attributes answered HTTP ${response.status}`);
    body = await response.json();
  } finally {
    clearTimeout(timer);
  }
  const date = Date.parse(response.headers.get('Date') ?? '');
  return { values: readColumns(body, keyName, ids), serverDate: Number.isNaN(date) ? null : date };
}

/** Columns → per-id records; the key column itself is not a value. */
function readColumns(body: unknown, keyName: string, ids: readonly string[]): OnlineAttributesAnswer['values'] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SignalsEdgeError('get-online-attributes: expected a JSON object of columns');
  const rows = new Map<string, Record<string, unknown>>(ids.map((id) => [id, {}]));
  for (const [column, cells] of Object.entries(body)) {
    if (column === keyName) continue;
    if (!Array.isArray(cells) || cells.length !== ids.length) {
      throw new SignalsEdgeError(`get-online-attributes: column ${JSON.stringify(column)} should list one value per requested id`);
    }
    ids.forEach((id, i) => setOwn(rows.get(id)!, column, cells[i]));
  }
  return new Map([[keyName, rows]]);
}
