import { describe, expect, it } from 'vitest';
import { nextClockOffset } from '../../../src/sync/next-clock-offset.js';

describe('nextClockOffset', () => {
  const sent = 1_000_000;
  it('is 0 while the server clock is within a second of the device clock', () => {
    expect(nextClockOffset(0, sent, sent, sent + 80)).toBe(0);
    expect(nextClockOffset(0, sent - 1000, sent, sent + 40)).toBe(0);
  });

  it('compares the header with the middle of its second', () => {
    // The server is 1 h ahead: its Date says sent + 3600 s (whole seconds), the answer took 100 ms.
    expect(nextClockOffset(0, sent + 3_600_000, sent, sent + 100)).toBe(3_600_450);
  });

  it('keeps the previous offset while estimates wobble within 2 s, moves on a real jump', () => {
    const first = nextClockOffset(0, sent + 3_600_000, sent, sent + 100);
    expect(nextClockOffset(first, sent + 3_601_000, sent, sent + 20)).toBe(first);
    expect(nextClockOffset(first, sent + 3_599_000, sent, sent + 20)).toBe(first);
    expect(nextClockOffset(first, sent - 86_400_000, sent, sent + 20)).toBe(-86_399_510);
  });
});
