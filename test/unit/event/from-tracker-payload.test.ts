import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventError } from '../../../src/errors.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8'));
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

const DTM = '1637366637885';
const base = { e: 'pv', eid: 'c6ef3124-b53a-4b13-a233-0088f79dcbcb', dtm: DTM };
const read = (extra: Record<string, unknown>) => fromTrackerPayload({ ...base, ...extra }).atomic;

const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0';
const UNSTRUCT = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';

describe('fromTrackerPayload: parameter → atomic field (tracker-events.md §2)', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['eid', {}, { event_id: 'c6ef3124-b53a-4b13-a233-0088f79dcbcb' }],
    ['aid/p', { aid: 'shop', p: 'web' }, { app_id: 'shop', platform: 'web' }],
    ['tna/tv', { tna: 'sp1', tv: 'js-4.10.1' }, { name_tracker: 'sp1', v_tracker: 'js-4.10.1' }],
    ['cv', { cv: 'ssc-3.1.0' }, { v_collector: 'ssc-3.1.0' }],
    ['uid', { uid: 'u-1' }, { user_id: 'u-1' }],
    ['duid', { duid: 'd-1' }, { domain_userid: 'd-1' }],
    ['nuid', { nuid: 'n-1' }, { network_userid: 'n-1' }],
    ['tnuid overrides nuid', { nuid: 'n-1', tnuid: 't-1' }, { network_userid: 't-1' }],
    ['tnuid overrides nuid in any order', { tnuid: 't-1', nuid: 'n-1' }, { network_userid: 't-1' }],
    ['sid', { sid: 's-1' }, { domain_sessionid: 's-1' }],
    ['vid (number)', { vid: 3 }, { domain_sessionidx: 3 }],
    ['vid (string)', { vid: '12' }, { domain_sessionidx: 12 }],
    ['ip/ua', { ip: '203.0.113.7', ua: 'Mozilla/5.0' }, { user_ipaddress: '203.0.113.7', useragent: 'Mozilla/5.0' }],
    ['fp/tid', { fp: '123', tid: '456' }, { user_fingerprint: '123', txn_id: 456 }],
    ['dtm', {}, { dvce_created_tstamp: '2021-11-20T00:03:57.885Z' }],
    ['stm', { stm: '1637366638000' }, { dvce_sent_tstamp: '2021-11-20T00:03:58.000Z' }],
    ['ttm', { ttm: 1637366600000 }, { true_tstamp: '2021-11-20T00:03:20.000Z' }],
    ['page', { page: 'Mugs – Shop' }, { page_title: 'Mugs – Shop' }],
    ['lang/cd/cs/tz', { lang: 'en-GB', cd: 24, cs: 'UTF-8', tz: 'Europe/London' },
      { br_lang: 'en-GB', br_colordepth: '24', doc_charset: 'UTF-8', os_timezone: 'Europe/London' }],
    ['cookie 1', { cookie: '1' }, { br_cookies: true }],
    ['cookie 0', { cookie: '0' }, { br_cookies: false }],
    ['res → dvce_screen*', { res: '1920x1080' }, { dvce_screenwidth: 1920, dvce_screenheight: 1080 }],
    ['vp → br_view*', { vp: '1280x720' }, { br_viewwidth: 1280, br_viewheight: 720 }],
    ['ds → doc_*', { ds: '1265x3400' }, { doc_width: 1265, doc_height: 3400 }],
    ['se_*', { e: 'se', se_ca: 'shop', se_ac: 'add', se_la: 'mug', se_pr: 'red', se_va: '12.5' },
      { se_category: 'shop', se_action: 'add', se_label: 'mug', se_property: 'red', se_value: 12.5 }],
    ['legacy ev_*', { e: 'se', ev_ca: 'c', ev_ac: 'a', ev_la: 'l', ev_pr: 'p', ev_va: 2 },
      { se_category: 'c', se_action: 'a', se_label: 'l', se_property: 'p', se_value: 2 }],
    ['se_* win over ev_*', { e: 'se', ev_ca: 'old', se_ca: 'new', se_va: 1, ev_va: 2 }, { se_category: 'new', se_value: 1 }],
    ['tr_*', { e: 'tr', tr_id: 'o1', tr_af: 'web', tr_tt: '20.48', tr_tx: 3.41, tr_sh: '0', tr_ci: 'London', tr_st: 'ENG', tr_co: 'GB', tr_cu: 'EUR' },
      { tr_orderid: 'o1', tr_affiliation: 'web', tr_total: 20.48, tr_tax: 3.41, tr_shipping: 0, tr_city: 'London', tr_state: 'ENG', tr_country: 'GB', tr_currency: 'EUR' }],
    ['ti_*', { e: 'ti', ti_id: 'o1', ti_sk: 'sku', ti_nm: 'Mug', ti_ca: 'kitchen', ti_pr: '12.5', ti_qu: '2', ti_cu: 'EUR' },
      { ti_orderid: 'o1', ti_sku: 'sku', ti_name: 'Mug', ti_category: 'kitchen', ti_price: 12.5, ti_quantity: 2, ti_currency: 'EUR' }],
    ['ti_na fallback', { e: 'ti', ti_na: 'Legacy' }, { ti_name: 'Legacy' }],
    ['ti_nm wins over ti_na', { e: 'ti', ti_nm: 'Mug', ti_na: 'Legacy' }, { ti_name: 'Mug' }],
    ['pp_*', { e: 'pp', pp_mix: '0', pp_max: 10, pp_miy: '-5', pp_may: '900' },
      { pp_xoffset_min: 0, pp_xoffset_max: 10, pp_yoffset_min: -5, pp_yoffset_max: 900 }],
    ['f_*', { f_pdf: '1', f_fla: '0', f_java: '1', f_dir: '0', f_qt: '1', f_realp: '0', f_wma: '1', f_gears: '0', f_ag: '1' },
      { br_features_pdf: true, br_features_flash: false, br_features_java: true, br_features_director: false, br_features_quicktime: true,
        br_features_realplayer: false, br_features_windowsmedia: true, br_features_gears: false, br_features_silverlight: true }],
    ['url → page_url and parts', { url: 'https://shop.example.com:8443/p/1?a=1#f' },
      { page_url: 'https://shop.example.com:8443/p/1?a=1#f', page_urlscheme: 'https', page_urlhost: 'shop.example.com', page_urlport: 8443,
        page_urlpath: '/p/1', page_urlquery: 'a=1', page_urlfragment: 'f' }],
    ['refr → page_referrer and parts', { refr: 'http://www.google.com/' },
      { page_referrer: 'http://www.google.com/', refr_urlscheme: 'http', refr_urlhost: 'www.google.com', refr_urlport: 80, refr_urlpath: '/' }],
    ['url → mkt_* and _sp', { url: 'https://a.com/?utm_medium=cpc&utm_source=g&utm_term=t&utm_content=c&utm_campaign=x&msclkid=M&_sp=rd.1637366600000' },
      { mkt_medium: 'cpc', mkt_source: 'g', mkt_term: 't', mkt_content: 'c', mkt_campaign: 'x', mkt_clickid: 'M', mkt_network: 'Microsoft',
        refr_domain_userid: 'rd', refr_dvce_tstamp: '2021-11-20T00:03:20.000Z', refr_device_tstamp: '2021-11-20T00:03:20.000Z' }],
  ])('%s', (_name, extra, expected) => {
    expect(read(extra)).toMatchObject(expected);
  });

  it.each([
    ['pv', 'page_view'], ['pp', 'page_ping'], ['se', 'struct'], ['ev', 'struct'], ['ue', 'unstruct'],
    ['tr', 'transaction'], ['ti', 'transaction_item'], ['ad', 'ad_impression'],
  ])('e=%s → event %s', (e, event) => {
    expect(read({ e }).event).toBe(event);
  });

  it('treats empty parameters as absent and leaves pipeline-only fields null', () => {
    const atomic = read({ aid: '', uid: '', url: 'https://a.com/' });
    expect(atomic).not.toHaveProperty('app_id');
    expect(atomic).not.toHaveProperty('user_id');
    for (const c of ['collector_tstamp', 'etl_tstamp', 'v_etl', 'user_ipaddress', 'geo_country', 'refr_medium', 'event_fingerprint', 'dvce_sent_tstamp', 'page_urlquery']) {
      expect(atomic[c] ?? null, c).toBeNull();
    }
  });

  it('ignores unknown parameters', () => {
    expect(read({ zzz: 'x', ue_na: 'y' })).not.toHaveProperty('zzz');
  });
});

