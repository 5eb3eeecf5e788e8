import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  AtomicProperty, Attribute, AttributeKey, BatchAttributeGroup, BatchSource, Bundle, Criteria, Criterion,
  EntityProperty, Event, EventProperty, ExternalBatchAttributeGroup, Field, InterventionCriteriaAll,
  InterventionCriteriaAny, InterventionCriteriaNone, InterventionCriterion, LinkAttributeKey, PagePing, PageView,
  RuleIntervention, Service, StreamAttributeGroup, StructuredEvent, domain_sessionid, domain_userid, network_userid,
  user_id,
} from '../../../src/definitions/builders.js';
import { formatDurationInput } from '../../../src/definitions/builders/format-duration-input.js';
import type { WireBundle } from '../../../src/definitions/wire-types.js';
import { DefinitionsError } from '../../../src/errors.js';

/** A tutorial fixture: the repository's copy of the shared reference, under test/fixtures. */
function readTutorialFixture(file = 'tutorial-definitions.json'): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/${file}`, import.meta.url)), 'utf8'));
}

/** Runs `build` and returns the DefinitionsError it throws. */
function catchDefinitionsError(build: () => unknown): DefinitionsError {
  try {
    build();
  } catch (error) {
    if (error instanceof DefinitionsError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionsError');
}

describe('the Signals ecommerce tutorial written with the builders', () => {
  function buildTutorial(withSyncGroup: boolean): WireBundle {
    const owner = 'user@company.com';
    const ecommerceAction = Event({ name: 'snowplow_ecommerce_action' });
    const actionType = EventProperty({
      vendor: 'com.snowplowanalytics.snowplow.ecommerce', name: 'snowplow_ecommerce_action', major_version: 1,
      path: 'type',
    });
    const productPrice = EntityProperty({
      vendor: 'com.snowplowanalytics.snowplow.ecommerce', name: 'product', major_version: 1, path: 'price',
    });
    const syncGroup = StreamAttributeGroup({
      name: 'signals_edge_sync',
      attribute_key: domain_userid,
      owner,
      is_published: true,
      description: 'The latest event ids Signals processed for the user, so browsers know exactly which of their '
        + 'events are already counted.',
      attributes: [Attribute({
        name: 'recent_event_ids', type: 'string_list', aggregation: 'unique_list', events: [],
        property: AtomicProperty({ name: 'event_id' }), ttl: { days: 1 },
      })],
    });
    const group = StreamAttributeGroup({
      name: 'ecom_attributes',
      attribute_key: domain_userid,
      owner,
      is_published: true,
      attributes: [
        Attribute({
          name: 'count_product_views', type: 'int32', aggregation: 'counter', events: [ecommerceAction],
          criteria: Criteria({ all: [Criterion.eq(actionType, 'product_view')] }),
        }),
        Attribute({
          name: 'count_add_to_cart', type: 'int32', aggregation: 'counter', events: [ecommerceAction],
          criteria: Criteria({ all: [Criterion.eq(actionType, 'add_to_cart')] }),
        }),
        Attribute({
          name: 'total_cart_value', type: 'double', aggregation: 'sum', events: [ecommerceAction],
          property: productPrice,
          criteria: Criteria({ all: [Criterion.eq(actionType, 'add_to_cart')] }),
        }),
      ],
    });
    const groups = withSyncGroup ? [group, syncGroup] : [group];
    const targets = [user_id, 'domain_userid'];
    return Bundle({
      attribute_groups: groups,
      services: [Service({ name: 'ecom_attributes', attribute_groups: groups, owner, is_published: true })],
      interventions: [
        RuleIntervention({
          name: 'cart_abandonment', owner, is_published: true, target_attribute_keys: targets,
          description: 'Show banner to users who have added at least one item to cart.',
          criteria: InterventionCriterion({ attribute: 'ecom_attributes:count_add_to_cart', operator: '>', value: 0 }),
        }),
        RuleIntervention({
          name: 'discount', owner, is_published: true, target_attribute_keys: targets,
          description: 'Show banner to users who have viewed more than 3 products.',
          criteria: InterventionCriterion({
            attribute: 'ecom_attributes:count_product_views', operator: '>', value: 3,
          }),
        }),
        RuleIntervention({
          name: 'free_shipping', owner, is_published: true, target_attribute_keys: targets,
          description: 'Show banner to users who plan to spend at least $100.',
          criteria: InterventionCriterion({ attribute: 'ecom_attributes:total_cart_value', operator: '>', value: 100 }),
        }),
      ],
    });
  }

  it('deep-equals the tutorial fixture', () => {
    const bundle = buildTutorial(false);
    expect(bundle).toStrictEqual(readTutorialFixture());
    // Plain JSON data: survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(bundle))).toStrictEqual(bundle);
  });

  it('deep-equals the tutorial fixture with the sync group', () => {
    expect(buildTutorial(true)).toStrictEqual(readTutorialFixture('tutorial-definitions-sync.json'));
  });
});

describe('events', () => {
  it('emits only the fields given', () => {
    expect(Event({ name: 'add_to_cart' })).toStrictEqual({ name: 'add_to_cart' });
    expect(Event({ vendor: 'com.acme', name: 'x', version: '1-0-2' }))
      .toStrictEqual({ vendor: 'com.acme', name: 'x', version: '1-0-2' });
    expect(Event()).toStrictEqual({});
  });

  it('has the SDK predefined events', () => {
    expect(PageView()).toStrictEqual({ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' });
    expect(PagePing()).toStrictEqual({ vendor: 'com.snowplowanalytics.snowplow', name: 'page_ping', version: '1-0-0' });
    expect(StructuredEvent()).toStrictEqual({ vendor: 'com.google.analytics', name: 'event', version: '1-0-0' });
    expect(PageView()).not.toBe(PageView());
  });
});

describe('properties', () => {
  it('emits the structured forms', () => {
    expect(AtomicProperty({ name: 'page_url' })).toStrictEqual({ type: 'atomic', name: 'page_url' });
    expect(EventProperty({ vendor: 'com.acme', name: 'click', major_version: 2, path: '$.target.id' }))
      .toStrictEqual({ type: 'event', vendor: 'com.acme', name: 'click', major_version: 2, path: '$.target.id' });
    expect(EntityProperty({ vendor: 'com.acme', name: 'product', major_version: 1, path: 'sku', index: 2 }))
      .toStrictEqual({ type: 'entity', vendor: 'com.acme', name: 'product', major_version: 1, path: 'sku', index: 2 });
  });

  it('defaults the entity index to 0', () => {
    expect(EntityProperty({ vendor: 'v', name: 'n', major_version: 1, path: 'p' }).index).toBe(0);
  });

  it('carries date_part on every kind', () => {
    expect(AtomicProperty({ name: 'derived_tstamp', date_part: 'hour_of_day' }))
      .toStrictEqual({ type: 'atomic', name: 'derived_tstamp', date_part: 'hour_of_day' });
    expect(EventProperty({ vendor: 'v', name: 'n', major_version: 1, path: 'at', date_part: 'active_day' }).date_part)
      .toBe('active_day');
    expect(EntityProperty({ vendor: 'v', name: 'n', major_version: 1, path: 'at', date_part: 'day_of_week' }).date_part)
      .toBe('day_of_week');
  });
});

describe('criteria', () => {
  const url = AtomicProperty({ name: 'page_url' });
  const price = EntityProperty({ vendor: 'com.acme', name: 'product', major_version: 1, path: 'price' });

  it('has one shorthand per operator', () => {
    expect(Criterion.eq(url, 'a')).toStrictEqual({ property: url, operator: '=', value: 'a' });
    expect(Criterion.neq(url, 'a')).toStrictEqual({ property: url, operator: '!=', value: 'a' });
    expect(Criterion.gt(price, 1)).toStrictEqual({ property: price, operator: '>', value: 1 });
    expect(Criterion.gte(price, 1.5)).toStrictEqual({ property: price, operator: '>=', value: 1.5 });
    expect(Criterion.lt(price, 0)).toStrictEqual({ property: price, operator: '<', value: 0 });
    expect(Criterion.lte(price, -2)).toStrictEqual({ property: price, operator: '<=', value: -2 });
    expect(Criterion.like(url, '%/faq%')).toStrictEqual({ property: url, operator: 'like', value: '%/faq%' });
    expect(Criterion.in_list(url, ['a', 'b'])).toStrictEqual({ property: url, operator: 'in', value: ['a', 'b'] });
  });

  it('builds a criterion from options, copying list values', () => {
    const values = ['x', 'y'] as const;
    const criterion = Criterion({ property: url, operator: 'in', value: values });
    expect(criterion).toStrictEqual({ property: url, operator: 'in', value: ['x', 'y'] });
    expect(criterion.value).not.toBe(values);
    expect(Criterion({ property: url, operator: '=', value: false }).value).toBe(false);
  });

  it('emits only the lists given', () => {
    const a = Criterion.eq(url, 'a');
    expect(Criteria({ all: [a] })).toStrictEqual({ all: [a] });
    expect(Criteria({ any: [a] })).toStrictEqual({ any: [a] });
    expect(Criteria({ all: [a], any: [] })).toStrictEqual({ all: [a], any: [] });
    expect(Criteria({})).toStrictEqual({});
  });
});

describe('Attribute', () => {
  it('emits the required fields only when nothing else is given', () => {
    expect(Attribute({ name: 'views', type: 'int64', aggregation: 'counter' }))
      .toStrictEqual({ name: 'views', type: 'int64', aggregation: 'counter' });
  });

  it('emits every option, durations as ISO-8601', () => {
    const url = AtomicProperty({ name: 'page_url' });
    const criteria = Criteria({ all: [Criterion.like(url, '%/product/%')] });
    expect(Attribute({
      name: 'recent_pages', description: 'Pages in the last hour', type: 'string_list', aggregation: 'unique_list',
      events: [PageView()], property: url, criteria, period: 3600, default_value: [],
    })).toStrictEqual({
      name: 'recent_pages', description: 'Pages in the last hour', type: 'string_list', aggregation: 'unique_list',
      events: [PageView()], property: url, criteria, period: 'PT1H', default_value: [],
    });
    expect(Attribute({
      name: 'since_last', type: 'double', aggregation: 'time_since_last', time_unit: 'min', ttl: { days: 7 },
      default_value: 0,
    })).toStrictEqual({
      name: 'since_last', type: 'double', aggregation: 'time_since_last', time_unit: 'min', ttl: 'P7D',
      default_value: 0,
    });
  });

  it('keeps an explicit empty events list (every event) and copies it', () => {
    const events: ReturnType<typeof Event>[] = [];
    const attribute = Attribute({ name: 'all_events', type: 'int32', aggregation: 'counter', events });
    expect(attribute.events).toStrictEqual([]);
    expect(attribute.events).not.toBe(events);
  });

  it('names the attribute and option of a bad duration', () => {
    const error = catchDefinitionsError(() =>
      Attribute({ name: 'weekly', type: 'int32', aggregation: 'counter', period: 'P1M' }));
    expect(error.problems).toEqual([expect.objectContaining({ code: 'invalid_duration', path: 'weekly.period' })]);
    expect(error.problems[0]?.message).toContain('months');
    expect(catchDefinitionsError(() =>
      Attribute({ name: 'kept', type: 'int32', aggregation: 'counter', ttl: -5 })).problems[0]?.path).toBe('kept.ttl');
  });
});

describe('formatDurationInput', () => {
  it.each([
    [0, 'PT0S'],
    [90, 'PT1M30S'],
    [600, 'PT10M'],
    [3600, 'PT1H'],
    [86_400, 'P1D'],
    [93_600, 'P1DT2H'],
    [7 * 86_400, 'P7D'],
    [1.5, 'PT1.5S'],
    [90_061.25, 'P1DT1H1M1.25S'],
  ] as const)('formats %s seconds as %s', (seconds, iso) => {
    expect(formatDurationInput(seconds, 'period')).toBe(iso);
  });

  it.each([
    ['PT10M', 'PT10M'],
    ['P1D', 'P1D'],
    ['PT90S', 'PT1M30S'],
    ['PT24H', 'P1D'],
    ['P1W', 'P7D'],
    ['P1DT2H', 'P1DT2H'],
    ['PT0S', 'PT0S'],
    ['P0D', 'PT0S'],
    ['PT0.5S', 'PT0.5S'],
    ['P1DT0H30M', 'P1DT30M'],
  ] as const)('normalises %s to %s', (input, iso) => {
    expect(formatDurationInput(input, 'ttl')).toBe(iso);
  });

  it('formats parts', () => {
    expect(formatDurationInput({ days: 1, hours: 2 }, 'p')).toBe('P1DT2H');
    expect(formatDurationInput({ minutes: 90 }, 'p')).toBe('PT1H30M');
    expect(formatDurationInput({ seconds: 0.25 }, 'p')).toBe('PT0.25S');
    expect(formatDurationInput({}, 'p')).toBe('PT0S');
  });

  it.each([
    ['P1Y', 'years and months'],
    ['P2M', 'years and months'],
    ['P1Y2M3D', 'years and months'],
    ['P', 'ISO-8601'],
    ['PT', 'ISO-8601'],
    ['P1DT', 'ISO-8601'],
    ['10m', 'ISO-8601'],
    ['-P1D', 'ISO-8601'],
    ['P1.5D', 'ISO-8601'],
    ['P1W2D', 'weeks alone'],
    ['p1d', 'ISO-8601'],
    [1e300, '≥ 0'],
    [-1, '≥ 0'],
    [Number.NaN, '≥ 0'],
    [Number.POSITIVE_INFINITY, '≥ 0'],
    [{ days: -1 }, 'days'],
    [{ hours: '2' }, 'hours'],
    [null, 'ISO-8601'],
    [true, 'ISO-8601'],
  ])('rejects %j with a DefinitionsError naming the path', (input, reason) => {
    const error = catchDefinitionsError(() => formatDurationInput(input as never, 'groups.ttl'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ code: 'invalid_duration', path: 'groups.ttl' });
    expect(error.problems[0]?.message).toContain(reason);
  });

  it('keeps a calendar minute inside the time part valid', () => {
    expect(formatDurationInput('PT5M', 'p')).toBe('PT5M');
  });
});

describe('attribute keys', () => {
  it('has the built-in keys in their wire form', () => {
    expect(domain_userid).toStrictEqual({
      name: 'domain_userid', key: 'domain_userid', description: 'The domain user ID for the user.',
    });
    expect(domain_sessionid).toStrictEqual({
      name: 'domain_sessionid', key: 'domain_sessionid', description: 'The domain session ID for the session.',
    });
    expect(network_userid).toStrictEqual({
      name: 'network_userid', key: 'network_userid', description: 'The network user ID for the user.',
    });
    expect(user_id).toStrictEqual({ name: 'user_id', key: 'user_id', description: 'The user ID for the user.' });
    expect(Object.isFrozen(domain_userid)).toBe(true);
  });

  it('emits every option given', () => {
    const property = EntityProperty({ vendor: 'com.acme', name: 'customer', major_version: 1, path: '$.customer.id' });
    expect(AttributeKey({
      name: 'customer_id', description: 'Customer', property, owner: 'a@b.c', ttl: { days: 30 }, is_published: true,
    })).toStrictEqual({
      name: 'customer_id', description: 'Customer', property, owner: 'a@b.c', ttl: 'P30D', is_published: true,
    });
  });

  it('derives the name as the SDK does', () => {
    expect(AttributeKey({ external_column: 'account_id' }))
      .toStrictEqual({ name: 'account_id', external_column: 'account_id' });
    expect(AttributeKey({ property: AtomicProperty({ name: 'user_id' }) }).name).toBe('user_id');
    const userId = EventProperty({ vendor: 'v', name: 'n', major_version: 1, path: '$.user.id' });
    expect(AttributeKey({ property: userId }).name).toBe('id');
    expect(AttributeKey({ name: 'x', external_column: 'x' }).name).toBe('x');
  });

  it('rejects a name that differs from external_column, or no name at all', () => {
    const mismatch = catchDefinitionsError(() => AttributeKey({ name: 'a', external_column: 'b' }));
    expect(mismatch.problems[0]).toMatchObject({ code: 'invalid_attribute_key', path: 'name' });
    const keyOnly = catchDefinitionsError(() => AttributeKey({ key: 'domain_userid' } as never));
    expect(keyOnly.problems[0]?.message).toContain('key alone');
    const nothing = catchDefinitionsError(() => AttributeKey({} as never));
    expect(nothing.problems[0]?.message).toContain('needs a name');
  });

  it('links a key by name', () => {
    expect(LinkAttributeKey({ name: 'domain_userid' })).toStrictEqual({ name: 'domain_userid' });
  });
});

describe('attribute groups', () => {
  const views = Attribute({ name: 'views', type: 'int32', aggregation: 'counter', events: [PageView()] });

  it('emits a stream group with the non-null defaults', () => {
    expect(StreamAttributeGroup({ name: 'g', attribute_key: domain_sessionid, attributes: [views] })).toStrictEqual({
      name: 'g', version: 1, attribute_key: { ...domain_sessionid }, online: true, offline: false, is_published: false,
      attributes: [views],
    });
  });

  it('emits every stream group option', () => {
    const group = StreamAttributeGroup({
      name: 'g', version: 3, attribute_key: LinkAttributeKey({ name: 'domain_userid' }), attributes: [views],
      ttl: 'P7D', online: false, description: 'd', owner: 'o@x.y', is_published: true,
      backfill_since_tstamp: new Date(Date.UTC(2024, 2, 15)),
    });
    expect(group).toStrictEqual({
      name: 'g', version: 3, attribute_key: { name: 'domain_userid' }, ttl: 'P7D', online: false, offline: false,
      description: 'd', owner: 'o@x.y', is_published: true, attributes: [views],
      backfill_since_tstamp: '2024-03-15T00:00:00.000Z',
    });
  });

  it('copies the built-in key so the output is plain mutable JSON', () => {
    const group = StreamAttributeGroup({ name: 'g', attribute_key: domain_userid, attributes: [views] });
    expect(group.attribute_key).not.toBe(domain_userid);
    expect(Object.isFrozen(group.attribute_key)).toBe(false);
  });

  it('names the group of a bad ttl', () => {
    const error = catchDefinitionsError(() =>
      StreamAttributeGroup({ name: 'g', attribute_key: domain_userid, attributes: [views], ttl: 'P1Y' }));
    expect(error.problems[0]).toMatchObject({ code: 'invalid_duration', path: 'g.ttl' });
  });

  it('emits batch and external batch groups as offline', () => {
    const source = BatchSource({ name: 's', database: 'db', schema: 'sc', table: 't', timestamp_field: 'updated_at' });
    expect(source)
      .toStrictEqual({ name: 's', database: 'db', schema: 'sc', table: 't', timestamp_field: 'updated_at' });
    expect(BatchAttributeGroup({ name: 'b', attribute_key: domain_userid, attributes: [views] })).toStrictEqual({
      name: 'b', version: 1, attribute_key: { ...domain_userid }, online: true, offline: true, is_published: false,
      attributes: [views],
    });
    const field = Field({ name: 'ltv', type: 'double', description: 'Lifetime value' });
    expect(field).toStrictEqual({ name: 'ltv', description: 'Lifetime value', type: 'double' });
    const key = AttributeKey({ external_column: 'user_id' });
    expect(ExternalBatchAttributeGroup({ name: 'e', attribute_key: key, fields: [field], batch_source: source }))
      .toStrictEqual({
        name: 'e', version: 1, attribute_key: key, batch_source: source, online: true, offline: true,
        is_published: false, fields: [field],
      });
  });
});

describe('Service and Bundle', () => {
  it('references groups by name and version', () => {
    const group = StreamAttributeGroup({
      name: 'g', version: 2, attribute_key: domain_userid,
      attributes: [Attribute({ name: 'n', type: 'int32', aggregation: 'counter' })],
    });
    expect(Service({ name: 's', attribute_groups: [group, { name: 'other' }, { name: 'third', version: 4 }] }))
      .toStrictEqual({
        name: 's',
        attribute_groups: [{ name: 'g', version: 2 }, { name: 'other', version: 1 }, { name: 'third', version: 4 }],
        is_published: false,
      });
    expect(Service({ name: 's', attribute_groups: [group], description: 'd', owner: 'o', is_published: true }))
      .toStrictEqual({
        name: 's', description: 'd', attribute_groups: [{ name: 'g', version: 2 }], owner: 'o', is_published: true,
      });
  });

  it('emits the three lists, and attribute_keys when given', () => {
    expect(Bundle({})).toStrictEqual({ attribute_groups: [], services: [], interventions: [] });
    expect(Bundle({ attribute_keys: [user_id] }))
      .toStrictEqual({ attribute_groups: [], services: [], interventions: [], attribute_keys: [user_id] });
  });
});

describe('interventions', () => {
  it('builds leaves with and without a value', () => {
    expect(InterventionCriterion({ attribute: 'g:a', operator: 'in', value: [1, 2] }))
      .toStrictEqual({ attribute: 'g:a', operator: 'in', value: [1, 2] });
    expect(InterventionCriterion({ attribute: 'g:a', operator: 'rlike', value: '^x' }))
      .toStrictEqual({ attribute: 'g:a', operator: 'rlike', value: '^x' });
    for (const operator of ['is null', 'is not null', 'changed'] as const) {
      expect(InterventionCriterion({ attribute: 'g:a', operator })).toStrictEqual({ attribute: 'g:a', operator });
    }
  });

  it('rejects a reference that is not group:attribute', () => {
    for (const attribute of ['g:a:b', ':a', 'g:', 'my group:a', 'g_v1.a'] as const) {
      const error = catchDefinitionsError(() =>
        InterventionCriterion({ attribute: attribute as `${string}:${string}`, operator: '=', value: 1 }));
      expect(error.problems[0]).toMatchObject({ code: 'invalid_attribute_reference', path: 'attribute' });
    }
  });

  it('nests all / any / none', () => {
    const a = InterventionCriterion({ attribute: 'g:a', operator: '>', value: 1 });
    const b = InterventionCriterion({ attribute: 'g:b', operator: 'changed' });
    const tree = InterventionCriteriaAll({
      all: [b, InterventionCriteriaAny({ any: [a, InterventionCriteriaNone({ none: [a] })] })],
    });
    expect(tree).toStrictEqual({ all: [b, { any: [a, { none: [a] }] }] });
  });

  it('emits a rule intervention with defaults and targets as names', () => {
    const criteria = InterventionCriterion({ attribute: 'g:a', operator: '>=', value: 5 });
    expect(RuleIntervention({ name: 'r', criteria }))
      .toStrictEqual({ name: 'r', version: 1, is_published: false, criteria });
    expect(RuleIntervention({
      name: 'r', version: 2, criteria, description: 'd', owner: 'o',
      target_attribute_keys: [domain_sessionid, 'user_id', LinkAttributeKey({ name: 'domain_userid' })],
    })).toStrictEqual({
      name: 'r', version: 2, owner: 'o', is_published: false, description: 'd', criteria,
      target_attribute_keys: [{ name: 'domain_sessionid' }, { name: 'user_id' }, { name: 'domain_userid' }],
    });
  });
});

/**
 * Compile-time checks: never called; `tsc -p tsconfig.json` fails if one of these mistakes stops being
 * a type error (an unused `@ts-expect-error` is itself an error).
 */
function compileTimeChecks(): void {
  const url = AtomicProperty({ name: 'page_url' });
  // @ts-expect-error 'count' is not an aggregation
  Attribute({ name: 'a', type: 'int32', aggregation: 'count' });
  // @ts-expect-error 'integer' is not an attribute type
  Attribute({ name: 'a', type: 'integer', aggregation: 'counter' });
  // @ts-expect-error sum reads a property
  Attribute({ name: 'a', type: 'double', aggregation: 'sum' });
  // @ts-expect-error time_since_* needs time_unit
  Attribute({ name: 'a', type: 'double', aggregation: 'time_since_first' });
  // @ts-expect-error period and ttl exclude each other
  Attribute({ name: 'a', type: 'int32', aggregation: 'counter', period: 'P1D', ttl: 'P7D' });
  // @ts-expect-error a duration string starts with P
  Attribute({ name: 'a', type: 'int32', aggregation: 'counter', period: '10m' });
  // @ts-expect-error not an atomic column
  AtomicProperty({ name: 'page_uri' });
  // @ts-expect-error not a date part
  AtomicProperty({ name: 'derived_tstamp', date_part: 'hour' });
  // @ts-expect-error `in` takes a list
  Criterion({ property: url, operator: 'in', value: 'a' });
  // @ts-expect-error no `is null` in attribute criteria
  Criterion({ property: url, operator: 'is null', value: 'a' });
  // @ts-expect-error gt compares numbers
  Criterion.gt(url, '3');
  // @ts-expect-error `>` needs a value
  InterventionCriterion({ attribute: 'g:a', operator: '>' });
  // @ts-expect-error `is null` takes no value
  InterventionCriterion({ attribute: 'g:a', operator: 'is null', value: 1 });
  // @ts-expect-error `not in` takes a list
  InterventionCriterion({ attribute: 'g:a', operator: 'not in', value: 1 });
  // @ts-expect-error the reference is group:attribute
  InterventionCriterion({ attribute: 'g.a', operator: '=', value: 1 });
  // @ts-expect-error '==' is accepted by the parser but never emitted
  InterventionCriterion({ attribute: 'g:a', operator: '==', value: 1 });
  // @ts-expect-error an attribute key needs a name or something to derive it from
  AttributeKey({ description: 'x' });
  // @ts-expect-error a stream group needs attributes
  StreamAttributeGroup({ name: 'g', attribute_key: domain_userid });
  // @ts-expect-error an external batch group needs a batch source
  ExternalBatchAttributeGroup({ name: 'g', attribute_key: domain_userid, fields: [] });
}
void compileTimeChecks;
