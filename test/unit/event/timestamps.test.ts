import { describe, expect, it } from 'vitest';
import { deriveTimestamp, formatTimestamp, parseTimestamp } from '../../../src/event/timestamps.js';

describe('formatTimestamp', () => {
  it('formats ISO-8601 UTC with milliseconds', () => {
    expect(formatTimestamp(1637366637885)).toBe('2021-11-20T00:03:57.885Z');
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
  });
  it('gives the same text as Date#toISOString across the whole range', () => {
    const samples = [0, -1, 1, 951782400000, 951868799999, 4107542400000, -62167219200000, -2208988800001, 253402300799999, 1637366637885.9];
    let seed = 42;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      samples.push(-62167219200000 + Math.floor((seed / 2147483648) * (253402300799999 + 62167219200000)));
    }
    for (const ms of samples) expect(formatTimestamp(ms), String(ms)).toBe(new Date(Math.floor(ms)).toISOString());
  });
  it('gives the right date when consecutive times go back and forth across days', () => {
    const day = 86_400_000;
    const times = [1637366637885, 1637366637885 + day, 1637366637885, 1637366637885 - 3 * day, 1637366637885 - 3 * day + 1, 0, -1, day - 1, day];
    for (const ms of [...times, ...times.reverse()]) expect(formatTimestamp(ms), String(ms)).toBe(new Date(ms).toISOString());
  });
  it('rejects years outside 0–9999 and non-finite values', () => {
    expect(formatTimestamp(253402300799999)).toBe('9999-12-31T23:59:59.999Z');
    expect(formatTimestamp(253402300800000)).toBeNull();
    expect(formatTimestamp(-62167219200001)).toBeNull();
    expect(formatTimestamp(Number.NaN)).toBeNull();
  });
});

describe('parseTimestamp', () => {
  it('reads ISO, enriched TSV text (UTC) and epoch ms', () => {
    expect(parseTimestamp('2021-11-20T00:03:57.885Z')).toBe(1637366637885);
    expect(parseTimestamp('2021-11-20 00:03:57.885')).toBe(1637366637885);
    expect(parseTimestamp('2021-11-20 00:03:57')).toBe(1637366637000);
    expect(parseTimestamp('2021-11-20T00:03:57.885')).toBe(1637366637885);
    expect(parseTimestamp('2021-11-20T01:03:57.885+01:00')).toBe(1637366637885);
    expect(parseTimestamp(1637366637885)).toBe(1637366637885);
  });
  it('returns null for anything else', () => {
    for (const v of ['yesterday', '2021-13-45 99:00:00', '', null, {}, Number.POSITIVE_INFINITY]) {
      expect(parseTimestamp(v)).toBeNull();
    }
  });
});

describe('deriveTimestamp (Enrich rule)', () => {
  it('prefers the true timestamp', () => {
    expect(deriveTimestamp(5, 200, 100, 1000)).toBe(5);
  });
  it('corrects the collector time by the device send delay when created < sent', () => {
    expect(deriveTimestamp(null, 200, 150, 1000)).toBe(950);
  });
  it('falls back to the collector time', () => {
    expect(deriveTimestamp(null, 100, 150, 1000)).toBe(1000);
    expect(deriveTimestamp(null, 100, 100, 1000)).toBe(1000);
    expect(deriveTimestamp(null, null, 150, 1000)).toBe(1000);
    expect(deriveTimestamp(null, 200, null, 1000)).toBe(1000);
  });
  it('is null without a true or collector time', () => {
    expect(deriveTimestamp(null, 200, 150, null)).toBeNull();
  });
});