describe('fromTrackerPayload: event_vendor/name/format/version (§4)', () => {
  it.each([
    ['pv', 'com.snowplowanalytics.snowplow', 'page_view'],
    ['pp', 'com.snowplowanalytics.snowplow', 'page_ping'],
    ['se', 'com.google.analytics', 'event'],
    ['tr', 'com.snowplowanalytics.snowplow', 'transaction'],
    ['ti', 'com.snowplowanalytics.snowplow', 'transaction_item'],
  ])('e=%s → %s / %s / jsonschema / 1-0-0', (e, vendor, name) => {
    expect(read({ e })).toMatchObject({ event_vendor: vendor, event_name: name, event_format: 'jsonschema', event_version: '1-0-0' });
  });

  it('ue → from the inner schema', () => {
    const ue = { schema: UNSTRUCT, data: { schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: { targetUrl: 'https://x' } } };
    const view = fromTrackerPayload({ ...base, e: 'ue', ue_pr: JSON.stringify(ue) });
    expect(view.atomic).toMatchObject({ event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'link_click', event_format: 'jsonschema', event_version: '1-0-1' });
    expect(view.unstruct).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', vendor: 'com.snowplowanalytics.snowplow',
      name: 'link_click', format: 'jsonschema', version: '1-0-1', major: 1, data: { targetUrl: 'https://x' },
    });
  });

  it('ue without ue_pr/ue_px and legacy ad_impression have no event schema', () => {
    expect(read({ e: 'ue' })).not.toHaveProperty('event_vendor');
    expect(read({ e: 'ad' })).not.toHaveProperty('event_vendor');
  });
});

