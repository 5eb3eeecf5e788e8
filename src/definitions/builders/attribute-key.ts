import { DefinitionsError } from '../../errors.js';
import type { WireAttributeKey, WireLinkAttributeKey, WireProperty } from '../wire-types.js';
import { formatDurationInput, type DurationInput } from './format-duration-input.js';
import { omitNullish } from './omit-nullish.js';

interface AttributeKeyCommon {
  name?: string;
  description?: string;
  /** Deprecated: an atomic column holding the ID. */
  key?: string;
  /** Column holding the ID in an external batch table; must equal `name` when both are set. */
  external_column?: string;
  /** Where a stream reads the ID from. */
  property?: WireProperty;
  owner?: string;
  ttl?: DurationInput;
  is_published?: boolean;
}

/** Options of `AttributeKey`: `name`, or something to derive it from (`external_column`, `property`). */
export type AttributeKeyOptions = AttributeKeyCommon & (
  | { name: string } | { external_column: string } | { property: WireProperty }
);

/**
 * An attribute key: what the attributes of a group are keyed by. Without `name`, the name is
 * `external_column`, else the atomic property's column, else the last dot segment of the property's
 * path (`$.user.id` → `id`), as the Python SDK derives it. Throws a DefinitionsError when `name` and
 * `external_column` differ, when no name can be derived, or for a bad `ttl`.
 * `is_published` is emitted only when given (the built-in keys carry none).
 */
export function AttributeKey(options: AttributeKeyOptions): WireAttributeKey {
  const name = deriveKeyName(options);
  const { ttl } = options;
  return omitNullish<WireAttributeKey>({
    name,
    key: options.key,
    description: options.description,
    external_column: options.external_column,
    property: options.property,
    owner: options.owner,
    ttl: ttl === undefined ? undefined : formatDurationInput(ttl, `${name}.ttl`),
    is_published: options.is_published,
  });
}

function deriveKeyName(options: AttributeKeyCommon): string {
  const { name, external_column: column, property } = options;
  if (name !== undefined && column !== undefined && name !== column) {
    throw keyError('name', `name "${name}" must equal external_column "${column}"`);
  }
  const derived = name ?? column
    ?? (property?.type === 'atomic' ? property.name : property?.path.split('.').at(-1));
  if (!derived) {
    throw keyError('name', options.key === undefined
      ? 'an attribute key needs a name, an external_column or a property'
      : 'the name cannot be derived from key alone; give a name');
  }
  return derived;
}

function keyError(path: string, message: string): DefinitionsError {
  return new DefinitionsError([{ code: 'invalid_attribute_key', path, message }]);
}

/** A reference to an attribute key by name. */
export function LinkAttributeKey(options: { name: string }): WireLinkAttributeKey {
  return { name: options.name };
}

function builtInKey(name: string, description: string): Readonly<WireAttributeKey> {
  return Object.freeze(AttributeKey({ name, key: name, description }));
}

/** The tracker's first-party cookie user ID (a UUID). */
export const domain_userid = builtInKey('domain_userid', 'The domain user ID for the user.');
/** The tracker's session ID (a UUID). */
export const domain_sessionid = builtInKey('domain_sessionid', 'The domain session ID for the session.');
/** The collector's third-party cookie user ID (a UUID). */
export const network_userid = builtInKey('network_userid', 'The network user ID for the user.');
/** The business user ID set with `setUserId`. */
export const user_id = builtInKey('user_id', 'The user ID for the user.');
/** `userId` of the tracker's `client_session` entity (web: the domain user ID). */
export const client_session_user_id = Object.freeze(AttributeKey({ name: 'client_session_user_id', description: 'The user ID of the client session entity.' }));
/** `sessionId` of the tracker's `client_session` entity (web: the domain session ID). */
export const client_session_session_id = Object.freeze(AttributeKey({ name: 'client_session_session_id', description: 'The session ID of the client session entity.' }));
