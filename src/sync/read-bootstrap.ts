import { SignalsEdgeError } from '../errors.js';
import { setOwn } from '../set-own.js';
import type { SignalsBootstrap } from './check-bootstrap.js';
import { fetchOnlineAttributes, type SignalsConfig } from './fetch-online-attributes.js';

/** What {@link readBootstrap} reads: the runtime's `signals` settings, and whose values. */
export interface ReadBootstrapOptions extends Pick<SignalsConfig, 'endpoint' | 'service' | 'getToken' | 'timeoutMs'> {
  /** The attribute key to read (default `domain_userid`). */
  attributeKey?: string;
  /** The visitor's id of that key (for `domain_userid`: the first part of the tracker's `_sp_id` cookie). */
  id: string;
}

/**
 * Reads a Signals service for one id, on a server (a Next.js route, any Node server), with the client
 * the runtime uses (a public service, or a short-lived token from `getToken`): the `bootstrap` to hand to
 * `SignalsEdgePlugin` and the React provider, keyed as `getAttributes` keys values. Rejects with the
 * reason when Signals cannot be read.
 */
export async function readBootstrap(options: ReadBootstrapOptions): Promise<SignalsBootstrap> {
  const attributeKey = options.attributeKey ?? 'domain_userid';
  if (typeof options.id !== 'string' || options.id === '') throw new SignalsEdgeError('readBootstrap: expected the visitor\'s id');
  const config: SignalsConfig = { endpoint: options.endpoint, service: options.service };
  if (options.getToken !== undefined) config.getToken = options.getToken;
  if (options.timeoutMs !== undefined) config.timeoutMs = options.timeoutMs;
  const answer = await fetchOnlineAttributes(config, attributeKey, [options.id]);
  const row = answer.values.get(attributeKey)?.get(options.id) ?? {};
  return { attributeKey, id: options.id, values: toAttributeNames(row), readAt: answer.serverDate ?? Date.now() };
}

/** Full column names (`group_v1:attribute`, `group_v1__attribute`) as getAttributes names them: bare, or `group:attribute` where two groups share one. */
function toAttributeNames(row: Record<string, unknown>): Record<string, unknown> {
  const columns = Object.entries(row).map(([column, value]) => {
    const match = /^(.+)_v\d+(?::|__)(.+)$/.exec(column);
    return match === null ? { group: null, name: column, value } : { group: match[1]!, name: match[2]!, value };
  });
  const count = new Map<string, number>();
  for (const { name } of columns) count.set(name, (count.get(name) ?? 0) + 1);
  const out: Record<string, unknown> = {};
  for (const { group, name, value } of columns) setOwn(out, group !== null && count.get(name)! > 1 ? `${group}:${name}` : name, value);
  return out;
}
