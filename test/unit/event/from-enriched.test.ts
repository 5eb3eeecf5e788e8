import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaColumnName } from '../../../src/event/column-name.js';
import { EventError } from '../../../src/errors.js';
import { ATOMIC_COLUMNS } from '../../../src/event/atomic-columns.js';
import type { AtomicEvent, SelfDescribing } from '../../../src/event/atomic-event.js';
import { fromEnrichedJson } from '../../../src/event/from-enriched-json.js';
import { fromEnrichedTsv } from '../../../src/event/from-enriched-tsv.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';

const text = (name: string) => readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(text(name)) as Record<string, unknown>;

const sdkView = fromEnrichedJson(json('add-to-cart.enriched.json'));
const fullView = fromEnrichedJson(json('add-to-cart.enriched-full.json'));
const tsvView = fromEnrichedTsv(text('add-to-cart.enriched.tsv'));
const tp2 = json('add-to-cart.tp2.json') as { data: Record<string, unknown>[] };
const payloadView = fromTrackerPayload(tp2.data[0]!, { collectorTstamp: Date.parse('2021-11-20T00:03:58.100Z') });
const afterTrackView = fromTrackerPayload(json('add-to-cart.payload.json'));

const key = (sd: SelfDescribing) => ({ vendor: sd.vendor, name: sd.name, major: sd.major, data: sd.data });
/** What an entity property matches on: the warehouse column of (vendor, name, major). */
const column = (sd: SelfDescribing) => schemaColumnName(sd.vendor, sd.name, sd.major, true);

