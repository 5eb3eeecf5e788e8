/**
 * The known key a misspelled one most likely meant, for "did you mean" hints on unknown fields.
 */

/** Lower case without `_` and `-`, so `attributeGroups` and `attribute-groups` match `attribute_groups`. */
const fold = (key: string): string => key.toLowerCase().replace(/[_-]/g, '');

/**
 * The edit distance of `a` and `b`: insertions, deletions, substitutions and swaps of two neighbouring
 * characters (`peroid` → `period` is 1).
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the distance table: two rows back (for swaps), the previous one and the current one.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (before[j - 2] as number) + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The key of `known` closest to `key`, or undefined when none is close: the same key up to case, `_` and
 * `-`, or one within an edit distance of a third of the key's length (at least 1). Ties go to the
 * earlier known key.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const folded = fold(key);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const distance = fold(candidate) === folded ? 0 : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
