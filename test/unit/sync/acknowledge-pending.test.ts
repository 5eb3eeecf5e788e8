// Which pending events a server answer acknowledges, in exact mode (a sync attribute listing the latest
// 100 event ids the server processed) and by value evidence.
import { describe, expect, it } from 'vitest';
import type { CompiledAttribute } from '../../../src/engine/compile-plan.js';
import { acknowledgePending } from '../../../src/sync/acknowledge-pending.js';
import type { PendingEvent } from '../../../src/state/state-types.js';

const NOW = 1_800_000_000_000;
const SYNC = { id: 'sync_v1:event_ids', def: { aggregation: 'unique_list' } } as unknown as CompiledAttribute;
const VIEWS = { id: 'g_v1:views', def: { aggregation: 'counter' } } as unknown as CompiledAttribute;
const pending = (ids: string[]): PendingEvent[] => ids.map((e, i) => ({ e, t: NOW - 1000 + i, q: i, s: NOW - 1000 + i, c: { [VIEWS.id]: 1 } }));
const older = (n: number) => Array.from({ length: n }, (_, i) => `old-${i}`);
const answer = (ids: string[], views: number) => ({ values: { [SYNC.id]: ids, [VIEWS.id]: views }, fetchedAt: NOW });
const left = (p: PendingEvent[], ...args: Parameters<typeof acknowledgePending> extends [unknown, ...infer R] ? R : never) =>
  acknowledgePending(p, ...args).map((e) => e.e);

describe('acknowledgePending, exact mode', () => {
  it('a user with 100 processed events and new ones the server has not seen: nothing is acknowledged', () => {
    // The list is full of older ids; none of the pending events is in it: they are not processed yet.
    const previous = answer(older(100), 150);
    expect(left(pending(['a', 'b', 'c']), previous, answer(older(100), 150), [VIEWS], SYNC, NOW)).toEqual(['a', 'b', 'c']);
    expect(left(pending(['a', 'b', 'c']), null, answer(older(100), 150), [], SYNC, NOW)).toEqual(['a', 'b', 'c']);
  });

  it('a full list naming a later event: the ones before it rolled off (processed), the listed ones too', () => {
    const ids = [...older(98), 'c', 'd'];
    expect(left(pending(['a', 'b', 'c', 'd', 'e']), null, answer(ids, 155), [VIEWS], SYNC, NOW)).toEqual(['e']);
  });

  it('a full list naming none of them, but the values rose by all of them: rolled off, acknowledged by the evidence', () => {
    // 100 events of other devices came after a, b, c: the rise (3 + 100) covers them.
    const previous = answer(older(100), 150);
    const next = answer(Array.from({ length: 100 }, (_, i) => `other-${i}`), 253);
    expect(left(pending(['a', 'b', 'c']), previous, next, [VIEWS], SYNC, NOW)).toEqual([]);
  });

  it('a list not full: exactly the listed ones, even out of order', () => {
    expect(left(pending(['a', 'b', 'c']), null, answer(['x', 'b'], 2), [VIEWS], SYNC, NOW)).toEqual(['a', 'c']);
  });

  it('past the horizon, every event counts as processed', () => {
    const stale = pending(['a', 'b']).map((p) => ({ ...p, s: NOW - 6 * 60_000 }));
    expect(left([...stale, ...pending(['c'])], answer(older(100), 150), answer(older(100), 150), [VIEWS], SYNC, NOW)).toEqual(['c']);
  });
});
