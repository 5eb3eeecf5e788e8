import { BEFORE_ALL, isLater, isPresent, sameValue, type Aggregator } from './aggregator.js';
import { VALUE_CAP } from './unique-list.js';
import { setOwn } from '../../set-own.js';

/** A tracked value: its count and when it was last seen. */
type Entry = [v: unknown, n: number, t: number, q: number];

/** Ranks entries: higher count first, then more recently seen (docs/semantics.md#ties-and-ordering). */
function ranksAbove(a: Entry, b: Entry): boolean {
  return a[1] !== b[1] ? a[1] > b[1] : isLater(a[2], a[3], b[2], b[3]);
}

function addCount(entries: Entry[], v: unknown, n: number, t: number, q: number): void {
  for (const e of entries) {
    if (!sameValue(e[0], v)) continue;
    e[1] += n;
    if (isLater(t, q, e[2], e[3])) {
      e[2] = t;
      e[3] = q;
    }
    return;
  }
  entries.push([v, n, t, q]);
  if (entries.length > VALUE_CAP) {
    // Keep the 100 highest counts: drop the lowest-ranked entry (ties: the least recently seen).
    let low = 0;
    for (let i = 1; i < entries.length; i++) if (ranksAbove(entries[low]!, entries[i]!)) low = i;
    entries.splice(low, 1);
  }
}

function categoryKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const counts = {
  accepts: isPresent,
  init: (): Entry[] => [],
  add(entries: Entry[], v: unknown, t: number, q: number): Entry[] {
    addCount(entries, v, 1, t, q);
    return entries;
  },
  merge(a: Entry[], b: Entry[]): Entry[] {
    const out = a.map((e): Entry => [e[0], e[1], e[2], e[3]]);
    for (const [v, n, t, q] of b) addCount(out, v, n, t, q);
    return out;
  },
};

function pickBy(wantMost: boolean): Aggregator<Entry[]> {
  return {
    ...counts,
    // Signals gives the winning value only, not the counts: nothing to merge events with.
    fromValue: () => null,
    read(entries) {
      let best: Entry | undefined;
      for (const e of entries) {
        if (best === undefined) best = e;
        else if (e[1] !== best[1] ? e[1] > best[1] === wantMost : isLater(e[2], e[3], best[2], best[3])) best = e;
      }
      return best === undefined ? null : best[0];
    },
  };
}

/**
 * `most_frequent` / `least_frequent` over at most 100 tracked values: when a 101st distinct value arrives,
 * the lowest-ranked (count, recency) entry is dropped. Ties go to the most recently seen value.
 */
export const mostFrequent = pickBy(true);
export const leastFrequent = pickBy(false);

/** `category_count`: value → count, the 100 highest counts, highest first (ties: most recent first). */
export const categoryCount: Aggregator<Entry[]> = {
  ...counts,
  // Categories are the dict's keys: `1` and `"1"` are one category.
  add: (entries, v, t, q) => counts.add(entries, categoryKey(v), t, q),
  fromValue(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
    return Object.entries(value).flatMap(([k, n], i): Entry[] => (typeof n === 'number' && n > 0 ? [[k, n, BEFORE_ALL, i]] : []));
  },
  read(entries) {
    if (entries.length === 0) return null;
    const out: Record<string, number> = {};
    for (const e of [...entries].sort((a, b) => (ranksAbove(a, b) ? -1 : 1))) {
      setOwn(out, categoryKey(e[0]), e[1]);
    }
    return out;
  },
};