describe('fromTrackerPayload: ue_pr/ue_px and co/cx (§3)', () => {
  const product = { id: '42', name: 'café ☕', price: 12.5 };
  const ctx = {
    schema: CONTEXTS,
    data: [
      { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: product },
      { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'pv-1' } },
      { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0', data: { id: '43' } },
    ],
  };
  const ue = { schema: UNSTRUCT, data: { schema: 'iglu:com.acme/note/jsonschema/2-1-0', data: { text: 'café ☕' } } };

  it('decodes base64url ue_px and cx with non-ASCII text (GET style, all strings)', () => {
    const view = fromTrackerPayload({ e: 'ue', eid: 'x', dtm: DTM, vid: '2', cx: b64url(JSON.stringify(ctx)), ue_px: b64url(JSON.stringify(ue)) });
    expect(view.unstruct?.data).toEqual({ text: 'café ☕' });
    expect(view.unstruct).toMatchObject({ vendor: 'com.acme', name: 'note', version: '2-1-0', major: 2 });
    expect(view.contexts.map((c) => c.data)).toEqual([product, { id: 'pv-1' }, { id: '43' }]);
    expect(view.contexts[0]?.data).toEqual({ id: '42', name: 'café ☕', price: 12.5 });
    expect(view.atomic['domain_sessionidx']).toBe(2);
  });

  it('reads plain co and ue_pr (POST style), entities in order with their schema parts', () => {
    const view = fromTrackerPayload({ ...base, e: 'ue', co: JSON.stringify(ctx), ue_pr: JSON.stringify(ue) });
    expect(view.contexts.map((c) => `${c.vendor}/${c.name}/${c.major}`)).toEqual([
      'com.snowplowanalytics.snowplow.ecommerce/product/1', 'com.snowplowanalytics.snowplow/web_page/1', 'com.snowplowanalytics.snowplow.ecommerce/product/1',
    ]);
    expect(view.contexts[1]).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', vendor: 'com.snowplowanalytics.snowplow', name: 'web_page',
      format: 'jsonschema', version: '1-0-0', major: 1, data: { id: 'pv-1' },
    });
  });

  it('prefers plain co/ue_pr when both forms exist', () => {
    const other = { schema: CONTEXTS, data: [{ schema: 'iglu:com.acme/other/jsonschema/1-0-0', data: {} }] };
    const otherUe = { schema: UNSTRUCT, data: { schema: 'iglu:com.acme/other/jsonschema/1-0-0', data: {} } };
    const view = fromTrackerPayload({ ...base, e: 'ue', co: JSON.stringify(ctx), cx: b64url(JSON.stringify(other)), ue_pr: JSON.stringify(ue), ue_px: b64url(JSON.stringify(otherUe)) });
    expect(view.contexts).toHaveLength(3);
    expect(view.unstruct?.name).toBe('note');
  });

  it('gives no entities and no event without co/cx/ue_*', () => {
    const view = fromTrackerPayload(base);
    expect(view.contexts).toEqual([]);
    expect(view.unstruct).toBeNull();
  });
});

