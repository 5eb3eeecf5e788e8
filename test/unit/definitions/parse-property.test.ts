import { describe, expect, it } from 'vitest';
import { schemaColumnName } from '../../../src/event/column-name.js';
import { parseProperty, parsePropertyPath } from '../../../src/definitions/parse-property.js';
import type { PropertyRef } from '../../../src/definitions/types.js';
import { SignalsEdgeError } from '../../../src/errors.js';

const column = (name: string, entity: boolean, index: number, path: (string | number)[]): PropertyRef =>
  ({ kind: 'column', column: name, entity, index, path, datePart: null });

const ACTION = 'unstruct_event_com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action_1';
const PRODUCT = 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1';
const YAUAA = 'contexts_nl_basjes_yauaa_context_1';

describe('parseProperty: legacy strings (§3.2, §14 items 3–4)', () => {
  it.each<[string, PropertyRef]>([
    // atomic column names
    ['page_url', { kind: 'atomic', name: 'page_url', datePart: null }],
    ['geo_country', { kind: 'atomic', name: 'geo_country', datePart: null }],
    ['refr_device_tstamp', { kind: 'atomic', name: 'refr_device_tstamp', datePart: null }],
    // PY-pre
    [`${ACTION}:type`, column(ACTION, false, 0, ['type'])],
    [`${PRODUCT}[0].price`, column(PRODUCT, true, 0, ['price'])],
    [`${PRODUCT}[2].price`, column(PRODUCT, true, 2, ['price'])],
    ['unstruct_event_com_acme_thing_1:$.a.b[3].c', column('unstruct_event_com_acme_thing_1', false, 0, ['a', 'b', 3, 'c'])],
    ['unstruct_event_com_acme_thing_1', column('unstruct_event_com_acme_thing_1', false, 0, [])],
    ['contexts_com_acme_ctx_2[1]', column('contexts_com_acme_ctx_2', true, 1, [])],
    // event column followed by "." instead of ":"
    ['unstruct_event_com_acme_thing_1.a', column('unstruct_event_com_acme_thing_1', false, 0, ['a'])],
    // Snowflake: ":" after the index, casing kept
    [`${YAUAA}[0]:operatingSystemName`, column(YAUAA, true, 0, ['operatingSystemName'])],
    // BigQuery
    [`${YAUAA}[safe_offset(0)].operating_system_name`, column(YAUAA, true, 0, ['operating_system_name'])],
    [`${YAUAA}[SAFE_OFFSET(3)].operating_system_name`, column(YAUAA, true, 3, ['operating_system_name'])],
    // Databricks
    [`${YAUAA}[0].operating_system_name`, column(YAUAA, true, 0, ['operating_system_name'])],
    // upper-case column (warehouse identifiers are case-insensitive)
    ['CONTEXTS_COM_ACME_CTX_1[0].Field', column('contexts_com_acme_ctx_1', true, 0, ['Field'])],
    // digits in vendor and name
    ['unstruct_event_io_x2_event_v2_10:a', column('unstruct_event_io_x2_event_v2_10', false, 0, ['a'])],
  ])('%s', (text, expected) => {
    expect(parseProperty(text)).toEqual(expected);
  });

  it('produces the column the engine computes for a schema', () => {
    const ref = parseProperty('contexts_com_snowplowanalytics_snowplow_web_page_1[0].id');
    expect(ref.kind === 'column' && ref.column).toBe(schemaColumnName('com.snowplowanalytics.snowplow', 'webPage', 1, true));
  });

  it.each([
    ['pageurl', /neither a Signals atomic property/],
    ['contexts', /neither/],
    ['unstruct_event_com_acme_thing:a', /not a valid event column/],
    ['unstruct_event_com_acme_thing_1:', /empty/],
    ['unstruct_event_com_acme_thing_1:a..b', /empty segment/],
    ['contexts_com_acme_thing_1.a', /not a valid entity column/],
    ['contexts_com_acme_thing_1[-1].a', /negative entity index/],
    ['contexts_com_acme_thing_1[x].a', /not a valid entity column/],
    ["contexts_com_acme_thing_1[0].a['b']", /quoted key/],
    ['contexts_com_acme_thing_1[0]$', /not a valid entity column/],
    ['', /neither/],
  ])('rejects %j', (text, message) => {
    expect(() => parseProperty(text)).toThrow(SignalsEdgeError);
    expect(() => parseProperty(text)).toThrow(message);
  });
});

describe('parseProperty: structured form (§3.1)', () => {
  it('reads atomic, event and entity properties with date_part', () => {
    expect(parseProperty({ type: 'atomic', name: 'derived_tstamp', date_part: 'hour_of_day' }))
      .toEqual({ kind: 'atomic', name: 'derived_tstamp', datePart: 'hour_of_day' });
    expect(parseProperty({ type: 'event', vendor: 'com.acme', name: 'thing', major_version: 2, path: '$.user.id' }))
      .toEqual({ kind: 'event', vendor: 'com.acme', name: 'thing', major: 2, path: ['user', 'id'], datePart: null });
    expect(parseProperty({ type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'when', date_part: 'active_day' }))
      .toEqual({ kind: 'entity', vendor: 'com.acme', name: 'ctx', major: 1, index: 0, path: ['when'], datePart: 'active_day' });
    expect(parseProperty({ type: 'entity', vendor: 'com.acme', name: 'ctx', major_version: 1, path: 'a', index: 3, date_part: null }))
      .toMatchObject({ index: 3, datePart: null });
  });

  it('rejects unknown atomic names and bad paths', () => {
    expect(() => parseProperty({ type: 'atomic', name: 'nope' })).toThrow(/not a Signals atomic property/);
    expect(() => parseProperty({ type: 'atomic', name: 'unstruct_event' })).toThrow(/self-describing JSON/);
    expect(() => parseProperty({ type: 'event', vendor: 'v', name: 'n', major_version: 1, path: '$' })).toThrow(/bare "\$"/);
  });
});

describe('parsePropertyPath', () => {
  it.each<[string, (string | number)[]]>([
    ['type', ['type']],
    ['$.type', ['type']],
    ['$.user.id', ['user', 'id']],
    ['items[0].price', ['items', 0, 'price']],
    ['$[0]', [0]],
    ['[2].x', [2, 'x']],
    ['a[1][2]', ['a', 1, 2]],
    ['a[safe_offset(4)]', ['a', 4]],
    ['with space.and-dash', ['with space', 'and-dash']],
    ['$x', ['$x']],
  ])('%s', (path, segments) => {
    expect(parsePropertyPath(path)).toEqual(segments);
  });

  it.each([
    ['$', /bare/],
    ['', /empty/],
    ['$.', /empty/],
    ["$['x']", /quoted key/],
    ['a["x"]', /quoted key/],
    ['a..b', /empty segment/],
    ['$..b', /empty segment/],
    ['.a', /empty segment/],
    ['a.', /empty segment/],
    ['a.[0]', /empty segment/],
    ['a[?(@.x > 1)]', /filter/],
    ['a[-1]', /negative index/],
    ['a[*]', /wildcard/],
    ['a.*', /wildcard/],
    ['a[0', /unclosed/],
    ['a]', /without "\["/],
    ['a[0]b', /right after/],
    ['a[x]', /invalid index/],
  ])('rejects %j', (path, message) => {
    expect(() => parsePropertyPath(path)).toThrow(message);
  });
});
