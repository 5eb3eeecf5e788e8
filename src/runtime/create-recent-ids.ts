/** The last `limit` ids seen, to tell a repeat in O(1). */
export interface RecentIds {
  /** Adds `id`; false when it is among the recent ones already. */
  add(id: string): boolean;
  /** The recent ids, oldest first; with `count`, only the newest `count` of them. */
  list(count?: number): string[];
  /** How many of them were added at `since` (a `Date.now()` time) or later. */
  countSince(since: number): number;
  clear(): void;
}

/**
 * A set of the last `limit` ids with a ring of their order: the oldest leaves in O(1) (deleting the first
 * entry of a Set and asking for the next one again walks over every deleted slot until it is rehashed).
 */
export function createRecentIds(limit: number): RecentIds {
  let ids = new Set<string>();
  let ring: string[] = [];
  /** When each id of the ring was added. */
  let times: number[] = [];
  let next = 0;
  return {
    add(id) {
      if (ids.has(id)) return false;
      const now = Date.now();
      if (ring.length < limit) {
        ring.push(id);
        times.push(now);
      } else {
        ids.delete(ring[next]!);
        ring[next] = id;
        times[next] = now;
        next = (next + 1) % limit;
      }
      ids.add(id);
      return true;
    },
    list(count = ring.length) {
      // Oldest first, the i-th id is ring[(next + i) % length]: read only the newest `count`.
      const length = ring.length;
      const out: string[] = [];
      for (let i = Math.max(0, length - count); i < length; i++) out.push(ring[(next + i) % length]!);
      return out;
    },
    countSince(since) {
      const length = ring.length;
      let count = 0;
      while (count < length && times[(next + length - 1 - count) % length]! >= since) count++;
      return count;
    },
    clear() {
      ids = new Set();
      ring = [];
      times = [];
      next = 0;
    },
  };
}