describe('fromTrackerPayload: derived_tstamp (§5)', () => {
  it('browser: dtm when no ttm', () => {
    const v = fromTrackerPayload(base);
    expect(v.derivedTstamp).toBe(1637366637885);
    expect(v.atomic['derived_tstamp']).toBe('2021-11-20T00:03:57.885Z');
  });
  it('browser: dtm + clock offset', () => {
    const v = fromTrackerPayload(base, { clockOffsetMs: -885 });
    expect(v.derivedTstamp).toBe(1637366637000);
    expect(v.atomic['derived_tstamp']).toBe('2021-11-20T00:03:57.000Z');
    expect(v.atomic['dvce_created_tstamp']).toBe('2021-11-20T00:03:57.885Z');
  });
  it('ttm wins, without clock offset; a ttm event has no dvce_created_tstamp', () => {
    const v = fromTrackerPayload({ e: 'pv', eid: 'x', ttm: '1637366600000' }, { clockOffsetMs: 5000 });
    expect(v.derivedTstamp).toBe(1637366600000);
    expect(v.atomic['true_tstamp']).toBe('2021-11-20T00:03:20.000Z');
    expect(v.atomic).not.toHaveProperty('dvce_created_tstamp');
  });
  it('replay with a collector time: Enrich rule, collector − (stm − dtm)', () => {
    const v = fromTrackerPayload({ ...base, stm: '1637366638000' }, { collectorTstamp: 1637366638100, clockOffsetMs: 99999 });
    expect(v.derivedTstamp).toBe(1637366637985);
    expect(v.atomic['collector_tstamp']).toBe('2021-11-20T00:03:58.100Z');
    expect(v.atomic['derived_tstamp']).toBe('2021-11-20T00:03:57.985Z');
  });
  it('replay with a collector time but no stm: the collector time', () => {
    expect(fromTrackerPayload(base, { collectorTstamp: 1637366638100 }).derivedTstamp).toBe(1637366638100);
  });
  it('replay with a collector time and ttm: ttm', () => {
    expect(fromTrackerPayload({ ...base, ttm: '1637366600000' }, { collectorTstamp: 1637366638100 }).derivedTstamp).toBe(1637366600000);
  });
  it('stm alone as last resort; nothing at all → EventError naming dtm', () => {
    expect(fromTrackerPayload({ e: 'pv', eid: 'x', stm: '1637366638000' }).derivedTstamp).toBe(1637366638000);
    expect(() => fromTrackerPayload({ e: 'pv', eid: 'x' })).toThrow(/^dtm: /);
  });
});

describe('fromTrackerPayload: real payloads', () => {
  it('reads a DNT-style payload without url and duid', () => {
    const v = fromTrackerPayload({ e: 'pv', eid: 'x', tv: 'js-4.10.1', tna: 'sp1', aid: 'shop', p: 'web', dtm: DTM, cookie: '1', res: '1920x1080', page: 'Home' });
    expect(v.atomic).toMatchObject({ event: 'page_view', page_title: 'Home', name_tracker: 'sp1' });
    expect(v.atomic).not.toHaveProperty('page_url');
    expect(v.atomic).not.toHaveProperty('domain_userid');
  });

  it('does not mutate the payload (frozen input works, deep copy unchanged)', () => {
    const payload = fixture('add-to-cart.payload.json') as Record<string, unknown>;
    const copy = structuredClone(payload);
    const v = fromTrackerPayload(Object.freeze(payload));
    expect(payload).toEqual(copy);
    expect(v.atomic['event_id']).toBe(copy['eid']);
  });

  it('maps the ecommerce add_to_cart fixture', () => {
    const v = fromTrackerPayload(fixture('add-to-cart.payload.json'));
    expect(v.atomic).toMatchObject({
      event: 'unstruct', app_id: 'shop', platform: 'web', br_colordepth: '24', domain_sessionidx: 3,
      event_vendor: 'com.snowplowanalytics.snowplow.ecommerce', event_name: 'snowplow_ecommerce_action', event_version: '1-0-2',
      mkt_source: 'newsletter', mkt_clickid: 'Cj0KCQiA', refr_domain_userid: '4a2b3c4d-1111-4222-8333-444455556666',
    });
    expect(v.unstruct?.data).toEqual({ type: 'add_to_cart' });
    expect(v.contexts.map((c) => c.name)).toEqual(['product', 'product', 'cart', 'web_page']);
  });
});

