/**
 * zod issues → problems: each issue of a failed bundle parse becomes a problem with its JSON path and a
 * plain message naming the field, the value and what is allowed.
 */
import type * as z from 'zod/mini';
import type { Problem } from '../errors.js';
import { describeChoices, describeValue } from './describe-value.js';

/** A JSON path: object keys and list indexes. */
export type JsonPath = (string | number)[];

/** A problem read from a zod issue, its path not yet formatted. */
export interface FoundProblem {
  path: JsonPath;
  code: string;
  message: string;
  /** An unknown enum value (or a direct intervention): skippable in registry mode. */
  skippable: boolean;
}

type Issue = z.core.$ZodIssue;

/**
 * Reads the issues of a failed parse of `input` into problems, looking values up in `input`. A union
 * that failed on the value's type gives one `type` problem, else the problems of its closest branch.
 */
export function collectProblems(issues: readonly Issue[], input: unknown): FoundProblem[] {
  const out: FoundProblem[] = [];
  collectIssues(issues, input, [], out);
  return out;
}

/** The {@link Problem} of a found problem, its path formatted. */
export function toProblem(found: FoundProblem): Problem {
  return { code: found.code, path: formatPath(found.path), message: found.message };
}

/** Formats a path as `attribute_groups[0].attributes[2].aggregation`. */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** Reads the value at `path` in `input`; undefined when the path leaves the input. */
export function valueAt(input: unknown, path: JsonPath): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

function collectIssues(issues: readonly Issue[], input: unknown, base: JsonPath, out: FoundProblem[]): void {
  for (const issue of issues) collectIssue(issue, input, base, out);
}

function collectIssue(issue: Issue, input: unknown, base: JsonPath, out: FoundProblem[]): void {
  const path = [...base, ...(issue.path as JsonPath)];
  const value = valueAt(input, path);
  const field = fieldName(path);
  const shown = describeValue(value);
  const add = (code: string, message: string, skippable = false): void => {
    out.push({ path, code, message, skippable });
  };
  const addChoice = (choices: string): void => {
    if (value === undefined) add('required', `${field} is required: ${choices}`);
    else add('enum', `${field} ${shown} is not one of ${choices}`, true);
  };
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) add('required', `${field} is required`, isCriteriaOfIntervention(path));
      else add('type', `${field} must be ${expectedPhrase(issue.expected)}, got ${shown}`);
      return;
    case 'invalid_value':
      addChoice(issue.values.map(String).join(', '));
      return;
    case 'invalid_format':
      add('format', `${field} ${shown} ${issue.message}`);
      return;
    case 'too_small':
    case 'too_big':
      add('range', issue.origin === 'array' ? `${field} ${sizePhrase(issue)}` : `${field} ${shown} ${sizePhrase(issue)}`);
      return;
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        addChoice(describeChoices((issue as { options?: unknown[] }).options ?? []));
        return;
      }
      const typed = issue.errors.filter((branch) => rootExpected(branch) === null);
      if (typed.length > 0) {
        collectIssues(typed.reduce((a, b) => (b.length < a.length ? b : a)), input, path, out);
      } else if (value === undefined) {
        add('required', `${field} is required`);
      } else {
        const expected = [...new Set(issue.errors.flatMap((branch) => rootExpected(branch) ?? []))];
        add('type', `${field} must be ${describeChoices(expected.map(expectedPhrase))}, got ${shown}`);
      }
      return;
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: string; phrase?: boolean };
      const code = params.code ?? 'invalid';
      add(code, params.phrase === true ? `${field} ${shown} ${issue.message}` : issue.message, code === 'enum');
      return;
    }
    default:
      add('invalid', `${field} ${shown} is not valid`);
  }
}

/** The types a union branch expected when it failed on the value's own type; null when the type fit. */
function rootExpected(branch: readonly Issue[]): string[] | null {
  if (branch.length !== 1) return null;
  const issue = branch[0] as Issue;
  if (issue.path.length !== 0) return null;
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code === 'invalid_union' && issue.discriminator === undefined) {
    const nested = issue.errors.map(rootExpected);
    return nested.every((e) => e !== null) ? nested.flat() as string[] : null;
  }
  return null;
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case 'array': return 'a list';
    case 'object': return 'an object';
    case 'int': return 'an integer';
    case 'undefined': return 'absent';
    default: return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function sizePhrase(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return small ? (limit <= 1 ? 'must not be empty' : `must have at least ${limit} characters`) : `must have at most ${limit} characters`;
    case 'array':
      return small ? `must have at least ${limit} items` : `must have at most ${limit} items`;
    default:
      if (small) return inclusive ? `must be ${limit} or more` : `must be greater than ${limit}`;
      return inclusive ? `must be ${limit} or less` : `must be less than ${limit}`;
  }
}

function isCriteriaOfIntervention(path: JsonPath): boolean {
  return path.length === 3 && path[0] === 'interventions' && path[2] === 'criteria';
}

/** The field a message names: the last key with any indexes after it (`events[0]`). */
function fieldName(path: JsonPath): string {
  let end = path.length;
  let suffix = '';
  while (end > 0 && typeof path[end - 1] === 'number') {
    suffix = `[${path[end - 1]}]${suffix}`;
    end--;
  }
  return end === 0 ? `definitions${suffix}` : `${String(path[end - 1])}${suffix}`;
}
