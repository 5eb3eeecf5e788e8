import { SignalsEdgeError } from '../errors.js';
import { describeValue } from '../describe-value.js';

/** Longest accepted pattern, in characters. */
export const MAX_RLIKE_PATTERN_LENGTH = 1000;

const UNICODE_ESCAPE = /\\[pPu]\{/;
/** `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`, with its lazy `?`. */
const QUANTIFIER = /(?:[*+?]|\{(\d+)(,(\d*))?\})\??/y;
/** `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
const GROUP_START = /\((?:\?(?:[:=!]|<[=!]|<[^>]*>|<)?)?/y;

/** A group being scanned: what its body contains, and the first atom of each alternative. */
interface Frame {
  /** The body contains a quantifier (at any depth). */
  quantified: boolean;
  /** The body contains (at any depth) an alternation whose branches may start with the same text. */
  overlapping: boolean;
  /**
   * First atom of each alternative, the current one last: a literal character, `''` when not a known
   * literal, undefined while the alternative is empty.
   */
  firsts: (string | undefined)[];
}

/**
 * Compiles an `rlike` pattern once (docs/semantics.md#rlike): an
 * unanchored JavaScript `RegExp` with no flags, or with `u` when the pattern uses `\p{…}` or `\u{…}`.
 *
 * A static check rejects patterns prone to catastrophic (exponential) backtracking. It is
 * deliberately conservative; a pattern is refused when:
 * - it has a backreference (`\1`, `\k<name>`);
 * - a group repeated more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1) contains a quantifier
 *   anywhere in its body: `(a+)+`, `(a*)*`, `(.*a){20}`, `(a?){9}`, also `(\d{3}-)+`;
 * - such a repeated group contains an alternation whose branches do not all start with distinct
 *   literal characters: `(a|aa)+`, `(a|[ab])*` (but `(foo|bar)+` is accepted);
 * - it is longer than {@link MAX_RLIKE_PATTERN_LENGTH} characters.
 * Polynomial backtracking (`a*a*a*b`) is not detected: callers cap the input length.
 * @throws SignalsEdgeError with a plain message when the pattern does not compile or is refused.
 */
export function compileRlike(pattern: string): RegExp {
  const regex = readRlike(pattern);
  if (typeof regex === 'string') throw new SignalsEdgeError(`rlike pattern ${describeValue(pattern)} ${regex}`);
  return regex;
}

/**
 * Compiles an `rlike` pattern as {@link compileRlike} does, or returns a phrase (to follow the pattern)
 * saying why it is refused.
 */
export function readRlike(pattern: string): RegExp | string {
  if (typeof pattern !== 'string') return 'is not a string';
  if (pattern.length > MAX_RLIKE_PATTERN_LENGTH) return `is longer than ${MAX_RLIKE_PATTERN_LENGTH} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, UNICODE_ESCAPE.test(pattern) ? 'u' : '');
  } catch (error) {
    return `does not compile: ${(error as Error).message}`;
  }
  const risk = findBacktrackingRisk(pattern);
  return risk === null ? regex : `is prone to catastrophic backtracking: ${risk}`;
}

/** Scans a pattern that compiles; returns why it is risky, or null. */
function findBacktrackingRisk(pattern: string): string | null {
  const stack: Frame[] = [];
  const open = (): Frame => ({ quantified: false, overlapping: false, firsts: [undefined] });
  let frame = open();
  const setFirst = (atom: string): void => {
    frame.firsts[frame.firsts.length - 1] ??= atom;
  };
  let quantifier: { max: number; end: number } | null;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i++] as string;
    if (c === '\\') {
      const next = pattern[i] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 1] === '<')) return 'backreferences such as \\1 or \\k<name> are not allowed';
      // A literal escape (`\.`, `\/`) is a known first character; `\b` and `\B` match no text; classes and the rest are unknown.
      if (!/[A-Za-z0-9]/.test(next)) setFirst(next);
      else if (!/b/i.test(next)) setFirst('');
      i = /[pPu]/.test(next) && pattern[i + 1] === '{' ? pattern.indexOf('}', i + 2) + 1 || pattern.length : i + 1;
    } else if (c === '[') {
      setFirst('');
      if (pattern[i] === '^') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      setFirst('');
      stack.push(frame);
      frame = open();
      GROUP_START.lastIndex = i - 1;
      i += (GROUP_START.exec(pattern) as RegExpExecArray)[0].length - 1;
    } else if (c === ')') {
      const group = frame;
      const { firsts } = group;
      frame = stack.pop() as Frame;
      quantifier = readQuantifier(pattern, i);
      const overlapping = group.overlapping ||
        (firsts.length > 1 && (firsts.some((first) => !first) || new Set(firsts).size < firsts.length));
      if (quantifier && quantifier.max > 1) {
        const body = `a repeated group ending at position ${i}`;
        if (group.quantified) return `${body} contains a quantifier, as in (a+)+ or (a*)*`;
        if (overlapping) return `${body} has alternatives that can match the same text, as in (a|aa)+`;
      }
      frame.quantified ||= group.quantified || !!quantifier;
      frame.overlapping ||= overlapping;
      if (quantifier) i = quantifier.end;
    } else if (c === '|') {
      frame.firsts.push(undefined);
    } else if ((quantifier = readQuantifier(pattern, i - 1))) {
      frame.quantified = true;
      i = quantifier.end;
    } else if (c !== '^' && c !== '$') {
      setFirst(c === '.' ? '' : c);
    }
  }
  return null;
}

/** The quantifier starting at `at` (with its lazy `?`): its maximum and where it ends; or null. */
function readQuantifier(pattern: string, at: number): { max: number; end: number } | null {
  QUANTIFIER.lastIndex = at;
  const match = QUANTIFIER.exec(pattern);
  if (!match) return null;
  const [text, low, comma, high] = match;
  return {
    max: low === undefined ? (text[0] === '?' ? 1 : Infinity) : comma === undefined ? +low : high ? +high : Infinity,
    end: at + text.length,
  };
}

/** About how many backtracking steps an `rlike` test may take (a few tens of milliseconds). */
const RLIKE_STEP_BUDGET = 2e7;

/**
 * How many characters of a value an `rlike` test reads: with k unbounded quantifiers an unanchored
 * search can take about n^(k+1) steps, so n is kept to the (k+1)-th root of a fixed budget (at most
 * `limit`). `.*checkout.*` reads 271 characters, a pattern without `*`/`+` reads `limit`.
 */
export function rlikeInputLimit(pattern: string, limit: number): number {
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    } else {
      const quantifier = readQuantifier(pattern, i);
      if (quantifier !== null && quantifier.max === Infinity) unbounded++;
    }
  }
  return unbounded === 0 ? limit : Math.min(limit, Math.max(64, Math.floor(RLIKE_STEP_BUDGET ** (1 / (unbounded + 1)))));
}