describe('the same add_to_cart event from a tracker payload, enriched JSON and enriched TSV', () => {
  const enriched: [string, AtomicEvent][] = [['SDK JSON', sdkView], ['full JSON', fullView], ['TSV', tsvView]];

  it.each(enriched)('%s has every atomic field of the tracker payload view, equal', (_name, view) => {
    for (const [column, value] of Object.entries(payloadView.atomic)) {
      expect(view.atomic[column], column).toEqual(value);
    }
    expect(view.derivedTstamp).toBe(payloadView.derivedTstamp);
    expect(view.derivedTstamp).toBe(Date.parse('2021-11-20T00:03:57.985Z'));
  });

  it('the afterTrack view differs only by what the browser cannot know', () => {
    const diff = Object.keys(payloadView.atomic).filter((c) => payloadView.atomic[c] !== afterTrackView.atomic[c]);
    expect(diff.sort()).toEqual(['collector_tstamp', 'derived_tstamp', 'dvce_sent_tstamp']);
    expect(afterTrackView.derivedTstamp).toBe(Date.parse('2021-11-20T00:03:57.885Z'));
  });

  it.each(enriched)('%s has the same self-describing event (vendor, name, major, data)', (_name, view) => {
    expect(key(view.unstruct!)).toEqual(key(payloadView.unstruct!));
    expect(view.unstruct?.version).toBe('1-0-2');
    expect(view.unstruct?.schema).toBe('iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2');
  });

  it.each(enriched)('%s has the tracker entities first, in order, then the derived yauaa entity', (_name, view) => {
    expect(view.contexts.slice(0, 4).map(key)).toEqual(payloadView.contexts.map(key));
    expect(view.contexts.map(column)).toEqual([...payloadView.contexts.map(column), 'contexts_nl_basjes_yauaa_context_1']);
    expect(view.contexts[4]).toMatchObject({ vendor: 'nl.basjes', name: 'yauaa_context', data: { deviceClass: 'Desktop' } });
  });

  it('full JSON and TSV keep the full schemas; the SDK shape marks versions unknown', () => {
    for (const view of [fullView, tsvView]) expect(view.contexts.map((c) => c.schema)).toEqual([...payloadView.contexts.map((c) => c.schema), 'iglu:nl.basjes/yauaa_context/jsonschema/1-0-4']);
    expect(sdkView.contexts.map((c) => [c.version, c.schema])).toEqual([
      ['', 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1'],
      ['', 'contexts_com_snowplowanalytics_snowplow_ecommerce_product_1'],
      ['', 'contexts_com_snowplowanalytics_snowplow_ecommerce_cart_1'],
      ['', 'contexts_com_snowplowanalytics_snowplow_web_page_1'],
      ['', 'contexts_nl_basjes_yauaa_context_1'],
    ]);
  });

  it('enriched views carry the pipeline fields, typed', () => {
    for (const view of [sdkView, fullView, tsvView]) {
      expect(view.atomic).toMatchObject({
        collector_tstamp: '2021-11-20T00:03:58.100Z', etl_tstamp: '2021-11-20T00:04:00.012Z', geo_latitude: 51.5088,
        geo_longitude: -0.093, br_cookies: true, page_urlport: 443, refr_medium: 'search', v_etl: 'snowplow-enrich-kinesis-4.0.0',
        refr_dvce_tstamp: '2021-11-20T00:03:20.000Z', refr_device_tstamp: '2021-11-20T00:03:20.000Z', event_fingerprint: 'e3dbfa9cca0412c3d4052863cefb547f',
      });
      expect(view.atomic).not.toHaveProperty('geo_location');
      expect(view.atomic).not.toHaveProperty('contexts');
    }
  });
});

describe('fromEnrichedJson: SDK-shape columns', () => {
  const base = { event_id: 'e1', derived_tstamp: '2021-11-20T00:03:57.885Z' };

  it('matches the ecommerce product entity property by (vendor, name, major) and by column name', () => {
    const v = fromEnrichedJson({ ...base, contexts_com_snowplowanalytics_snowplow_ecommerce_product_1: [{ price: 1 }, { price: 2 }] });
    expect(v.contexts.map((c) => [c.vendor, c.name, c.major])).toEqual([
      ['com.snowplowanalytics.snowplow.ecommerce', 'product', 1], ['com.snowplowanalytics.snowplow.ecommerce', 'product', 1],
    ]);
    expect(column(v.contexts[1]!)).toBe(schemaColumnName('com.snowplowanalytics.snowplow.ecommerce', 'product', 1, true));
  });

  it('recovers vendor and name from hints (e.g. the definitions), then falls back to the last "_"', () => {
    const ev = { ...base, contexts_com_acme_shop_basket_item_2: [{ n: 1 }] };
    const fallback = fromEnrichedJson(ev).contexts[0]!;
    expect(fallback).toMatchObject({ vendor: 'com_acme_shop_basket', name: 'item', major: 2, version: '', schema: 'contexts_com_acme_shop_basket_item_2' });
    expect(column(fallback)).toBe(schemaColumnName('com.acme.shop', 'basket_item', 2, true));
    const hints = [{ vendor: 'com.acme.shop', name: 'basketItem' }];
    expect(fromEnrichedJson(ev, { schemas: hints }).contexts[0]).toMatchObject({ vendor: 'com.acme.shop', name: 'basketItem', major: 2 });
  });

  it('takes the event schema from event_vendor/event_name/event_format/event_version', () => {
    const v = fromEnrichedJson({
      ...base, event: 'unstruct', event_vendor: 'com.acme', event_name: 'basketEvent', event_format: 'jsonschema', event_version: '3-1-0',
      unstruct_event_com_acme_basket_event_3: { qty: 2 },
    });
    expect(v.unstruct).toEqual({ schema: 'iglu:com.acme/basketEvent/jsonschema/3-1-0', vendor: 'com.acme', name: 'basketEvent', format: 'jsonschema', version: '3-1-0', major: 3, data: { qty: 2 } });
  });

  it('without event_* columns, resolves the unstruct column and fills event_vendor/event_name when known', () => {
    const v = fromEnrichedJson({ ...base, event: 'unstruct', unstruct_event_com_snowplowanalytics_snowplow_link_click_1: { targetUrl: 'u' } });
    expect(v.unstruct).toMatchObject({ vendor: 'com.snowplowanalytics.snowplow', name: 'link_click', version: '', major: 1 });
    expect(v.atomic).toMatchObject({ event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'link_click', event_format: 'jsonschema' });
    expect(v.atomic).not.toHaveProperty('event_version');
    const unknown = fromEnrichedJson({ ...base, event: 'unstruct', unstruct_event_org_foo_bar_1: {} });
    expect(unknown.atomic).not.toHaveProperty('event_vendor');
  });

  it('fills §4 event columns for non-self-describing events when missing', () => {
    expect(fromEnrichedJson({ ...base, event: 'page_view' }).atomic).toMatchObject({ event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'page_view', event_version: '1-0-0' });
    expect(fromEnrichedJson({ ...base, event: 'struct', event_vendor: 'x.y' }).atomic['event_vendor']).toBe('x.y');
  });

  it('reads derived_contexts_* columns after contexts_* columns, and a single object as one entity', () => {
    const v = fromEnrichedJson({ ...base, derived_contexts_nl_basjes_yauaa_context_1: { a: 1 }, contexts_com_snowplowanalytics_snowplow_web_page_1: [{ id: 'p' }] });
    expect(v.contexts.map((c) => c.name)).toEqual(['web_page', 'yauaa_context']);
  });

  it('ignores SDK-shape columns when full contexts / unstruct_event are present', () => {
    const v = fromEnrichedJson({
      ...base,
      contexts: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: 'iglu:com.acme/a/jsonschema/1-0-0', data: {} }] }),
      contexts_com_acme_a_1: [{}],
      unstruct_event: { schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: { x: 1 } },
      unstruct_event_com_acme_ev_1: { x: 2 },
    });
    expect(v.contexts).toHaveLength(1);
    expect(v.unstruct).toMatchObject({ name: 'ev', version: '1-0-0', data: { x: 1 } });
  });
});

