// Key extraction for the interventions stream (tracker-events.md §7.3): JSON pointers into a tracker
// payload, as afterTrack sees it, with the official plugin's atomic names, entity and event roots.
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../../src/event/base64url.js';
import { readAttributeKeyIds, readPayloadPointer } from '../../../src/event/read-payload-pointer.js';

const SP = 'com.snowplowanalytics.snowplow';
const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';

const contexts = {
  schema: `iglu:${SP}/contexts/jsonschema/1-0-0`,
  data: [
    { schema: `iglu:${SP}/web_page/jsonschema/1-0-0`, data: { id: 'page-1' } },
    { schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p1', price: 10 } },
    { schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p2', price: 20 } },
    { schema: `iglu:com.acme/user/jsonschema/1-0-0`, data: { id: 'u-v1', 'a/b': 'slash', 'c~d': 'tilde' } },
    { schema: `iglu:com.acme/user/jsonschema/2-1-0`, data: { id: 'u-v2' } },
  ],
};
const event = {
  schema: `iglu:${SP}/unstruct_event/jsonschema/1-0-0`,
  data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart', tags: ['x'] } },
};

const payload: Record<string, unknown> = {
  e: 'ue',
  eid: 'e-1',
  aid: 'shop',
  duid: 'duid-1',
  sid: 'sid-1',
  uid: 'user@example.com',
  vid: 3,
  url: 'https://shop.example.com:8443/cart?utm_source=news&gclid=abc#top',
  refr: 'http://ref.example.org/x',
  co: JSON.stringify(contexts),
  ue_pr: JSON.stringify(event),
};

describe('readPayloadPointer', () => {
  it('reads raw parameters and atomic names mapped to them', () => {
    expect(readPayloadPointer(payload, '/duid')).toBe('duid-1');
    expect(readPayloadPointer(payload, '/domain_userid')).toBe('duid-1');
    expect(readPayloadPointer(payload, '/domain_sessionid')).toBe('sid-1');
    expect(readPayloadPointer(payload, '/app_id')).toBe('shop');
    expect(readPayloadPointer(payload, '/event_id')).toBe('e-1');
    expect(readPayloadPointer(payload, '/user_id')).toBe('user@example.com');
    expect(readPayloadPointer(payload, '/page_url')).toBe(payload['url']);
    expect(readPayloadPointer(payload, '/domain_sessionidx')).toBe(3);
  });

  it('maps every atomic column of the event view\'s parameter table, the modern parameter first', () => {
    const p = { e: 'pv', eid: 'e-2', lang: 'de-DE', tz: 'Europe/Berlin', nuid: 'old', tnuid: 'new', ev_ca: 'legacy', res: '1920x1080' };
    expect(readPayloadPointer(p, '/br_lang')).toBe('de-DE');
    expect(readPayloadPointer(p, '/os_timezone')).toBe('Europe/Berlin');
    expect(readPayloadPointer(p, '/network_userid')).toBe('new');
    expect(readPayloadPointer({ ...p, tnuid: '' }, '/network_userid')).toBe('old');
    expect(readPayloadPointer(p, '/se_category')).toBe('legacy');
    // A WxH parameter is two columns, neither of them the text as sent.
    expect(readPayloadPointer(p, '/dvce_screenwidth')).toBeUndefined();
  });

  it('reads `event` from `e` by Enrich names, and URL parts as Enrich splits them', () => {
    expect(readPayloadPointer(payload, '/event')).toBe('unstruct');
    expect(readPayloadPointer({ e: 'pv' }, '/event')).toBe('page_view');
    expect(readPayloadPointer(payload, '/page_urlhost')).toBe('shop.example.com');
    expect(readPayloadPointer(payload, '/page_urlscheme')).toBe('https');
    expect(readPayloadPointer(payload, '/page_urlport')).toBe(8443);
    expect(readPayloadPointer(payload, '/page_urlquery')).toBe('utm_source=news&gclid=abc');
    expect(readPayloadPointer(payload, '/page_urlfragment')).toBe('top');
    expect(readPayloadPointer(payload, '/mkt_source')).toBe('news');
    expect(readPayloadPointer(payload, '/mkt_clickid')).toBe('abc');
    expect(readPayloadPointer(payload, '/refr_urlhost')).toBe('ref.example.org');
    expect(readPayloadPointer(payload, '/refr_urlport')).toBe(80);
  });

  it('adds a missing leading slash', () => {
    expect(readPayloadPointer(payload, 'duid')).toBe('duid-1');
    expect(readPayloadPointer(payload, 'co/com.snowplowanalytics.snowplow/web_page/id')).toBe('page-1');
  });

  it('reads entities of co under every root alias, one-element lists unwrapping', () => {
    for (const root of ['co', 'cx', 'context', 'entity', 'entities']) {
      expect(readPayloadPointer(payload, `/${root}/${SP}/web_page/id`)).toBe('page-1');
    }
    expect(readPayloadPointer(payload, `/co/${SP}/web_page`)).toEqual({ id: 'page-1' });
  });

  it('indexes several entities of one schema by number; a field over several is unresolved', () => {
    expect(readPayloadPointer(payload, `/co/${ECOM}/product/1/id`)).toBe('p2');
    expect(readPayloadPointer(payload, `/co/${ECOM}/product/0/price`)).toBe(10);
    expect(readPayloadPointer(payload, `/co/${ECOM}/product/id`)).toBeUndefined();
    expect(readPayloadPointer(payload, `/co/${ECOM}/product/5/id`)).toBeUndefined();
  });

  it('merges all versions of a schema, and accepts the 0.2.0 form with format and major', () => {
    expect(readPayloadPointer(payload, '/co/com.acme/user/1/id')).toBe('u-v2');
    expect(readPayloadPointer(payload, '/cx/com.acme/user/jsonschema/1/id')).toBe('u-v1');
    expect(readPayloadPointer(payload, '/cx/com.acme/user/jsonschema/2/id')).toBe('u-v2');
    expect(readPayloadPointer(payload, `/cx/${SP}/web_page/jsonschema/1/id`)).toBe('page-1');
    expect(readPayloadPointer(payload, `/cx/${SP}/web_page/jsonschema/2/id`)).toBeUndefined();
  });

  it('unescapes ~1 to / and ~0 to ~ in segments', () => {
    expect(readPayloadPointer(payload, '/co/com.acme/user/0/a~1b')).toBe('slash');
    expect(readPayloadPointer(payload, '/co/com.acme/user/0/c~0d')).toBe('tilde');
  });

  it('decodes base64url cx with UTF-8, and prefers plain co when both are present', () => {
    const utf8 = { schema: contexts.schema, data: [{ schema: `iglu:${SP}/web_page/jsonschema/1-0-0`, data: { id: 'päge-ü→' } }] };
    expect(readPayloadPointer({ cx: encodeBase64Url(JSON.stringify(utf8)) }, `/co/${SP}/web_page/id`)).toBe('päge-ü→');
    expect(readPayloadPointer({ co: payload['co'], cx: encodeBase64Url(JSON.stringify(utf8)) }, `/co/${SP}/web_page/id`)).toBe('page-1');
  });

  it('reads the self-describing event under every root alias, plain or base64url', () => {
    for (const root of ['ue', 'ue_pr', 'ue_px', 'unstruct', 'unstruct_event', 'self_describing', 'sde']) {
      expect(readPayloadPointer(payload, `/${root}/${ECOM}/snowplow_ecommerce_action/type`)).toBe('add_to_cart');
    }
    expect(readPayloadPointer({ ue_px: encodeBase64Url(JSON.stringify(event)) }, `/ue/${ECOM}/snowplow_ecommerce_action/type`))
      .toBe('add_to_cart');
    expect(readPayloadPointer(payload, `/ue/${ECOM}/snowplow_ecommerce_action/tags`)).toBe('x');
  });

  it('returns undefined for unresolved paths and unreadable inputs, without throwing', () => {
    expect(readPayloadPointer(payload, '/mistake/not_a_real_field')).toBeUndefined();
    expect(readPayloadPointer(payload, '/duid/deeper')).toBeUndefined();
    expect(readPayloadPointer(payload, `/co/${SP}/nope/id`)).toBeUndefined();
    expect(readPayloadPointer(payload, '/co/com.nobody/x/id')).toBeUndefined();
    expect(readPayloadPointer({ co: '{not json' }, `/co/${SP}/web_page/id`)).toBeUndefined();
    expect(readPayloadPointer({ cx: '%%%' }, `/co/${SP}/web_page/id`)).toBeUndefined();
    expect(readPayloadPointer({ co: JSON.stringify({ data: [null, 3, { schema: 'bad' }] }) }, `/co/${SP}/web_page/id`)).toBeUndefined();
    expect(readPayloadPointer({ ue_pr: '[]' }, `/ue/${ECOM}/snowplow_ecommerce_action/type`)).toBeUndefined();
    expect(readPayloadPointer({ url: 'not a url' }, '/page_urlhost')).toBeUndefined();
    expect(readPayloadPointer(payload, '/constructor')).toBeUndefined();
    expect(readPayloadPointer(payload, '/__proto__')).toBeUndefined();
    expect(readPayloadPointer(null as unknown as Record<string, unknown>, '/duid')).toBeUndefined();
    expect(readPayloadPointer(payload, 42 as unknown as string)).toBeUndefined();
  });
});

describe('readAttributeKeyIds', () => {
  it('takes the first non-null value of each key, stringified, and leaves out unresolved keys', () => {
    const ids = readAttributeKeyIds({ ...payload, nuid: null }, {
      domain_userid: '/domain_userid',
      network_userid: ['/nuid', '/tnuid', '/domain_sessionidx'],
      pageview_id: `/co/${SP}/web_page/id`,
      product: [`/co/${ECOM}/product/1/price`],
      mistake: '/not_a_real_field',
      nothing: [],
    });
    expect(ids).toEqual({ domain_userid: 'duid-1', network_userid: '3', pageview_id: 'page-1', product: '20' });
  });

  it('decodes co once for several entity pointers and ignores pointers that are not strings', () => {
    const ids = readAttributeKeyIds(payload, {
      a: `/co/${SP}/web_page/id`,
      b: [5 as unknown as string, `/co/${ECOM}/product/0/id`],
    });
    expect(ids).toEqual({ a: 'page-1', b: 'p1' });
  });
});
