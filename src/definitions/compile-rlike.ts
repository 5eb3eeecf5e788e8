import { SignalsEdgeError } from '../errors.js';
import { describeValue } from './describe-value.js';

/** Longest accepted pattern, in characters. */
export const MAX_RLIKE_PATTERN_LENGTH = 1000;

const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;
const UNICODE_ESCAPE = /\\[pPu]\{/;

/** A group being scanned: what its body contains, and the first atom of each alternative. */
interface Frame {
  /** The body contains a quantifier (at any depth). */
  quantified: boolean;
  /** The body contains (at any depth) an alternation whose branches may start with the same text. */
  overlapping: boolean;
  /** First atom of each finished alternative: a literal character, or null when unknown/empty. */
  firsts: (string | null)[];
  /** First atom of the current alternative; undefined while it has none. */
  first: string | null | undefined;
}

/**
 * Compiles an `rlike` pattern once (signals-model.md §14 item 22; design decision 11): an
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
  if (typeof pattern !== 'string') throw new SignalsEdgeError(`rlike pattern ${describeValue(pattern)} is not a string`);
  const shown = describeValue(pattern);
  if (pattern.length > MAX_RLIKE_PATTERN_LENGTH) {
    throw new SignalsEdgeError(`rlike pattern ${shown} is longer than ${MAX_RLIKE_PATTERN_LENGTH} characters`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, UNICODE_ESCAPE.test(pattern) ? 'u' : '');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SignalsEdgeError(`rlike pattern ${shown} does not compile: ${reason}`);
  }
  const risk = findBacktrackingRisk(pattern);
  if (risk !== null) throw new SignalsEdgeError(`rlike pattern ${shown} is prone to catastrophic backtracking: ${risk}`);
  return regex;
}

/** Scans a pattern that compiles; returns why it is risky, or null. */
function findBacktrackingRisk(pattern: string): string | null {
  const stack: Frame[] = [newFrame()];
  let i = 0;
  while (i < pattern.length) {
    const frame = stack[stack.length - 1] as Frame;
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) {
        return 'backreferences such as \\1 or \\k<name> are not allowed';
      }
      const end = escapeEnd(pattern, i);
      // A literal escape (`\.`, `\/`) is a known first character; classes and the rest are not.
      if (!/[A-Za-z0-9]/.test(next)) setFirst(frame, next);
      else if (next !== 'b' && next !== 'B') setFirst(frame, null);
      i = end;
    } else if (c === '[') {
      setFirst(frame, null);
      i = classEnd(pattern, i);
    } else if (c === '(') {
      setFirst(frame, null);
      stack.push(newFrame());
      i += groupPrefixLength(pattern, i);
    } else if (c === ')') {
      const group = stack.pop() as Frame;
      finishAlternative(group);
      const parent = stack[stack.length - 1] as Frame;
      const quantifier = readQuantifier(pattern, i + 1);
      const overlapping = group.overlapping || !areDistinct(group.firsts);
      if (quantifier !== null && quantifier.max > 1) {
        const body = `group ending at position ${i + 1}`;
        if (group.quantified) return `a repeated ${body} contains a quantifier, as in (a+)+ or (a*)*`;
        if (overlapping) return `a repeated ${body} has alternatives that can match the same text, as in (a|aa)+`;
      }
      parent.quantified ||= group.quantified || quantifier !== null;
      parent.overlapping ||= overlapping;
      i = quantifier === null ? i + 1 : quantifier.end;
    } else if (c === '|') {
      finishAlternative(frame);
      i++;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && QUANTIFIER_BRACES.test(pattern.slice(i)))) {
      const quantifier = readQuantifier(pattern, i) as { end: number };
      frame.quantified = true;
      i = quantifier.end;
    } else if (c === '^' || c === '$') {
      i++;
    } else {
      setFirst(frame, c === '.' ? null : c);
      i++;
    }
  }
  return null;
}

function newFrame(): Frame {
  return { quantified: false, overlapping: false, firsts: [], first: undefined };
}

function setFirst(frame: Frame, atom: string | null): void {
  if (frame.first === undefined) frame.first = atom;
}

function finishAlternative(frame: Frame): void {
  frame.firsts.push(frame.first ?? null);
  frame.first = undefined;
}

/** True when there is a single alternative, or every alternative starts with its own literal character. */
function areDistinct(firsts: (string | null)[]): boolean {
  if (firsts.length <= 1) return true;
  const seen = new Set<string>();
  for (const first of firsts) {
    if (first === null || seen.has(first)) return false;
    seen.add(first);
  }
  return true;
}

/** A quantifier starting at `at` (with its lazy `?`), or null. */
function readQuantifier(pattern: string, at: number): { max: number; end: number } | null {
  const c = pattern[at];
  let max: number;
  let end: number;
  if (c === '*' || c === '+') {
    max = Infinity;
    end = at + 1;
  } else if (c === '?') {
    max = 1;
    end = at + 1;
  } else if (c === '{') {
    const braces = QUANTIFIER_BRACES.exec(pattern.slice(at));
    if (braces === null) return null;
    const low = Number(braces[1]);
    max = braces[2] === undefined ? low : braces[3] === '' ? Infinity : Number(braces[3]);
    end = at + braces[0].length;
  } else {
    return null;
  }
  if (pattern[end] === '?') end++;
  return { max, end };
}

/** Index after the escape starting at `at`. */
function escapeEnd(pattern: string, at: number): number {
  const next = pattern[at + 1];
  if ((next === 'p' || next === 'P' || next === 'u') && pattern[at + 2] === '{') {
    const close = pattern.indexOf('}', at + 3);
    return close < 0 ? pattern.length : close + 1;
  }
  return at + 2;
}

/** Index after the character class starting at `at`. */
function classEnd(pattern: string, at: number): number {
  let i = at + 1;
  if (pattern[i] === '^') i++;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Length of `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupPrefixLength(pattern: string, at: number): number {
  if (pattern[at + 1] !== '?') return 1;
  const kind = pattern[at + 2];
  if (kind === ':' || kind === '=' || kind === '!') return 3;
  if (kind === '<') {
    const after = pattern[at + 3];
    if (after === '=' || after === '!') return 4;
    const close = pattern.indexOf('>', at + 3);
    return close < 0 ? 3 : close - at + 1;
  }
  return 2;
}
