import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefinitions, parseDefinitions, type ParseDefinitionsOptions } from '../../../src/definitions/parse-definitions.js';
import type { AttributeDef, Definitions } from '../../../src/definitions/types.js';
import { DefinitionsError, type Problem } from '../../../src/errors.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));

const tutorial = fixture('tutorial-definitions.json');
const tutorialSync = fixture('tutorial-definitions-sync.json');

type Json = Record<string, unknown>;

const key = { name: 'domain_userid', key: 'domain_userid' };
const attr = (extra: Json = {}): Json => ({ name: 'a', type: 'int32', aggregation: 'counter', ...extra });
const group = (attributes: Json[] = [attr()], extra: Json = {}): Json =>
  ({ name: 'g', version: 1, is_published: true, attribute_key: key, attributes, ...extra });
const intervention = (criteria: Json, extra: Json = {}): Json => ({ name: 'i', version: 1, is_published: true, criteria, ...extra });

function ok(input: unknown, options?: ParseDefinitionsOptions): { definitions: Definitions; warnings: Problem[] } {
  const result = parseDefinitions(input, options);
  if (!result.ok) throw new Error(`expected ok, got:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return result;
}

function problems(input: unknown, options?: ParseDefinitionsOptions): Problem[] {
  const result = parseDefinitions(input, options);
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems;
}

/** The single attribute of a one-attribute bundle. */
function single(attribute: Json, groupExtra: Json = {}): AttributeDef {
  const def = ok({ attribute_groups: [group([attribute], groupExtra)] }).definitions.groups[0]?.attributes[0];
  if (def === undefined) throw new Error('no attribute');
  return def;
}

describe('parseDefinitions: the tutorial', () => {
  it('normalises the ecommerce tutorial', () => {
    const { definitions, warnings } = ok(tutorial);
    expect(warnings).toEqual([]);
    expect(definitions.groups).toHaveLength(1);
    const g = definitions.groups[0]!;
    expect(g).toMatchObject({ name: 'ecom_attributes', version: 1, kind: 'stream', online: true, published: true, ttlMs: null });
    expect(g.key).toEqual({
      name: 'domain_userid', description: 'The domain user ID for the user.',
      property: { kind: 'atomic', name: 'domain_userid', datePart: null }, ttlMs: null,
    });
    expect(g.attributes.map((a) => a.name)).toEqual(['count_product_views', 'count_add_to_cart', 'total_cart_value']);
    expect(g.attributes[0]).toEqual({
      name: 'count_product_views', description: null, type: 'int32', aggregation: 'counter',
      events: [{ vendor: null, name: 'snowplow_ecommerce_action', version: null }],
      property: null,
      criteria: {
        all: [{
          property: {
            kind: 'event', vendor: 'com.snowplowanalytics.snowplow.ecommerce', name: 'snowplow_ecommerce_action',
            major: 1, path: ['type'], datePart: null,
          },
          operator: '=', value: 'product_view',
        }],
        any: [],
      },
      periodMs: null, ttlMs: null, defaultValue: 0, timeUnit: null,
    });
    expect(g.attributes[2]).toMatchObject({
      aggregation: 'sum', type: 'double', defaultValue: null,
      property: { kind: 'entity', vendor: 'com.snowplowanalytics.snowplow.ecommerce', name: 'product', major: 1, index: 0, path: ['price'], datePart: null },
    });
    expect(definitions.services).toEqual([{ name: 'ecom_attributes', groups: [{ name: 'ecom_attributes', version: 1 }], published: true, accessMode: 'authenticated' }]);
    expect(definitions.interventions.map((i) => i.name)).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
    expect(definitions.interventions[1]).toEqual({
      name: 'discount', version: 1, description: 'Show banner to users who have viewed more than 3 products.',
      criteria: { op: 'leaf', group: 'ecom_attributes', attribute: 'count_product_views', operator: '>', value: 3 },
      targets: ['user_id', 'domain_userid'], published: true,
    });
    expect(definitions.keys.map((k) => k.name)).toEqual(['domain_userid', 'user_id']);
    expect(definitions.keys[1]?.property).toEqual({ kind: 'atomic', name: 'user_id', datePart: null });
  });

  it('normalises the sync variant: a unique_list of event_id with a one-day TTL', () => {
    const { definitions } = ok(tutorialSync);
    expect(definitions.groups.map((g) => g.name)).toEqual(['ecom_attributes', 'signals_edge_sync']);
    expect(definitions.groups[1]?.attributes[0]).toMatchObject({
      name: 'recent_event_ids', type: 'string_list', aggregation: 'unique_list', events: [],
      property: { kind: 'atomic', name: 'event_id', datePart: null }, periodMs: null, ttlMs: 86_400_000, defaultValue: null,
    });
    expect(definitions.services[0]?.groups).toEqual([
      { name: 'ecom_attributes', version: 1 }, { name: 'signals_edge_sync', version: 1 },
    ]);
  });

  it('loadDefinitions returns the same definitions', () => {
    expect(loadDefinitions(tutorial)).toEqual(ok(tutorial).definitions);
  });

});

describe('parseDefinitions: wire rules', () => {
  it('accepts the fields of older registry responses (§1) without a warning', () => {
    const { definitions, warnings } = ok({
      attribute_groups: [group([attr({ tags: ['x'], script_uri: 'u' })], { tags: [], target_agents: [], date_partition_column: 'd' })],
    });
    expect(definitions.groups[0]?.attributes[0]?.name).toBe('a');
    expect(warnings).toEqual([]);
  });

  it('refuses an unknown top-level key', () => {
    expect(problems({ attribute_groups: [group()], extra: 1 })).toEqual([
      { code: 'unknown_field', path: 'extra', message: 'unknown field "extra"' },
    ]);
  });

  it('refuses an empty bundle; one empty list is an empty bundle that loads', () => {
    expect(problems({})).toEqual([{
      code: 'required', path: 'attribute_groups',
      message: 'a definitions bundle needs attribute_groups, services or interventions; it is empty',
    }]);
    expect(ok({ services: [] }).definitions).toEqual({ groups: [], services: [], interventions: [], keys: [] });
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['[]', []],
    ['[{}]', [{}]],
    ['a wildcard item among others', [{ name: 'page_view' }, { vendor: null, name: null, version: null }]],
  ])('events %s means every event', (_label, events) => {
    expect(single(attr(events === undefined ? {} : { events })).events).toEqual([]);
  });

  it('keeps event selectors with nulls for absent fields', () => {
    expect(single(attr({ events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' }, { vendor: 'com.acme' }] })).events)
      .toEqual([
        { vendor: 'com.snowplowanalytics.snowplow', name: 'page_view', version: '1-0-0' },
        { vendor: 'com.acme', name: null, version: null },
      ]);
  });

  it('accepts every aggregation with a fitting type', () => {
    const url = 'page_url';
    const attributes = [
      attr({ name: 'counter' }),
      attr({ name: 'sum', aggregation: 'sum', type: 'double', property: 'se_value' }),
      attr({ name: 'min', aggregation: 'min', type: 'int64', property: 'page_urlport' }),
      attr({ name: 'max', aggregation: 'max', type: 'float', property: 'se_value' }),
      attr({ name: 'mean', aggregation: 'mean', type: 'double', property: 'se_value' }),
      attr({ name: 'first', aggregation: 'first', type: 'string', property: url }),
      attr({ name: 'last', aggregation: 'last', type: 'bool', property: 'br_cookies' }),
      attr({ name: 'unique_list', aggregation: 'unique_list', type: 'string_list', property: url }),
      attr({ name: 'most_frequent', aggregation: 'most_frequent', type: 'string', property: url }),
      attr({ name: 'least_frequent', aggregation: 'least_frequent', type: 'string', property: url }),
      attr({ name: 'approx', aggregation: 'approx_count_distinct', type: 'int64', property: url }),
      attr({ name: 'category_count', aggregation: 'category_count', type: 'dict', property: url }),
      attr({ name: 'tsl', aggregation: 'time_since_last', type: 'double', time_unit: 'min' }),
      attr({ name: 'tsf', aggregation: 'time_since_first', type: 'float', time_unit: 'd', property: { type: 'atomic', name: 'derived_tstamp' } }),
    ];
    const defs = ok({ attribute_groups: [group(attributes)] }).definitions.groups[0]!.attributes;
    expect(defs.map((a) => a.aggregation)).toEqual([
      'counter', 'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent',
      'approx_count_distinct', 'category_count', 'time_since_last', 'time_since_first',
    ]);
    expect(defs[12]).toMatchObject({ property: null, timeUnit: 'min' });
    expect(defs[13]).toMatchObject({ property: null, timeUnit: 'd' });
  });

  it('counter ignores a property', () => {
    expect(single(attr({ property: 'page_url' })).property).toBeNull();
  });

  it('accepts every type, with _list variants and dict', () => {
    const types = ['bytes', 'string', 'int32', 'int64', 'double', 'float', 'bool', 'unix_timestamp'];
    const all = [...types, ...types.map((t) => `${t}_list`), 'dict'];
    const attributes = all.map((type, i) => attr({ name: `a${i}`, type }));
    expect(ok({ attribute_groups: [group(attributes)] }).definitions.groups[0]!.attributes.map((a) => a.type)).toEqual(all);
  });

  it('reads criteria all and any, with == as =', () => {
    const attribute = single(attr({
      criteria: {
        all: [{ property: 'app_id', operator: '==', value: 'shop' }, { property: 'page_urlhost', operator: 'in', value: ['a', 'b'] }],
        any: [{ property: 'page_urlpath', operator: 'like', value: '%/faq%' }, { property: 'br_viewwidth', operator: '>=', value: 800 }],
      },
    }));
    expect(attribute.criteria.all.map((c) => c.operator)).toEqual(['=', 'in']);
    expect(attribute.criteria.any.map((c) => [c.operator, c.value])).toEqual([['like', '%/faq%'], ['>=', 800]]);
    expect(attribute.criteria.all[1]?.value).toEqual(['a', 'b']);
  });

  it('accepts every criterion operator', () => {
    const operators = ['=', '!=', '<', '>', '<=', '>='];
    const all = operators.map((operator) => ({ property: 'se_value', operator, value: 1 }));
    expect(single(attr({ criteria: { all, any: null } })).criteria.all.map((c) => c.operator)).toEqual(operators);
  });

  it('reads period, ttl and default_value', () => {
    expect(single(attr({ period: 'PT10M' }))).toMatchObject({ periodMs: 600_000, ttlMs: null });
    expect(single(attr({ period: 3600 })).periodMs).toBe(3_600_000);
    expect(single(attr({ period: 'P1W' })).periodMs).toBe(7 * 86_400_000);
    expect(single(attr({ default_value: 5 })).defaultValue).toBe(5);
    expect(single(attr({ aggregation: 'last', type: 'string', property: 'page_url', default_value: 'none' })).defaultValue).toBe('none');
    expect(single(attr({ aggregation: 'unique_list', type: 'string_list', property: 'page_url', default_value: [] })).defaultValue).toEqual([]);
    expect(single(attr({ aggregation: 'category_count', type: 'dict', property: 'page_url', default_value: { x: 1 } })).defaultValue).toEqual({ x: 1 });
  });

  it('effective default: explicit, else 0 for counter, else null (§14 item 16)', () => {
    expect(single(attr()).defaultValue).toBe(0);
    expect(single(attr({ default_value: null })).defaultValue).toBe(0);
    expect(single(attr({ default_value: 0 })).defaultValue).toBe(0);
    expect(single(attr({ aggregation: 'sum', type: 'double', property: 'se_value' })).defaultValue).toBeNull();
    expect(single(attr({ aggregation: 'last', type: 'bool', property: 'br_cookies', default_value: false })).defaultValue).toBe(false);
  });

  it('effective TTL: attribute → group → key, lifetime attributes only', () => {
    const keyWithTtl = { name: 'user_id', key: 'user_id', ttl: 'P30D' };
    const { definitions } = ok({
      attribute_groups: [
        group([attr({ name: 'own', ttl: 'PT1H' }), attr({ name: 'inherits' }), attr({ name: 'windowed', period: 'P1D' })],
          { ttl: 'P7D', attribute_key: keyWithTtl }),
        group([attr({ name: 'from_key' })], { name: 'h', attribute_key: keyWithTtl }),
        group([attr({ name: 'none' })], { name: 'n' }),
      ],
    });
    const [g, h, n] = definitions.groups;
    expect(g?.ttlMs).toBe(7 * 86_400_000);
    expect(g?.attributes.map((a) => a.ttlMs)).toEqual([3_600_000, 7 * 86_400_000, null]);
    expect(h?.attributes[0]?.ttlMs).toBe(30 * 86_400_000);
    expect(h?.key.ttlMs).toBe(30 * 86_400_000);
    expect(n?.attributes[0]?.ttlMs).toBeNull();
  });

  it('reads properties in both forms, with date_part', () => {
    expect(single(attr({ aggregation: 'most_frequent', type: 'int32', property: { type: 'atomic', name: 'derived_tstamp', date_part: 'hour_of_day' } })).property)
      .toEqual({ kind: 'atomic', name: 'derived_tstamp', datePart: 'hour_of_day' });
    expect(single(attr({
      aggregation: 'unique_list', type: 'string_list',
      property: { type: 'entity', vendor: 'com.acme', name: 'order', major_version: 2, path: '$.placed_at', index: 1, date_part: 'active_week' },
    })).property).toEqual({ kind: 'entity', vendor: 'com.acme', name: 'order', major: 2, index: 1, path: ['placed_at'], datePart: 'active_week' });
    expect(single(attr({ aggregation: 'unique_list', type: 'int64_list', property: { type: 'atomic', name: 'collector_tstamp', date_part: 'month_of_year' } })).type)
      .toBe('int64_list');
    expect(single(attr({ aggregation: 'category_count', type: 'dict', property: { type: 'atomic', name: 'refr_device_tstamp', date_part: 'day_of_week' } })).type)
      .toBe('dict');
    expect(single(attr({ aggregation: 'last', type: 'string', property: 'contexts_com_acme_ctx_1[safe_offset(0)].name' })).property)
      .toEqual({ kind: 'column', column: 'contexts_com_acme_ctx_1', entity: true, index: 0, path: ['name'], datePart: null });
  });

  it('group kind follows from the fields (§7)', () => {
    const fields = [{ name: 'tier', type: 'string' }];
    const { definitions } = ok({
      attribute_groups: [
        group([attr()], { name: 'stream', offline: false, batch_source: null }),
        group([attr()], { name: 'warehouse', offline: true }),
        group([attr()], { name: 'sourced', batch_source: { name: 'src', database: 'db', schema: 's', table: 't' } }),
        { name: 'external', version: 1, is_published: true, attribute_key: key, offline: true, fields, batch_source: { name: 'src' } },
      ],
    });
    expect(definitions.groups.map((g) => g.kind)).toEqual(['stream', 'batch', 'batch', 'external']);
    expect(definitions.groups[3]?.fields).toEqual([{ name: 'tier', type: 'string', description: null }]);
    expect(definitions.groups[3]?.attributes).toEqual([]);
  });

  it('keeps online: false groups, marked', () => {
    const { definitions } = ok({ attribute_groups: [group([attr()], { online: false })] });
    expect(definitions.groups[0]?.online).toBe(false);
  });

  it('defaults versions to 1', () => {
    const { definitions } = ok({
      attribute_groups: [group([attr()], { version: null })],
      services: [{ name: 's', is_published: true, attribute_groups: [{ name: 'g' }] }],
      interventions: [{ name: 'i', is_published: true, criteria: { attribute: 'g:a', operator: '>', value: 1 } }],
    });
    expect(definitions.groups[0]?.version).toBe(1);
    expect(definitions.services[0]?.groups).toEqual([{ name: 'g', version: 1 }]);
    expect(definitions.interventions[0]?.version).toBe(1);
  });
});

describe('parseDefinitions: attribute keys (§6)', () => {
  it.each(['domain_userid', 'domain_sessionid', 'network_userid', 'user_id'])('built-in %s read by name alone', (name) => {
    const { definitions } = ok({ attribute_groups: [group([attr()], { attribute_key: { name } })] });
    expect(definitions.groups[0]?.key).toEqual({ name, description: null, property: { kind: 'atomic', name, datePart: null }, ttlMs: null });
  });

  it('`key` reads that atomic column; `property` is a PropertyRef', () => {
    const { definitions } = ok({
      attribute_groups: [
        group([attr()], { attribute_key: { name: 'session', key: 'domain_sessionid' } }),
        group([attr()], {
          name: 'h',
          attribute_key: { name: 'customer', property: { type: 'entity', vendor: 'com.acme', name: 'customer', major_version: 1, path: 'id' } },
        }),
      ],
    });
    expect(definitions.groups[0]?.key.property).toEqual({ kind: 'atomic', name: 'domain_sessionid', datePart: null });
    expect(definitions.groups[1]?.key.property).toEqual({
      kind: 'entity', vendor: 'com.acme', name: 'customer', major: 1, index: 0, path: ['id'], datePart: null,
    });
  });

  it('a name-only key links to attribute_keys of the bundle', () => {
    const { definitions } = ok({
      attribute_keys: [{ name: 'customer', description: 'CRM id', property: 'contexts_com_acme_customer_1[0].id', ttl: 'P90D' }],
      attribute_groups: [group([attr()], { attribute_key: { name: 'customer' } })],
    });
    expect(definitions.groups[0]?.key).toEqual({
      name: 'customer', description: 'CRM id', ttlMs: 90 * 86_400_000,
      property: { kind: 'column', column: 'contexts_com_acme_customer_1', entity: true, index: 0, path: ['id'], datePart: null },
    });
    expect(definitions.keys.map((k) => k.name)).toEqual(['customer']);
  });

  it('a name-only key that is neither built-in nor declared is a problem', () => {
    expect(problems({ attribute_groups: [group([attr()], { attribute_key: { name: 'customer' } })] }).map((p) => p.path))
      .toEqual(['attribute_groups[0].attribute_key']);
  });

  it('lists declared keys, group keys and built-in targets once each', () => {
    const { definitions } = ok({
      attribute_keys: [{ name: 'network_userid' }],
      attribute_groups: [group(), group([attr()], { name: 'h', attribute_key: { name: 'domain_sessionid' } })],
      interventions: [intervention({ attribute: 'g:a', operator: '>', value: 1 }, { target_attribute_keys: ['user_id', 'domain_userid'] })],
    });
    expect(definitions.keys.map((k) => k.name)).toEqual(['network_userid', 'domain_userid', 'domain_sessionid', 'user_id']);
  });
});

describe('parseDefinitions: interventions (§9)', () => {
  it('reads nested all/any/none trees and every operator', () => {
    const leaves = [
      ['=', 1], ['==', 1], ['!=', 1], ['<', 1], ['>', 1], ['<=', 1], ['>=', 1], ['like', '%a%'], ['not like', 'a_'],
      ['rlike', '^a(b|c)$'], ['not rlike', 'x'], ['in', [1, 2]], ['not in', ['a']], ['is null', null], ['is not null', undefined],
    ].map(([operator, value]) => ({ attribute: 'g:a', operator, ...(value === undefined ? {} : { value }) }));
    const { definitions } = ok({
      attribute_groups: [group()],
      interventions: [intervention({ all: [{ any: leaves }, { none: [{ attribute: 'g:a', operator: '<', value: 0 }] }, { attribute: 'g:a', operator: 'changed' }] })],
    });
    const root = definitions.interventions[0]!.criteria;
    expect(root.op).toBe('all');
    if (root.op === 'leaf') return;
    const [any, none, changed] = root.children;
    expect(any?.op === 'any' && any.children.map((l) => l.op === 'leaf' && l.operator)).toEqual([
      '=', '=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'rlike', 'not rlike', 'in', 'not in', 'is null', 'is not null',
    ]);
    expect(none).toEqual({ op: 'none', children: [{ op: 'leaf', group: 'g', attribute: 'a', operator: '<', value: 0 }] });
    expect(changed).toEqual({ op: 'leaf', group: 'g', attribute: 'a', operator: 'changed', value: null });
  });

  it('accepts target_attribute_keys as objects or strings; absent or empty → null', () => {
    const leaf = { attribute: 'g:a', operator: '>', value: 1 };
    const { definitions } = ok({
      attribute_groups: [group()],
      interventions: [
        intervention(leaf, { name: 'objects', target_attribute_keys: [{ name: 'user_id' }] }),
        intervention(leaf, { name: 'strings', target_attribute_keys: ['domain_userid', 'user_id'] }),
        intervention(leaf, { name: 'absent' }),
        intervention(leaf, { name: 'empty', target_attribute_keys: [] }),
      ],
    });
    expect(definitions.interventions.map((i) => i.targets)).toEqual([['user_id'], ['domain_userid', 'user_id'], null, null]);
  });

  it('resolves group:attribute against any version holding it (latest published wins at run time)', () => {
    const { definitions } = ok({
      attribute_groups: [group([attr(), attr({ name: 'old' })]), group([attr()], { version: 2 })],
      interventions: [intervention({ all: [{ attribute: 'g:old', operator: '>', value: 1 }, { attribute: 'g:a', operator: '>', value: 1 }] })],
    });
    expect(definitions.interventions).toHaveLength(1);
  });

  it('a leaf resolves to fields of an external group too', () => {
    ok({
      attribute_groups: [{ name: 'crm', is_published: true, attribute_key: { name: 'user_id' }, fields: [{ name: 'tier', type: 'string' }], batch_source: { name: 'src' } }],
      interventions: [intervention({ attribute: 'crm:tier', operator: '=', value: 'gold' })],
    });
  });

  it('warns about a target key that has no ID on the client', () => {
    const { warnings } = ok({
      attribute_groups: [group()],
      interventions: [intervention({ attribute: 'g:a', operator: '>', value: 1 }, { target_attribute_keys: ['shop_id'] })],
    });
    expect(warnings).toEqual([expect.objectContaining({ code: 'unknown_key', path: 'interventions[0].target_attribute_keys[0]' })]);
  });
});

describe('parseDefinitions: published and unpublished (§14 item 12)', () => {
  const bundle = {
    attribute_groups: [group(), group([attr({ name: 'b' })], { version: 2, is_published: false })],
    services: [{ name: 's', attribute_groups: [{ name: 'g', version: 2 }] }],
    interventions: [intervention({ attribute: 'g:b', operator: '>', value: 1 }, { is_published: false })],
  };

  it('leaves unpublished definitions out, with a warning for each', () => {
    const { definitions, warnings } = ok(bundle);
    expect(definitions.groups.map((g) => g.version)).toEqual([1]);
    expect(definitions.services).toEqual([]);
    expect(definitions.interventions).toEqual([]);
    expect(warnings.map((w) => [w.code, w.path])).toEqual([
      ['unpublished', 'attribute_groups[1]'], ['unpublished', 'services[0]'], ['unpublished', 'interventions[0]'],
    ]);
  });

  it('reads a service\'s access mode (default authenticated) and refuses an unknown one by path', () => {
    const service = (extra: object) => ({ ...bundle, services: [{ name: 's', attribute_groups: [{ name: 'g', version: 1 }], is_published: true, ...extra }] });
    expect(ok(service({ access_mode: 'public' }), { includeUnpublished: true }).definitions.services[0]?.accessMode).toBe('public');
    expect(ok(service({}), { includeUnpublished: true }).definitions.services[0]?.accessMode).toBe('authenticated');
    const refused = parseDefinitions(service({ access_mode: 'open' }), { includeUnpublished: true });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.problems.map((p) => p.path)).toEqual(['services[0].access_mode']);
  });

  it('loads them with includeUnpublished', () => {
    const { definitions, warnings } = ok(bundle, { includeUnpublished: true });
    expect(warnings).toEqual([]);
    expect(definitions.groups.map((g) => [g.version, g.published])).toEqual([[1, true], [2, false]]);
    expect(definitions.services[0]).toEqual({ name: 's', groups: [{ name: 'g', version: 2 }], published: false, accessMode: 'authenticated' });
    expect(definitions.interventions[0]?.published).toBe(false);
  });

  it('an intervention may only use published groups unless includeUnpublished', () => {
    const input = { ...bundle, interventions: [intervention({ attribute: 'g:b', operator: '>', value: 1 })] };
    expect(problems(input).map((p) => p.path)).toEqual(['interventions[0].criteria.attribute']);
    ok(input, { includeUnpublished: true });
  });
});

describe('parseDefinitions: problems', () => {
  it('names the path, the field, the bad value and what is allowed', () => {
    const [problem] = problems({ attribute_groups: [group([attr({ aggregation: 'count' })])] });
    expect(problem).toEqual({
      code: 'enum', path: 'attribute_groups[0].attributes[0].aggregation',
      message: expect.stringMatching(/^aggregation "count" is not one of counter, sum, min, .*time_since_first$/),
    });
  });

  it('reports missing and mistyped fields plainly', () => {
    const found = problems({ attribute_groups: [{ name: 'g', version: 'one', attribute_key: key, attributes: [{ name: 'a', type: 'int32' }] }] });
    expect(found).toEqual([
      { code: 'type', path: 'attribute_groups[0].version', message: 'version must be a number, got "one"' },
      {
        code: 'required', path: 'attribute_groups[0].attributes[0].aggregation',
        message: expect.stringMatching(/^aggregation is required: counter, sum, /),
      },
    ]);
  });

  it('never half-loads: loadDefinitions throws DefinitionsError with every problem', () => {
    const input = { attribute_groups: [group([attr({ aggregation: 'count' }), attr({ name: 'b', period: 'P1Y' })])] };
    let error: unknown;
    try {
      loadDefinitions(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionsError);
    expect((error as DefinitionsError).problems.map((p) => p.path)).toEqual([
      'attribute_groups[0].attributes[0].aggregation', 'attribute_groups[0].attributes[1].period',
    ]);
    expect((error as DefinitionsError).message).toContain('attribute_groups[0].attributes[1].period: period "P1Y" uses years');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', '{"attribute_groups": []}'],
    ['a number', 42],
    ['an array', []],
  ])('%s as input is a problem, not an exception', (_label, input) => {
    expect(problems(input)).toEqual([expect.objectContaining({ path: '' })]);
  });

  it.each([150, 1200, 20_000])('criteria nested %d levels deep are a problem, not an exception', (depth) => {
    let node: Json = { attribute: 'g:a', operator: '>', value: 1 };
    for (let i = 0; i < depth; i++) node = { all: [node] };
    expect(problems({ attribute_groups: [group()], interventions: [intervention(node)] }))
      .toEqual([expect.objectContaining({ code: 'too_deep' })]);
  });

  it('criteria nested 100 levels deep are fine', () => {
    let node: Json = { attribute: 'g:a', operator: '>', value: 1 };
    for (let i = 0; i < 100; i++) node = { all: [node] };
    ok({ attribute_groups: [group()], interventions: [intervention(node)] });
  });

  it('a cyclic object is a problem, not an exception', () => {
    const node: Json = { all: [] };
    (node.all as Json[]).push(node);
    expect(parseDefinitions({ interventions: [intervention(node)] }).ok).toBe(false);
  });

  it('does not mutate its input', () => {
    const input = structuredClone(tutorialSync);
    parseDefinitions(input);
    expect(input).toEqual(tutorialSync);
  });
});

describe('parseDefinitions: registry mode (§14 item 1)', () => {
  const response = fixture('definitions/registry-response.json');

  it('fails on unknown enum values outside registry mode', () => {
    expect(problems(response).map((p) => [p.code, p.path])).toEqual([
      ['enum', 'attribute_groups[0].attributes[3].aggregation'],
      ['enum', 'interventions[2].criteria.all[0].operator'],
    ]);
  });

  it('skips each such attribute or intervention once, with a warning, and loads the rest', () => {
    const { definitions, warnings } = ok(response, { registry: true });
    expect(warnings.map((w) => [w.code, w.path])).toEqual([
      ['skipped', 'attribute_groups[0].attributes[3]'],
      ['skipped', 'interventions[2]'],
      // big_median uses the skipped attribute, so it cannot run locally either
      ['skipped', 'interventions[1]'],
    ]);
    expect(warnings[0]?.message).toMatch(/^attribute "median_cart_value" of group "ecom_attributes" was skipped .*aggregation "median" is not one of/);
    const [ecom, warehouse, crm] = definitions.groups;
    expect(ecom?.attributes.map((a) => a.name)).toEqual(['count_product_views', 'count_add_to_cart', 'total_cart_value', 'os_names', 'os_family']);
    expect(definitions.interventions.map((i) => i.name)).toEqual(['cart_abandonment', 'gold_tier']);
    expect(warehouse).toMatchObject({ kind: 'batch', version: 3 });
    expect(warehouse?.attributes[0]?.ttlMs).toBe(30 * 86_400_000);
    expect(crm).toMatchObject({ kind: 'external', fields: [{ name: 'tier', type: 'string', description: null }, { name: 'ltv', type: 'double', description: null }] });
    expect(definitions.services[0]?.groups).toEqual([{ name: 'ecom_attributes', version: 1 }, { name: 'crm', version: 1 }]);
  });

  it('accepts registry output fields and nulls, and legacy string properties of each dialect', () => {
    const { definitions } = ok(response, { registry: true });
    const attributes = definitions.groups[0]!.attributes;
    expect(attributes[0]?.criteria.all[0]?.property).toEqual({
      kind: 'column', column: 'unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1',
      entity: false, index: 0, path: ['type'], datePart: null,
    });
    expect(attributes[3]).toMatchObject({ name: 'os_names', periodMs: 7 * 86_400_000, property: { path: ['operatingSystemName'] } });
    expect(attributes[4]?.property).toMatchObject({ column: 'contexts_nl_basjes_yauaa_context_1', index: 0, path: ['operating_system_family'] });
    expect(definitions.interventions[1]?.criteria).toMatchObject({ op: 'all', children: [{ operator: '=', value: 'gold' }, { operator: 'is not null' }] });
  });

  it('still fails on problems that are not unknown enum values', () => {
    const input = structuredClone(response) as { attribute_groups: Json[] };
    (input.attribute_groups[0]!.attributes as Json[])[0]!.period = 'P1Y';
    expect(problems(input, { registry: true }).map((p) => p.path)).toEqual(['attribute_groups[0].attributes[0].period']);
  });

  it('skips a direct intervention (no criteria) in registry mode', () => {
    const { definitions, warnings } = ok({ attribute_groups: [group()], interventions: [{ name: 'direct', is_published: true }] }, { registry: true });
    expect(definitions.interventions).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(['interventions[0]']);
  });
});
