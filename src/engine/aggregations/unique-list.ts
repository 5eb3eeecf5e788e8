import { BEFORE_ALL, isLater, isPresent, sameValue, type Aggregator } from './aggregator.js';

/** Signals' cap on lists, most/least frequent and category counts (docs/semantics.md#caps). */
export const VALUE_CAP = 100;

/** Distinct values, each with its latest (t, q), ordered oldest first. */
type Entry = [v: unknown, t: number, q: number];

function indexOfValue(entries: Entry[], v: unknown): number {
  for (let i = 0; i < entries.length; i++) if (sameValue(entries[i]![0], v)) return i;
  return -1;
}

/** Inserts keeping (t, q) order; new entries are nearly always the latest, so search from the end. */
function insertOrdered(entries: Entry[], entry: Entry): void {
  let i = entries.length;
  while (i > 0 && isLater(entries[i - 1]![1], entries[i - 1]![2], entry[1], entry[2])) i--;
  entries.splice(i, 0, entry);
}

/**
 * `unique_list` (docs/semantics.md#ties-and-ordering): distinct values ordered by last seen, oldest first; a repeat
 * moves to its new place; at most 100, evicting the least recently seen.
 */
export const uniqueList: Aggregator<Entry[]> = {
  accepts: isPresent,
  init: () => [],
  add(entries, v, t, q) {
    const at = indexOfValue(entries, v);
    if (at >= 0) {
      const old = entries[at]!;
      if (!isLater(t, q, old[1], old[2])) return entries;
      entries.splice(at, 1);
    }
    insertOrdered(entries, [v, t, q]);
    if (entries.length > VALUE_CAP) entries.shift();
    return entries;
  },
  merge(a, b) {
    const out = a.map((e): Entry => [e[0], e[1], e[2]]);
    for (const [v, t, q] of b) uniqueList.add(out, v, t, q);
    return out;
  },
  read: (entries) => (entries.length === 0 ? null : entries.map((e) => e[0])),
  // The server's list, oldest first, before every pending value.
  fromValue: (value) => (Array.isArray(value) ? value.filter(isPresent).map((v, i): Entry => [v, BEFORE_ALL, i]) : []),
};