describe('fromTrackerPayload: malformed input → EventError naming the field', () => {
  it('rejects a non-object payload', () => {
    expect(() => fromTrackerPayload(null as unknown as Record<string, unknown>)).toThrow(EventError);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['missing e', { e: undefined }, /^e: missing/],
    ['empty e', { e: '' }, /^e: missing/],
    ['unknown e', { e: 'zz' }, /^e: unknown event type "zz"/],
    ['missing eid', { eid: undefined }, /^eid: missing/],
    ['malformed ue_pr', { e: 'ue', ue_pr: '{"schema":' }, /^ue_pr: not valid JSON/],
    ['ue_pr without inner schema', { e: 'ue', ue_pr: JSON.stringify({ schema: UNSTRUCT, data: { data: {} } }) }, /^ue_pr\.data: expected a self-describing/],
    ['malformed co', { co: '[1,' }, /^co: not valid JSON/],
    ['co not a contexts object', { co: '{"schema":"x","data":{}}' }, /^co: expected/],
    ['co entity with a bad schema', { co: JSON.stringify({ schema: CONTEXTS, data: [{ schema: 'iglu:a/b/jsonschema/1-0-0', data: {} }, { schema: 'web_page', data: {} }] }) }, /^co\.data\[1\]\.schema: "web_page" is not an Iglu URI/],
    ['bad base64 cx', { cx: '%%%' }, /^cx: not valid base64url/],
    ['cx JSON malformed', { cx: b64url('{nope') }, /^cx: not valid JSON/],
    ['ue_px bad base64', { ue_px: 'a' }, /^ue_px: /],
    ['vid not an integer', { vid: 'abc' }, /^vid: "abc" is not an integer/],
    ['se_va not a number', { se_va: 'ten' }, /^se_va: "ten" is not a number/],
    ['res not WxH', { res: '1920x' }, /^res: "1920x" is not WIDTHxHEIGHT/],
    ['vid beyond 32 bits', { vid: '2147483648' }, /^vid: "2147483648" is not an integer/],
    ['vid in hex', { vid: '0x10' }, /^vid: "0x10" is not an integer/],
    ['vid with an exponent', { vid: '1e3' }, /^vid: "1e3" is not an integer/],
    ['vp of 309 digits (Infinity)', { vp: `1x${'9'.repeat(309)}` }, /^vp: "1x9+" is not WIDTHxHEIGHT/],
    ['cookie not 1/0', { cookie: 'yes' }, /^cookie: "yes" is not 1 or 0/],
    ['dtm not epoch ms', { dtm: 'yesterday' }, /^dtm: "yesterday"/],
    ['ttm out of range', { ttm: '999999999999999' }, /^ttm: /],
    ['object value', { uid: { id: 1 } }, /^uid: expected a string, got object/],
  ])('%s', (_name, extra, message) => {
    const payload = { ...base, ...extra };
    for (const k of Object.keys(extra)) if (extra[k] === undefined) delete payload[k as keyof typeof payload];
    let error: unknown;
    try {
      fromTrackerPayload(payload);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EventError);
    expect((error as Error).message).toMatch(message);
    // Setting fewer columns refuses the same payloads with the same message.
    expect(() => fromTrackerPayload(payload, { columns: new Set() })).toThrow(message);
  });
});

describe('fromTrackerPayload: only the columns asked for', () => {
  const payload = {
    ...base, e: 'se', url: 'https://shop.example/p?utm_source=news', refr: 'https://search.example/', duid: 'd1', sid: 's1',
    vid: '3', res: '1920x1080', lang: 'en', se_ca: 'cat', ev_ca: 'legacy', se_va: '2', stm: '1637366637999',
    co: JSON.stringify({ schema: CONTEXTS, data: [{ schema: 'iglu:com.acme/thing/jsonschema/1-0-0', data: { a: 1 } }] }),
  };
  const full = fromTrackerPayload(payload);

  it('sets the id, type, time and the columns asked for, with the values of the full view', () => {
    const view = fromTrackerPayload(payload, { columns: new Set(['domain_userid', 'br_viewheight', 'dvce_screenheight', 'mkt_source']) });
    const always = ['event', 'event_id', 'event_vendor', 'event_name', 'event_format', 'event_version', 'derived_tstamp', 'dvce_created_tstamp'];
    for (const column of [...always, 'domain_userid', 'dvce_screenheight', 'mkt_source']) expect(view.atomic[column]).toEqual(full.atomic[column]);
    for (const column of ['domain_sessionid', 'domain_sessionidx', 'br_lang', 'dvce_sent_tstamp', 'page_referrer', 'refr_urlhost']) {
      expect(full.atomic[column]).not.toBeUndefined();
      expect(view.atomic[column]).toBeUndefined();
    }
    expect(view.derivedTstamp).toBe(full.derivedTstamp);
    expect(view.contexts).toEqual(full.contexts);
  });

  it('keeps which of a modern and a legacy parameter wins', () => {
    for (const order of [payload, Object.assign({ ev_ca: 'legacy' }, payload)]) {
      expect(fromTrackerPayload(order, { columns: new Set(['se_category']) }).atomic['se_category']).toBe('cat');
    }
    expect(fromTrackerPayload({ ...base, e: 'se', ev_ca: 'legacy' }, { columns: new Set() }).atomic['se_category']).toBe('legacy');
  });
});
