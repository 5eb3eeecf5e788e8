import { describe, expect, it } from 'vitest';
import {
  ATOMIC_COLUMNS, ATOMIC_COLUMN_ALIASES, ATOMIC_PROPERTY_NAMES, BOOLEAN_COLUMNS, COLUMN_KINDS, DECIMAL_COLUMNS,
  INTEGER_COLUMNS, JSON_COLUMNS, NUMERIC_COLUMNS, TIMESTAMP_COLUMNS,
} from '../../../src/event/atomic-columns.js';

describe('ATOMIC_COLUMNS', () => {
  it('has the 131 canonical columns, unique, in enriched TSV order', () => {
    expect(ATOMIC_COLUMNS).toHaveLength(131);
    expect(new Set(ATOMIC_COLUMNS).size).toBe(131);
    expect(ATOMIC_COLUMNS.slice(0, 19)).toEqual([
      'app_id', 'platform', 'etl_tstamp', 'collector_tstamp', 'dvce_created_tstamp', 'event', 'event_id', 'txn_id',
      'name_tracker', 'v_tracker', 'v_collector', 'v_etl', 'user_id', 'user_ipaddress', 'user_fingerprint',
      'domain_userid', 'domain_sessionidx', 'network_userid', 'geo_country',
    ]);
    expect(ATOMIC_COLUMNS.indexOf('contexts')).toBe(52);
    expect(ATOMIC_COLUMNS.indexOf('unstruct_event')).toBe(58);
    expect(ATOMIC_COLUMNS.indexOf('refr_dvce_tstamp')).toBe(121);
    expect(ATOMIC_COLUMNS.slice(-12)).toEqual([
      'dvce_sent_tstamp', 'refr_domain_userid', 'refr_dvce_tstamp', 'derived_contexts', 'domain_sessionid',
      'derived_tstamp', 'event_vendor', 'event_name', 'event_format', 'event_version', 'event_fingerprint', 'true_tstamp',
    ]);
    expect(Object.isFrozen(ATOMIC_COLUMNS)).toBe(true);
  });

  it('accepts both spellings of the referrer device timestamp as property names', () => {
    expect(ATOMIC_PROPERTY_NAMES.size).toBe(132);
    expect(ATOMIC_PROPERTY_NAMES.has('refr_dvce_tstamp')).toBe(true);
    expect(ATOMIC_PROPERTY_NAMES.has('refr_device_tstamp')).toBe(true);
    expect(ATOMIC_PROPERTY_NAMES.has('load_tstamp')).toBe(false);
    expect(ATOMIC_COLUMN_ALIASES['refr_device_tstamp']).toBe('refr_dvce_tstamp');
  });

  it('types every column once', () => {
    expect(TIMESTAMP_COLUMNS.size).toBe(8);
    expect(INTEGER_COLUMNS.size + DECIMAL_COLUMNS.size).toBe(NUMERIC_COLUMNS.size);
    for (const set of [TIMESTAMP_COLUMNS, NUMERIC_COLUMNS, BOOLEAN_COLUMNS, JSON_COLUMNS]) {
      for (const c of set) expect(ATOMIC_PROPERTY_NAMES.has(c), c).toBe(true);
    }
    expect(COLUMN_KINDS.size).toBe(132);
    expect(COLUMN_KINDS.get('derived_tstamp')).toBe('timestamp');
    expect(COLUMN_KINDS.get('refr_device_tstamp')).toBe('timestamp');
    expect(COLUMN_KINDS.get('domain_sessionidx')).toBe('integer');
    expect(COLUMN_KINDS.get('se_value')).toBe('decimal');
    expect(COLUMN_KINDS.get('br_cookies')).toBe('boolean');
    expect(COLUMN_KINDS.get('contexts')).toBe('json');
    expect(COLUMN_KINDS.get('br_colordepth')).toBe('string');
  });
});