describe('fromEnrichedJson: typing and timestamps', () => {
  it('types loose values and normalises timestamps to ISO with ms', () => {
    const v = fromEnrichedJson({
      event_id: 'e1', collector_tstamp: '2021-11-20 00:03:58.1', dvce_created_tstamp: 1637366637885, domain_sessionidx: '3',
      br_cookies: '0', se_value: '2.5', br_colordepth: 24, refr_dvce_tstamp: '2021-11-20T00:03:20Z', unknown_column: 'x', geo_country: null,
    });
    expect(v.atomic).toEqual({
      event_id: 'e1', collector_tstamp: '2021-11-20T00:03:58.100Z', dvce_created_tstamp: '2021-11-20T00:03:57.885Z', domain_sessionidx: 3,
      br_cookies: false, se_value: 2.5, br_colordepth: '24', refr_dvce_tstamp: '2021-11-20T00:03:20.000Z', refr_device_tstamp: '2021-11-20T00:03:20.000Z',
      derived_tstamp: '2021-11-20T00:03:58.100Z',
    });
    expect(v.derivedTstamp).toBe(Date.parse('2021-11-20T00:03:58.100Z'));
  });

  it('derives derived_tstamp by Enrich\'s rule, else from dvce_created_tstamp', () => {
    const rule = fromEnrichedJson({ event_id: 'e', collector_tstamp: '2021-11-20T00:00:10.000Z', dvce_sent_tstamp: '2021-11-20T00:00:05.000Z', dvce_created_tstamp: '2021-11-20T00:00:04.000Z' });
    expect(rule.atomic['derived_tstamp']).toBe('2021-11-20T00:00:09.000Z');
    expect(fromEnrichedJson({ event_id: 'e', true_tstamp: '2021-11-20T00:00:01.000Z', collector_tstamp: '2021-11-20T00:00:10.000Z' }).atomic['derived_tstamp']).toBe('2021-11-20T00:00:01.000Z');
    expect(fromEnrichedJson({ event_id: 'e', dvce_created_tstamp: '2021-11-20T00:00:04.000Z' }).derivedTstamp).toBe(Date.parse('2021-11-20T00:00:04.000Z'));
  });

  const T = { derived_tstamp: '2021-11-20T00:00:00.000Z' };
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no event_id', { ...T }, /^event_id: missing/],
    ['no time', { event_id: 'e' }, /^derived_tstamp: missing/],
    ['bad timestamp', { ...T, event_id: 'e', collector_tstamp: 'soon' }, /^collector_tstamp: "soon" is not a timestamp/],
    ['bad integer', { ...T, event_id: 'e', domain_sessionidx: '1.5' }, /^domain_sessionidx: "1.5" is not an integer/],
    ['bad number', { ...T, event_id: 'e', tr_total: 'lots' }, /^tr_total: "lots" is not a number/],
    ['bad boolean', { ...T, event_id: 'e', br_cookies: 'maybe' }, /^br_cookies: "maybe" is not a boolean/],
    ['object in a string column', { ...T, event_id: 'e', app_id: {} }, /^app_id: expected a string, got object/],
    ['malformed contexts JSON', { ...T, event_id: 'e', contexts: '{"data":' }, /^contexts: not valid JSON/],
    ['contexts entity without schema', { ...T, event_id: 'e', contexts: { schema: 's', data: [{ data: {} }] } }, /^contexts\.data\[0\]: expected a self-describing/],
    ['malformed unstruct_event', { ...T, event_id: 'e', unstruct_event: { data: {} } }, /^unstruct_event: expected/],
    ['malformed SDK column JSON', { ...T, event_id: 'e', contexts_com_acme_a_1: '[{' }, /^contexts_com_acme_a_1: not valid JSON/],
    ['two unstruct columns', { ...T, event_id: 'e', unstruct_event_com_acme_a_1: {}, unstruct_event_com_acme_b_1: {} }, /^unstruct_event_com_acme_b_1: more than one/],
  ])('%s → EventError naming the field', (_name, event, message) => {
    expect(() => fromEnrichedJson(event)).toThrow(message);
    expect(() => fromEnrichedJson(event)).toThrow(EventError);
  });

  it('rejects a non-object', () => {
    expect(() => fromEnrichedJson([] as unknown as Record<string, unknown>)).toThrow(EventError);
  });
});

