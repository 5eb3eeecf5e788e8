import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InterventionPayload } from '../../../src/rules/intervention-payload.js';
import { createCrossingHold } from '../../../src/runtime/create-crossing-hold.js';

const crossing = (name: string, id = 'u1'): InterventionPayload => ({
  intervention_id: `${name}-${id}`, name, version: 1, attributes: {}, target_attribute_key: { name: 'domain_userid', id },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createCrossingHold', () => {
  it('holds crossings of the waiting targets only, and delivers at the first answer those the server had not seen, in order', () => {
    const delivered: string[] = [];
    const hold = createCrossingHold([['domain_userid', 'u1']], 3000, (i) => delivered.push(i.name));
    expect(hold.holds('domain_userid', 'u1')).toBe(true);
    expect(hold.holds('domain_userid', 'u2')).toBe(false);
    hold.add(crossing('a'), 'e1');
    hold.add(crossing('b'), 'e2');
    hold.add(crossing('c'), 'e3');
    expect(delivered).toEqual([]);
    const asked: string[] = [];
    hold.settle('domain_userid', 'u1', (i, eventId) => {
      asked.push(`${i.name}@${eventId}`);
      return i.name === 'b';
    });
    expect(asked).toEqual(['a@e1', 'b@e2', 'c@e3']);
    expect(delivered).toEqual(['a', 'c']);
    // Settled: later crossings of the target are not held, and a second answer changes nothing.
    expect(hold.holds('domain_userid', 'u1')).toBe(false);
    hold.settle('domain_userid', 'u1', () => false);
    expect(delivered).toEqual(['a', 'c']);
  });

  it('delivers everything held when no answer comes in time', () => {
    vi.useFakeTimers();
    const delivered: string[] = [];
    const hold = createCrossingHold([['domain_userid', 'u1'], ['domain_sessionid', 's1']], 3000, (i) => delivered.push(i.name));
    hold.add(crossing('a'), 'e1');
    vi.advanceTimersByTime(2999);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['a']);
    expect(hold.holds('domain_sessionid', 's1')).toBe(false);
  });

  it('settling one target leaves the others held', () => {
    const delivered: string[] = [];
    const hold = createCrossingHold([['domain_userid', 'u1'], ['domain_userid', 'u2']], 3000, (i) => delivered.push(`${i.name}/${i.target_attribute_key.id}`));
    hold.add(crossing('a', 'u1'), 'e1');
    hold.add(crossing('a', 'u2'), 'e1');
    hold.settle('domain_userid', 'u2', () => false);
    expect(delivered).toEqual(['a/u2']);
    expect(hold.holds('domain_userid', 'u1')).toBe(true);
    hold.releaseAll();
    expect(delivered).toEqual(['a/u2', 'a/u1']);
  });
});
