import { describe, expect, it, vi } from 'vitest';
import { createRecentIds } from '../../../src/runtime/create-recent-ids.js';

describe('createRecentIds', () => {
  it('counts the ids added since a time, across the ring\'s wrap', () => {
    vi.useFakeTimers({ now: 1000 });
    try {
      const recent = createRecentIds(4);
      for (const id of ['a', 'b', 'c']) {
        recent.add(id);
        vi.advanceTimersByTime(100);
      }
      // a at 1000, b at 1100, c at 1200
      expect([recent.countSince(1000), recent.countSince(1100), recent.countSince(1201)]).toEqual([3, 2, 0]);
      for (const id of ['d', 'e', 'f']) {
        recent.add(id);
        vi.advanceTimersByTime(100);
      }
      // the ring holds c..f, added at 1200..1500
      expect(recent.list()).toEqual(['c', 'd', 'e', 'f']);
      expect([recent.countSince(0), recent.countSince(1300), recent.countSince(1500)]).toEqual([4, 3, 1]);
      expect(recent.list(recent.countSince(1400))).toEqual(['e', 'f']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells repeats among the last `limit` ids, lists them oldest first, forgets older ones', () => {
    const recent = createRecentIds(3);
    expect(['a', 'b', 'a', 'c'].map((id) => recent.add(id))).toEqual([true, true, false, true]);
    expect(recent.list()).toEqual(['a', 'b', 'c']);
    expect(recent.add('d')).toBe(true);
    expect(recent.list()).toEqual(['b', 'c', 'd']);
    expect(recent.add('a')).toBe(true);
    expect(recent.add('c')).toBe(false);
    expect(recent.list()).toEqual(['c', 'd', 'a']);
    recent.clear();
    expect(recent.list()).toEqual([]);
    expect(recent.add('c')).toBe(true);
  });

  it('keeps exactly the last `limit` of a long stream', () => {
    const recent = createRecentIds(500);
    for (let i = 0; i < 10_000; i++) recent.add(`e${i}`);
    expect(recent.list()).toEqual(Array.from({ length: 500 }, (_, i) => `e${9500 + i}`));
    expect(recent.add('e9500')).toBe(false);
    expect(recent.add('e9499')).toBe(true);
  });

  it('lists only the newest `count` when asked, oldest first, full or not', () => {
    const recent = createRecentIds(4);
    for (const id of ['a', 'b']) recent.add(id);
    expect(recent.list(3)).toEqual(['a', 'b']);
    for (const id of ['c', 'd', 'e', 'f']) recent.add(id);
    expect(recent.list(2)).toEqual(['e', 'f']);
    expect(recent.list(4)).toEqual(['c', 'd', 'e', 'f']);
    expect(recent.list(9)).toEqual(['c', 'd', 'e', 'f']);
    expect(recent.list(0)).toEqual([]);
  });
});
