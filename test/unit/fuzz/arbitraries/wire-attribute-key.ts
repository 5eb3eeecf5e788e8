// Attribute keys (signals-model.md §6): the built-ins (in full, as the builders write them, or by
// name), custom keys reading an atomic column (`key`) or a property, and links by name to keys the
// bundle declares in `attribute_keys`.
import fc from 'fast-check';
import { domain_sessionid, domain_userid, network_userid, user_id } from '../../../../src/definitions/builders.js';
import { BUILT_IN_ATTRIBUTE_KEYS } from '../../../../src/definitions/built-in-attribute-keys.js';
import type { WireAttributeKey } from '../../../../src/definitions/wire-types.js';
import { FILLED_COLUMNS } from './event-universe.js';
import { durationMs, isoDuration } from './iso-duration.js';
import { wireName } from './wire-name.js';
import { wireProperty } from './wire-property.js';

const BUILT_IN_KEYS: readonly WireAttributeKey[] = [domain_userid, domain_sessionid, network_userid, user_id];

const extras = fc.record({
  description: fc.constantFrom('A generated key.', ''),
  ttl: durationMs.map(isoDuration),
}, { requiredKeys: [] });

/** A key that defines where its id is read: a column (`key`) or a property, under any valid name. */
export const definedAttributeKey: fc.Arbitrary<WireAttributeKey> = fc.tuple(
  wireName,
  fc.oneof(
    fc.constantFrom(...FILLED_COLUMNS).map((key) => ({ key })),
    wireProperty('any').map((property) => ({ property })),
  ),
  extras,
).map(([name, source, more]) => ({ name, ...source, ...more }));

/** The key of a group: a built-in, a defined key, or a link by name to one of `declared` (names of the bundle's keys). */
export function groupAttributeKey(declared: readonly string[]): fc.Arbitrary<WireAttributeKey> {
  const links = [...BUILT_IN_ATTRIBUTE_KEYS, ...declared];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BUILT_IN_KEYS).map((key) => ({ ...key })) },
    { weight: 3, arbitrary: fc.constantFrom(...links).map((name) => ({ name })) },
    { weight: 2, arbitrary: definedAttributeKey },
  );
}
