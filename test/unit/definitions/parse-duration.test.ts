import { describe, expect, it } from 'vitest';
import { SignalsEdgeError } from '../../../src/errors.js';
import { describeDurationProblem, formatDuration, parseDuration } from '../../../src/definitions/parse-duration.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it.each([
    ['PT10M', 10 * MINUTE],
    ['P1D', DAY],
    ['P7D', 7 * DAY],
    ['P1DT2H', DAY + 2 * HOUR],
    ['PT1M30S', 90 * SECOND],
    ['PT1H', HOUR],
    ['PT0S', 0],
    ['PT1.5S', 1500],
    ['PT0.001S', 1],
    ['P1DT2H3M4.25S', DAY + 2 * HOUR + 3 * MINUTE + 4250],
    ['P2W', 14 * DAY],
    ['P365D', 365 * DAY],
    ['pt10m', 10 * MINUTE],
    [600, 10 * MINUTE],
    [0.5, 500],
    [0, 0],
    ['90', 90 * SECOND],
  ] as const)('%j → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['P1Y', /years/],
    ['P1M', /calendar months/],
    ['P1Y2M', /years/],
    ['P', /empty/],
    ['PT', /empty/],
    ['P1DT', /empty/],
    ['-PT1M', /negative/],
    ['P-1D', /negative/],
    [-5, /negative/],
    ['10 minutes', /not ISO-8601/],
    ['P1.5D', /not ISO-8601/],
    ['PT1.5M', /not ISO-8601/],
    ['P1W2D', /weeks/],
    ['', /not ISO-8601/],
    [Infinity, /finite/],
    [null, /not a duration/],
    [true, /not a duration/],
    [{}, /not a duration/],
  ] as const)('rejects %j with a message', (input, message) => {
    expect(() => parseDuration(input)).toThrow(SignalsEdgeError);
    expect(() => parseDuration(input)).toThrow(message);
    expect(describeDurationProblem(input)).toMatch(message);
  });

  it('names the value in the error', () => {
    expect(() => parseDuration('P1Y')).toThrow('duration "P1Y" uses years');
  });

  it('describes no problem for a valid duration', () => {
    expect(describeDurationProblem('PT10M')).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'PT0S'],
    [10 * MINUTE, 'PT10M'],
    [DAY, 'P1D'],
    [7 * DAY, 'P7D'],
    [DAY + 2 * HOUR, 'P1DT2H'],
    [90 * SECOND, 'PT1M30S'],
    [1500, 'PT1.5S'],
    [DAY + 1, 'P1DT0.001S'],
    [HOUR + 5 * SECOND, 'PT1H5S'],
  ] as const)('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects negative and non-finite values', () => {
    expect(() => formatDuration(-1)).toThrow(SignalsEdgeError);
    expect(() => formatDuration(Number.NaN)).toThrow(SignalsEdgeError);
  });
});
