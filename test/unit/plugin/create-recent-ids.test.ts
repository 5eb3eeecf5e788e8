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
