/**
 * SQL LIKE (docs/semantics.md#criteria): `%` matches any run, `_` one character, case-sensitive, whole string.
 * Matched without regular expressions: the pattern is split at `%` and each piece is found, leftmost,
 * in order (with the first piece anchored at the start and the last at the end), so the cost stays
 * linear in the value's length times the pattern's, whatever the value.
 */
export function compileLike(pattern: string): (value: unknown) => boolean {
  const pieces = pattern.split('%').map((piece) => Array.from(piece));
  const anchoredStart = !pattern.startsWith('%');
  const anchoredEnd = !pattern.endsWith('%');
  if (pieces.length === 1) {
    const only = pieces[0]!;
    return (value) => {
      if (typeof value !== 'string') return false;
      const chars = Array.from(value);
      return chars.length === only.length && matchesAt(chars, only, 0);
    };
  }
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  return (value) => {
    if (typeof value !== 'string') return false;
    const chars = Array.from(value);
    let from = 0;
    if (anchoredStart) {
      if (!matchesAt(chars, first, 0)) return false;
      from = first.length;
    }
    let end = chars.length;
    if (anchoredEnd) {
      end = chars.length - last.length;
      if (end < from || !matchesAt(chars, last, end)) return false;
    }
    for (const piece of middle) {
      const at = indexOfPiece(chars, piece, from, end);
      if (at < 0) return false;
      from = at + piece.length;
    }
    return true;
  };
}

/** `piece` (with `_` matching any one character) at position `at` of `chars`. */
function matchesAt(chars: readonly string[], piece: readonly string[], at: number): boolean {
  if (at + piece.length > chars.length) return false;
  for (let i = 0; i < piece.length; i++) if (piece[i] !== '_' && piece[i] !== chars[at + i]) return false;
  return true;
}

/** The leftmost position ≥ from where `piece` fits entirely before `end`, or -1. */
function indexOfPiece(chars: readonly string[], piece: readonly string[], from: number, end: number): number {
  for (let at = from; at + piece.length <= end; at++) if (matchesAt(chars, piece, at)) return at;
  return -1;
}
