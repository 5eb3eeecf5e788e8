// Attribute groups (signals-model.md §7): stream groups (computed on the edge when online), batch
// groups and external batch groups (fields of a warehouse table), with uniquely named attributes.
import fc from 'fast-check';
import type { AttributeType } from '../../../../src/definitions/types.js';
import type { WireAttributeGroup, WireBatchSource, WireField } from '../../../../src/definitions/wire-types.js';
import { durationMs, isoDuration } from './iso-duration.js';
import { groupAttributeKey } from './wire-attribute-key.js';
import { wireAttribute } from './wire-attribute.js';
import { wireName } from './wire-name.js';

const batchSource: fc.Arbitrary<WireBatchSource> = fc.record({
  name: wireName,
  database: fc.stringMatching(/^[\w-]{1,12}$/),
  schema: fc.constantFrom('atomic', 'derived', ''),
  table: fc.constantFrom('users', 'events_by_user'),
  timestamp_field: fc.constantFrom('updated_at', 'tstamp'),
  description: fc.constant('A warehouse table.'),
  owner: fc.constant('data@example.com'),
}, { requiredKeys: ['name', 'database', 'schema', 'table'] });

const field: fc.Arbitrary<Omit<WireField, 'name'>> = fc.record({
  type: fc.constantFrom<AttributeType>('string', 'int64', 'double', 'bool', 'string_list', 'dict'),
  description: fc.constant('A column of the table.'),
}, { requiredKeys: ['type'] });

const names = fc.uniqueArray(wireName, { minLength: 1, maxLength: 5 });

const common = (declaredKeys: readonly string[]) => fc.record({
  attribute_key: groupAttributeKey(declaredKeys),
  ttl: durationMs.map(isoDuration),
  online: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  is_published: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  description: fc.constantFrom('A generated group.', ''),
  owner: fc.constant('user@company.com'),
}, { requiredKeys: ['attribute_key', 'online', 'is_published'] });

/** A group `name` version `version`; `declaredKeys` are the names of the bundle's `attribute_keys`. */
export function wireAttributeGroup(name: string, version: number, declaredKeys: readonly string[]): fc.Arbitrary<WireAttributeGroup> {
  const attributes = names.chain((list) => fc.tuple(...list.map((n) => wireAttribute(n))));
  const stream = fc.record({
    attributes,
    backfill_since_tstamp: fc.option(fc.constant('2026-01-01T00:00:00.000Z'), { nil: undefined }),
  }).map(({ attributes: list, backfill_since_tstamp }) => ({ offline: false, attributes: list, backfill_since_tstamp }));
  const batch = fc.record({ attributes, batch_source: fc.option(batchSource, { nil: undefined }) })
    .map(({ attributes: list, batch_source }) => ({ offline: true, attributes: list, batch_source }));
  const external = fc.record({
    fields: names.chain((list) => fc.tuple(...list.map((n) => field.map((f) => ({ name: n, ...f }))))),
    batch_source: batchSource,
  }).map(({ fields, batch_source }) => ({ offline: true, fields, batch_source }));
  const kind = fc.oneof({ weight: 5, arbitrary: stream }, { weight: 1, arbitrary: batch }, { weight: 1, arbitrary: external });
  return fc.tuple(common(declaredKeys), kind).map(([shared, content]) => {
    const group: Record<string, unknown> = { name, version, ...shared, ...content };
    for (const key of Object.keys(group)) if (group[key] === undefined) delete group[key];
    return group as unknown as WireAttributeGroup;
  });
}
