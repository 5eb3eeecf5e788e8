import { describe, expect, it } from 'vitest';
import { createRecentIds } from '../../../src/plugin/create-recent-ids.js';

describe('createRecentIds', () => {
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
});
