// What is wrong with one reported problem (or warning): a code that is not a lower-case word, an
// empty message, or a path that does not point into the input (it must name a value there, or a
// missing key of a value that is there).
import type { Problem } from '../../../../src/errors.js';
import { isContainer, type Step } from '../mutate-value.js';

/** The steps of a problem path (`attribute_groups[0].attributes[2].type`), or null when it cannot be read. */
export function parseProblemPath(path: string): Step[] | null {
  const steps: Step[] = [];
  // A key that is not a plain name (an unknown field) is a JSON string in brackets: `["com.acme"]`.
  const step = /\[(\d+)\]|(?:^|\.)(\w+)|\[("(?:[^"\\]|\\.)*")\]/y;
  while (step.lastIndex < path.length) {
    const at = step.lastIndex;
    const match = step.exec(path);
    if (match === null || step.lastIndex === at) return null;
    steps.push(match[1] !== undefined ? Number(match[1]) : match[3] !== undefined ? JSON.parse(match[3]) as string : match[2]!);
  }
  return steps;
}

/** Whether `path` names a value of `input`, or a missing key of a container of `input`. */
function pointsInto(input: unknown, path: readonly Step[]): boolean {
  let current = input;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    // The last step may name a missing key of any value there (the validator reads a RegExp as an object).
    const has = isContainer(current) && (Array.isArray(current) ? typeof step === 'number' && step < current.length
      : typeof step === 'string' && Object.prototype.hasOwnProperty.call(current, step));
    if (!has) return i === path.length - 1 && current !== undefined;
    current = (current as Record<string, unknown>)[step as string];
  }
  return true;
}

/** What is wrong with `problem` as a report on `input`, or null. */
export function problemDefect(input: unknown, problem: Problem): string | null {
  if (typeof problem.code !== 'string' || !/^[a-z_]+$/.test(problem.code)) return `code ${String(problem.code)} is not a lower-case word`;
  if (typeof problem.message !== 'string' || problem.message.trim() === '') return 'the message is empty';
  if (typeof problem.path !== 'string') return 'the path is not a string';
  if (problem.path === '') return isContainer(input) && !Array.isArray(input) && problem.code !== 'too_deep' ? 'an empty path on an object bundle' : null;
  const steps = parseProblemPath(problem.path);
  if (steps === null) return `the path ${JSON.stringify(problem.path)} cannot be read`;
  return pointsInto(input, steps) ? null : `the path ${problem.path} does not point into the input`;
}

/** Whether a problem at `path` is at `at` or below it. */
export function isAtOrBelow(path: string, at: string): boolean {
  return path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);
}
