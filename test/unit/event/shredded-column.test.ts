import { describe, expect, it } from 'vitest';
import { schemaColumnName } from '../../../src/event/column-name.js';
import { parseShreddedColumn, resolveColumnBody, toColumnBody } from '../../../src/event/shredded-column.js';

describe('parseShreddedColumn', () => {
  it('splits the three Analytics SDK column kinds', () => {
    expect(parseShreddedColumn('unstruct_event_com_acme_thing_12')).toEqual({ kind: 'unstruct', body: 'com_acme_thing', major: 12 });
    expect(parseShreddedColumn('contexts_com_snowplowanalytics_snowplow_web_page_1')).toEqual({ kind: 'contexts', body: 'com_snowplowanalytics_snowplow_web_page', major: 1 });
    expect(parseShreddedColumn('derived_contexts_nl_basjes_yauaa_context_1')).toEqual({ kind: 'derived_contexts', body: 'nl_basjes_yauaa_context', major: 1 });
  });
  it.each(['contexts', 'contexts_', 'contexts_1', 'contexts_com_acme_x', 'contexts_com_acme_x_1a', 'page_url'])('rejects %j', (key) => {
    expect(parseShreddedColumn(key)).toBeNull();
  });
});

describe('resolveColumnBody', () => {
  it.each([
    ['com_snowplowanalytics_snowplow_ecommerce_product', 'com.snowplowanalytics.snowplow.ecommerce', 'product'],
    ['com_snowplowanalytics_snowplow_ecommerce_snowplow_ecommerce_action', 'com.snowplowanalytics.snowplow.ecommerce', 'snowplow_ecommerce_action'],
    ['com_snowplowanalytics_snowplow_web_page', 'com.snowplowanalytics.snowplow', 'web_page'],
    ['com_snowplowanalytics_snowplow_media_player', 'com.snowplowanalytics.snowplow', 'media_player'],
    ['com_snowplowanalytics_snowplow_media_play_event', 'com.snowplowanalytics.snowplow.media', 'play_event'],
    ['com_snowplowanalytics_signals_intervention_instance', 'com.snowplowanalytics.signals', 'intervention_instance'],
    ['com_google_analytics_enhanced_ecommerce_action', 'com.google.analytics.enhanced-ecommerce', 'action'],
    ['org_w3_performance_timing', 'org.w3', 'PerformanceTiming'],
    ['com_snowplowanalytics_snowplow_some_new_thing', 'com.snowplowanalytics.snowplow', 'some_new_thing'],
  ])('%s → %s / %s', (body, vendor, name) => {
    expect(resolveColumnBody(body)).toEqual({ vendor, name, known: true });
    expect(toColumnBody(vendor, name)).toBe(body);
  });

  it('prefers hints, and falls back to the last "_" so the column name is reproduced', () => {
    expect(resolveColumnBody('io_acme_cart_line')).toEqual({ vendor: 'io_acme_cart', name: 'line', known: false });
    expect(schemaColumnName('io_acme_cart', 'line', 1, true)).toBe(schemaColumnName('io.acme', 'cart_line', 1, true));
    const hints = [{ vendor: 'io.acme', name: 'cartLine' }];
    expect(resolveColumnBody('io_acme_cart_line', hints)).toEqual({ vendor: 'io.acme', name: 'cartLine', known: true });
    expect(resolveColumnBody('io_acme_cart_line', hints)).toEqual({ vendor: 'io.acme', name: 'cartLine', known: true });
    expect(resolveColumnBody('nounderscore')).toEqual({ vendor: '', name: 'nounderscore', known: false });
  });
});
