import { describe, expect, it } from 'vitest';
import { parseIgluUri, toSelfDescribing } from '../../../src/event/iglu-uri.js';

describe('parseIgluUri', () => {
  it('splits vendor, name, format, version and major', () => {
    expect(parseIgluUri('iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2')).toEqual({
      vendor: 'com.snowplowanalytics.snowplow.ecommerce', name: 'snowplow_ecommerce_action', format: 'jsonschema',
      version: '1-0-2', major: 1,
    });
    expect(parseIgluUri('iglu:com.google.analytics.enhanced-ecommerce/action/jsonschema/12-3-40')?.major).toBe(12);
    expect(parseIgluUri('iglu:org.w3/PerformanceTiming/jsonschema/1-0-0')?.name).toBe('PerformanceTiming');
  });

  it('returns the same frozen parts for the same URI', () => {
    const a = parseIgluUri('iglu:com.acme/thing/jsonschema/2-1-0');
    expect(a).toBe(parseIgluUri('iglu:com.acme/thing/jsonschema/2-1-0'));
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('gives each URI its own parts when more URIs come round than the caches hold', () => {
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 600; i++) {
        const uri = ['iglu:com.acme', String(i % 7), '/thing', String(i), '/jsonschema/', String(i % 4), '-0-', String(i % 3)].join('');
        expect(parseIgluUri(uri), uri).toEqual({ vendor: `com.acme${i % 7}`, name: `thing${i}`, format: 'jsonschema', version: `${i % 4}-0-${i % 3}`, major: i % 4 });
      }
    }
    expect(parseIgluUri('iglu:com.acme/thing/jsonschema/1-0')).toBeNull();
  });

  it.each([
    'com.acme/thing/jsonschema/1-0-0', 'iglu:com.acme/thing/jsonschema/1-0', 'iglu:com.acme/thing/1-0-0',
    'iglu:com.acme/thing/jsonschema/1-0-0/x', 'iglu:/thing/jsonschema/1-0-0', 'iglu:com.acme/th ing/jsonschema/1-0-0',
    'iglu:com.acme/thing/jsonschema/a-0-0', '',
  ])('rejects %j', (uri) => {
    expect(parseIgluUri(uri)).toBeNull();
  });
});

describe('toSelfDescribing', () => {
  it('builds the view of a self-describing JSON', () => {
    const data = { id: 'x' };
    expect(toSelfDescribing('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', vendor: 'com.snowplowanalytics.snowplow',
      name: 'web_page', format: 'jsonschema', version: '1-0-0', major: 1, data,
    });
    expect(toSelfDescribing('nope', data)).toBeNull();
  });
});
