import type { PropertyRef } from './types.js';

/**
 * The built-in attribute keys (docs/semantics.md#attribute-keys): the four atomic ones read the column of the same
 * name; `client_session_user_id` and `client_session_session_id` (Signals, 2026-11, with the mobile
 * trackers) read the `client_session` entity, which the web tracker attaches with `contexts: { session: true }`.
 */
export const BUILT_IN_ATTRIBUTE_KEYS: readonly string[] = [
  'domain_userid', 'domain_sessionid', 'network_userid', 'user_id', 'client_session_user_id', 'client_session_session_id',
];

const CLIENT_SESSION_FIELDS: Readonly<Record<string, string>> = { client_session_user_id: 'userId', client_session_session_id: 'sessionId' };

/** Where a key named `name` without `key` or `property` reads its id: the client_session field, else the atomic column. */
export function builtInKeyProperty(name: string): PropertyRef {
  const field = Object.hasOwn(CLIENT_SESSION_FIELDS, name) ? CLIENT_SESSION_FIELDS[name] : undefined;
  if (field === undefined) return { kind: 'atomic', name, datePart: null };
  return { kind: 'entity', vendor: 'com.snowplowanalytics.snowplow', name: 'client_session', major: 1, index: 0, path: [field], datePart: null };
}
