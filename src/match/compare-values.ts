/** A criterion's value. */
type Scalar = string | number | boolean;

/**
 * SQL-like comparison of an event or attribute value with a criterion value (docs/semantics.md#comparing-values):
 * numbers with numbers, strings with strings, a numeric string with a number as numbers; any other mix,
 * and a missing operand, is false. Booleans only equal booleans.
 */
export type Comparison = '=' | '!=' | '<' | '>' | '<=' | '>=';

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Brings two operands to a common comparable type, or returns null when they cannot be compared. */
function coerce(a: unknown, b: unknown): [number, number] | [string, string] | [boolean, boolean] | null {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'number') return Number.isNaN(a) || Number.isNaN(b) ? null : [a as number, b as number];
  if (ta === 'string' && tb === 'string') return [a as string, b as string];
  if (ta === 'boolean' && tb === 'boolean') return [a as boolean, b as boolean];
  if (ta === 'number' && tb === 'string' && NUMERIC.test(b as string)) return [a as number, Number(b)];
  if (ta === 'string' && tb === 'number' && NUMERIC.test(a as string)) return [Number(a), b as number];
  return null;
}

/** `actual <op> expected`; false whenever the operands cannot be compared. */
export function compareValues(op: Comparison, actual: unknown, expected: unknown): boolean {
  const pair = coerce(actual, expected);
  if (pair === null) return false;
  const [a, b] = pair;
  switch (op) {
    case '=': return a === b;
    case '!=': return a !== b;
    case '<': return typeof a !== 'boolean' && a < b;
    case '>': return typeof a !== 'boolean' && a > b;
    case '<=': return typeof a !== 'boolean' && a <= b;
    case '>=': return typeof a !== 'boolean' && a >= b;
  }
}

/** `actual IN (list)` with `=` equality. */
export function isIn(actual: unknown, list: Scalar | readonly Scalar[]): boolean {
  if (!Array.isArray(list)) return compareValues('=', actual, list);
  for (const item of list) if (compareValues('=', actual, item)) return true;
  return false;
}
