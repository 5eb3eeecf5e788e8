// Valid attributes (signals-model.md §4–5, §11), worked out from wire-rules.ts: every aggregation,
// with the types it allows (with and without a date_part), its property rule, event filters and
// criteria over every criterion operator, a period or a ttl, defaults and time units.
import fc from 'fast-check';
import { AGGREGATIONS, SCALAR_TYPES, type Aggregation, type AttributeType, type DatePart, type Scalar } from '../../../../src/definitions/types.js';
import type { WireAttribute, WireCriteria, WireCriterion, WireEvent, WireProperty } from '../../../../src/definitions/wire-types.js';
import { ENTITY_SCHEMAS, EVENT_FILTER_NAMES, EVENT_SCHEMAS } from './event-universe.js';
import { durationMs, isoDuration } from './iso-duration.js';
import { sometimes } from './sometimes.js';
import { wireProperty } from './wire-property.js';

const LIST_TYPES = SCALAR_TYPES.map((type) => `${type}_list` as AttributeType);
const ALL_TYPES: readonly AttributeType[] = [...SCALAR_TYPES, ...LIST_TYPES, 'dict'];
const NUMERIC: readonly AttributeType[] = ['int32', 'int64', 'double', 'float'];
const INTEGER: readonly AttributeType[] = ['int32', 'int64'];
const EXTRACT: readonly DatePart[] = ['hour_of_day', 'day_of_week', 'month_of_year'];
const ACTIVE: readonly DatePart[] = ['active_day', 'active_week', 'active_month'];

/** The property and type of an attribute of one aggregation, as one choice. */
type PropertyAndType = fc.Arbitrary<{ property: WireProperty | undefined; type: AttributeType }>;

const typed = (property: fc.Arbitrary<WireProperty | undefined>, types: readonly AttributeType[]): PropertyAndType =>
  fc.record({ property, type: fc.constantFrom(...types) });

/** Value aggregations that take a date_part: no part (any of `plain`), an extracted integer, a truncated date. */
const withDateParts = (plain: readonly AttributeType[], extracted: readonly AttributeType[], truncated: AttributeType): PropertyAndType =>
  fc.oneof(
    { weight: 3, arbitrary: typed(wireProperty(), plain) },
    { weight: 1, arbitrary: typed(wireProperty(EXTRACT), extracted) },
    { weight: 1, arbitrary: typed(wireProperty(ACTIVE), [truncated]) },
  );

const derivedTstamp = fc.constant<WireProperty>({ type: 'atomic', name: 'derived_tstamp' });

function propertyAndType(aggregation: Aggregation): PropertyAndType {
  switch (aggregation) {
    case 'counter': return typed(fc.option(wireProperty(), { nil: undefined }), ALL_TYPES);
    case 'sum': case 'min': case 'max': case 'mean': return typed(wireProperty(), NUMERIC);
    case 'time_since_first': case 'time_since_last': return typed(fc.option(derivedTstamp, { nil: undefined }), ['float', 'double']);
    case 'unique_list': return withDateParts(LIST_TYPES, ['int32_list', 'int64_list'], 'string_list');
    case 'category_count': return typed(wireProperty('any'), ['dict']);
    case 'approx_count_distinct': return typed(wireProperty('any'), INTEGER);
    default: return withDateParts(ALL_TYPES, INTEGER, 'string'); // first, last, most_frequent, least_frequent
  }
}

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constantFrom('product_view', 'add_to_cart', 'shoes', 'gold', '', 'é', '__proto__'),
  fc.integer({ min: -10, max: 1000 }),
  fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const likePattern = fc.constantFrom('%', '%add%', 'product\\_%', '_at', 'https://%/shop%', '%.%', '');

/** An attribute-filter condition: `in` takes a list, `like` a string, `<`… a number or a string, `=`/`!=` any scalar. */
export const wireCriterion: fc.Arbitrary<WireCriterion> = fc.record({
  property: wireProperty('any'),
  operatorValue: fc.oneof(
    fc.record({ operator: fc.constantFrom('=' as const, '!=' as const), value: scalar }),
    fc.record({ operator: fc.constantFrom('<' as const, '>' as const, '<=' as const, '>=' as const), value: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom('m', '2026-01-01')) }),
    fc.record({ operator: fc.constant('like' as const), value: likePattern }),
    fc.record({ operator: fc.constant('in' as const), value: fc.array(scalar, { maxLength: 4 }) }),
  ),
}).map(({ property, operatorValue }) => ({ property, ...operatorValue }));

const wireCriteria: fc.Arbitrary<WireCriteria> = fc.record({
  all: fc.array(wireCriterion, { maxLength: 3 }),
  any: fc.array(wireCriterion, { maxLength: 3 }),
}, { requiredKeys: [] });

const SCHEMAS = [...EVENT_SCHEMAS, ...ENTITY_SCHEMAS];
const wireEvent: fc.Arbitrary<WireEvent> = fc.oneof(
  fc.record({ name: fc.constantFrom(...EVENT_FILTER_NAMES) }),
  fc.constantFrom(...SCHEMAS).chain((s) => fc.record({ vendor: fc.constant(s.vendor), name: fc.constant(s.name), version: fc.constantFrom(s.version, '1-0-0') }, { requiredKeys: ['vendor', 'name'] })),
  fc.constantFrom<WireEvent>(
    { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' },
    { vendor: 'com.google.analytics', name: 'event', version: '1-0-0' },
    { vendor: 'com.snowplowanalytics.snowplow' },
    {},
  ),
);

/** A lifetime (optionally with a ttl) or a rolling window. */
const lifetime = fc.oneof(
  fc.constant({}),
  durationMs.map((ms) => ({ period: isoDuration(ms) })),
  durationMs.map((ms) => ({ ttl: isoDuration(ms) })),
);

/** A valid attribute named `name`, of any aggregation (or of `aggregation`). */
export function wireAttribute(name: string, aggregation?: Aggregation): fc.Arbitrary<WireAttribute> {
  return (aggregation === undefined ? fc.constantFrom(...AGGREGATIONS) : fc.constant(aggregation)).chain((agg) => fc.record({
    propertyAndType: propertyAndType(agg),
    description: fc.option(fc.constantFrom('A generated attribute.', '', 'é'), { nil: undefined }),
    events: sometimes(fc.array(wireEvent, { maxLength: 3 }), 2),
    criteria: sometimes(wireCriteria, 2),
    lifetime,
    default_value: sometimes(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))),
    time_unit: agg.startsWith('time_since') ? fc.constantFrom('s' as const, 'min' as const, 'h' as const, 'd' as const) : fc.constant(undefined),
  }).map(({ propertyAndType: { property, type }, lifetime: window, ...rest }) => {
    const attribute: Record<string, unknown> = { name, type, aggregation: agg, property, ...window, ...rest };
    for (const key of Object.keys(attribute)) if (attribute[key] === undefined) delete attribute[key];
    return attribute as unknown as WireAttribute;
  }));
}