describe('fromEnrichedTsv', () => {
  const line = text('add-to-cart.enriched.tsv');
  // Strip only the line break: trailing tabs are empty columns (true_tstamp is empty here).
  const bare = line.replace(/\r?\n$/, '');

  it('names the column count when it is wrong', () => {
    expect(() => fromEnrichedTsv('a\tb\tc')).toThrow(/expected 131 tab-separated columns, got 3/);
    expect(() => fromEnrichedTsv(`${bare}\textra`)).toThrow(/got 132/);
    expect(() => fromEnrichedTsv('a\tb\tc')).toThrow(EventError);
  });

  it('accepts CRLF and a missing line break', () => {
    expect(bare.endsWith('\t')).toBe(true);
    expect(fromEnrichedTsv(`${bare}\r\n`).atomic).toEqual(tsvView.atomic);
    expect(fromEnrichedTsv(bare).atomic).toEqual(tsvView.atomic);
    expect(() => fromEnrichedTsv(bare.trimEnd())).toThrow(/got 130/);
  });

  it('names the column holding a malformed value', () => {
    const fields = bare.split('\t');
    fields[ATOMIC_COLUMNS.indexOf('br_viewwidth')] = 'wide';
    expect(() => fromEnrichedTsv(fields.join('\t'))).toThrow(/^br_viewwidth: "wide" is not an integer/);
    const f2 = bare.split('\t');
    f2[ATOMIC_COLUMNS.indexOf('contexts')] = '{broken';
    expect(() => fromEnrichedTsv(f2.join('\t'))).toThrow(/^contexts: not valid JSON/);
  });

  it('reads a minimal line with only the required columns', () => {
    const fields = ATOMIC_COLUMNS.map(() => '');
    fields[ATOMIC_COLUMNS.indexOf('event_id')] = 'e1';
    fields[ATOMIC_COLUMNS.indexOf('event')] = 'page_view';
    fields[ATOMIC_COLUMNS.indexOf('collector_tstamp')] = '2021-11-20 00:03:58.100';
    const v = fromEnrichedTsv(fields.join('\t'));
    expect(v.atomic).toMatchObject({ event_id: 'e1', event: 'page_view', collector_tstamp: '2021-11-20T00:03:58.100Z', event_name: 'page_view' });
    expect(v.unstruct).toBeNull();
    expect(v.contexts).toEqual([]);
  });
});
