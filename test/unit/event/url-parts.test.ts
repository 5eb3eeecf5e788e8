import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CAMPAIGN_FIELDS, type CampaignFields, parseUrlParts, readPageUrlColumns, readReferrerUrlColumns,
} from '../../../src/event/url-parts.js';

describe('parseUrlParts (Enrich conventions)', () => {
  it('drops ":", "?" and "#" and keeps the raw (encoded) query', () => {
    expect(parseUrlParts('https://Shop.Example.com:8443/a/b?x=1&y=%20z#frag')).toEqual({
      scheme: 'https', host: 'shop.example.com', port: 8443, path: '/a/b', query: 'x=1&y=%20z', fragment: 'frag',
    });
  });
  it('defaults the port to 443 for https and 80 otherwise', () => {
    expect(parseUrlParts('https://a.com/')?.port).toBe(443);
    expect(parseUrlParts('http://a.com/')?.port).toBe(80);
    expect(parseUrlParts('http://a.com:443/')?.port).toBe(443);
    expect(parseUrlParts('https://a.com:80/')?.port).toBe(80);
  });
  it('gives null query and fragment when absent or empty', () => {
    expect(parseUrlParts('https://a.com/p')).toMatchObject({ path: '/p', query: null, fragment: null });
    expect(parseUrlParts('https://a.com/p?#')).toMatchObject({ query: null, fragment: null });
  });
  it('returns null for a relative or malformed URL', () => {
    expect(parseUrlParts('/relative')).toBeNull();
    expect(parseUrlParts('http://')).toBeNull();
  });
});

const asObject = (pairs: readonly (readonly [string, unknown])[]) => Object.fromEntries(pairs);

describe('readPageUrlColumns', () => {
  it('derives page_url parts, mkt_* (utm_*, gclid) and _sp', () => {
    const url = 'https://shop.example.com/p?utm_source=news&utm_medium=email&utm_term=mugs&utm_content=top&utm_campaign=spring+sale&gclid=G1&_sp=abc-duid.1637366600000#x';
    expect(asObject(readPageUrlColumns(url))).toEqual({
      page_urlscheme: 'https', page_urlhost: 'shop.example.com', page_urlport: 443, page_urlpath: '/p',
      page_urlquery: url.slice(url.indexOf('?') + 1, url.indexOf('#')), page_urlfragment: 'x',
      mkt_source: 'news', mkt_medium: 'email', mkt_term: 'mugs', mkt_content: 'top', mkt_campaign: 'spring sale',
      mkt_clickid: 'G1', mkt_network: 'Google',
      refr_domain_userid: 'abc-duid', refr_dvce_tstamp: '2021-11-20T00:03:20.000Z', refr_device_tstamp: '2021-11-20T00:03:20.000Z',
    });
  });

  it('takes click ids in gclid, msclkid, dclid order and the last duplicate parameter', () => {
    const cols = asObject(readPageUrlColumns('https://a.com/?dclid=D&msclkid=M&utm_source=a&utm_source=b'));
    expect(cols).toMatchObject({ mkt_clickid: 'M', mkt_network: 'Microsoft', mkt_source: 'b' });
    expect(asObject(readPageUrlColumns('https://a.com/?dclid=D'))).toMatchObject({ mkt_clickid: 'D', mkt_network: 'DoubleClick' });
    const empty = asObject(readPageUrlColumns('https://a.com/?gclid=&utm_medium='));
    expect(empty['mkt_network']).toBe('Google');
    expect(empty).not.toHaveProperty('mkt_clickid');
    expect(empty).not.toHaveProperty('mkt_medium');
  });

  it('reads _sp with only a domain user id, and ignores a bad timestamp', () => {
    expect(asObject(readPageUrlColumns('https://a.com/?_sp=duid1'))).toMatchObject({ refr_domain_userid: 'duid1' });
    const bad = asObject(readPageUrlColumns('https://a.com/?_sp=duid2.notatime'));
    expect(bad['refr_domain_userid']).toBe('duid2');
    expect(bad).not.toHaveProperty('refr_dvce_tstamp');
    expect(asObject(readPageUrlColumns('https://a.com/?_sp=a.1.2.3.4.5.6.7'))).not.toHaveProperty('refr_domain_userid');
  });

  it('accepts custom campaign parameters', () => {
    const campaign: CampaignFields = { ...DEFAULT_CAMPAIGN_FIELDS, source: ['src', 'utm_source'], clickIds: [['fbclid', 'Facebook']] };
    const cols = asObject(readPageUrlColumns('https://a.com/?utm_source=u&src=s&gclid=g&fbclid=f', campaign));
    expect(cols).toMatchObject({ mkt_source: 's', mkt_clickid: 'f', mkt_network: 'Facebook' });
    expect(asObject(readPageUrlColumns('https://a.com/?utm_source=u&src=s&gclid=g&fbclid=f'))).toMatchObject({ mkt_source: 'u', mkt_clickid: 'g' });
  });

  it('caches per URL and gives nothing for an unparsable URL', () => {
    expect(readPageUrlColumns('https://cache.example/')).toBe(readPageUrlColumns('https://cache.example/'));
    expect(readPageUrlColumns('not a url')).toEqual([]);
  });

  it('gives each URL its own columns when more URLs come round than the caches hold', () => {
    const pathOf = (pairs: readonly (readonly [string, unknown])[]) => asObject(pairs)['page_urlpath'];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 70; i++) {
        // Built fresh each time, as JSON.parse gives them: equal text, another string.
        const url = ['https://many.example/p', String(i), '?utm_source=s', String(i % 5)].join('');
        expect(pathOf(readPageUrlColumns(url)), url).toBe(`/p${i}`);
        expect(asObject(readPageUrlColumns(url))['mkt_source']).toBe(`s${i % 5}`);
        expect(asObject(readReferrerUrlColumns(url))['refr_urlpath']).toBe(`/p${i}`);
      }
    }
  });
});

describe('readReferrerUrlColumns', () => {
  it('derives refr_url* parts', () => {
    expect(asObject(readReferrerUrlColumns('http://www.google.com/search?q=mugs#top'))).toEqual({
      refr_urlscheme: 'http', refr_urlhost: 'www.google.com', refr_urlport: 80, refr_urlpath: '/search',
      refr_urlquery: 'q=mugs', refr_urlfragment: 'top',
    });
  });
});
