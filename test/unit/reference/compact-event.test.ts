import { describe, expect, it } from 'vitest';
import { EventError } from '../../../src/errors.js';
import { indexEventId, toAtomicEvent } from '../../reference/compact-event.js';

describe('toAtomicEvent', () => {
  it('makes a page view by default, with ids, url and both timestamps', () => {
    const e = toAtomicEvent({ t: '2024-01-01T00:00:01Z', duid: 'u1', sid: 's1', page_url: 'https://s.test/' }, 3);
    expect(e.derivedTstamp).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
    expect(e.atomic).toMatchObject({
      event_id: indexEventId(3), event: 'page_view', event_vendor: 'com.snowplowanalytics.snowplow', event_name: 'page_view',
      event_version: '1-0-0', domain_userid: 'u1', domain_sessionid: 's1', user_id: null, page_url: 'https://s.test/',
      derived_tstamp: '2024-01-01T00:00:01.000Z', dvce_created_tstamp: '2024-01-01T00:00:01.000Z',
    });
    expect(e.unstruct).toBeNull();
    expect(e.contexts).toEqual([]);
    expect(indexEventId(3)).not.toBe(indexEventId(4));
  });

  it('makes an ecommerce action with product entities before extra entities', () => {
    const e = toAtomicEvent({
      t: '2024-01-01T00:00:00.000Z', action: 'add_to_cart', action_version: '1-0-0', list_name: 'l', products: [{ price: 1 }, { price: 2 }],
      contexts: [{ schema: 'iglu:com.acme/thing/jsonschema/2-1-0', data: { a: 1 } }],
    });
    expect(e.atomic).toMatchObject({ event: 'unstruct', event_vendor: 'com.snowplowanalytics.snowplow.ecommerce', event_name: 'snowplow_ecommerce_action', event_version: '1-0-0' });
    expect(e.unstruct).toMatchObject({ name: 'snowplow_ecommerce_action', major: 1, data: { type: 'add_to_cart', name: 'l' } });
    expect(e.contexts.map((c) => [c.name, c.version, c.major])).toEqual([['product', '1-0-0', 1], ['product', '1-0-0', 1], ['thing', '2-1-0', 2]]);
  });

  it('makes structured events and applies atomic overrides', () => {
    const e = toAtomicEvent({ t: '2024-01-01T00:00:00.000Z', se_category: 'c', se_value: 2, atomic: { br_lang: 'fr', se_label: 'x' } });
    expect(e.atomic).toMatchObject({ event: 'struct', event_vendor: 'com.google.analytics', event_name: 'event', se_category: 'c', se_value: 2, se_action: null, se_label: 'x', br_lang: 'fr' });
    expect(toAtomicEvent({ t: '2024-01-01T00:00:00.000Z', event: 'page_ping' }).atomic['event_name']).toBe('page_ping');
  });

  it('throws EventError naming the field for a bad time or schema', () => {
    expect(() => toAtomicEvent({ t: 'yesterday' }, 2)).toThrow(EventError);
    expect(() => toAtomicEvent({ t: 'yesterday' }, 2)).toThrow(/events\[2\]\.t/);
    expect(() => toAtomicEvent({ t: '2024-01-01T00:00:00Z', contexts: [{ schema: 'nope', data: {} }] }, 1)).toThrow(/events\[1\]\.contexts\[0\]\.schema/);
    expect(() => toAtomicEvent({ t: '2024-01-01T00:00:00Z', event: 'unstruct' })).toThrow(EventError);
  });
});
