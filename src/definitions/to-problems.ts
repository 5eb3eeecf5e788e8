/**
 * zod issues of the wire schema → our problems and warnings: `{code, path, message}` with a JSON path
 * (`attribute_groups[0].attributes[2].period`) and a plain message naming the field, the value and what
 * is allowed. Custom issues carry their code in `params` (`wire-checks.ts`).
 */
import type * as z from 'zod/mini';
import type { Problem } from '../errors.js';
import { describeChoices, describeValue } from '../describe-value.js';
import type { IssueParams } from './wire-checks.js';

/** An issue as a parse with `reportInput: true` returns it. */
type Issue = z.core.$ZodIssue & { input?: unknown };
type JsonPath = readonly PropertyKey[];

/** What a value of the wrong type must be, by zod's `expected`. */
const EXPECTED: Record<string, string> = {
  string: 'a string', number: 'a number', boolean: 'a boolean', array: 'a list', object: 'an object', record: 'an object',
};

/**
 * Writes a path as `attribute_groups[0].attributes[2].period` (empty for the root); a key that is not a
 * plain name (an unknown field such as `com.acme`) is written as a JSON string in brackets: `["com.acme"]`.
 */
export function formatPath(path: JsonPath): string {
  return path.map((key, i) => typeof key === 'number' ? `[${key}]`
    : typeof key === 'string' && /^[A-Za-z_]\w*$/.test(key) ? `${i ? '.' : ''}${key}`
    : `[${JSON.stringify(String(key))}]`).join('');
}

/** The field a message names: the last key with any indexes after it (`events[0]`). */
function fieldName(path: JsonPath): string {
  let end = path.length;
  let suffix = '';
  while (typeof path[end - 1] === 'number') suffix = `[${String(path[--end])}]${suffix}`;
  return `${end ? String(path[end - 1]) : 'definitions'}${suffix}`;
}

/**
 * Adds a problem (or, for a warning such as an unknown field, a warning) for each issue, in order;
 * `prefix` is the path of the value the issues were found in.
 */
export function toProblems(issues: readonly Issue[], problems: Problem[], warnings: Problem[], prefix: JsonPath = []): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && !discriminated(issue)) {
      // The branch of the value's type tells what is wrong; with none, the value has the wrong type.
      const branch = issue.errors.find((errors) => !mismatched(errors as Issue[]));
      if (branch) {
        toProblems(branch as Issue[], problems, warnings, path);
        continue;
      }
    }
    const params = issue.code === 'custom' ? (issue.params as IssueParams | undefined) : undefined;
    (params?.warning ? warnings : problems).push({ path: formatPath(path), ...describeIssue(issue, path, params) });
  }
}

/** Whether a union issue is a discriminated union's: no option has the value's discriminator. */
function discriminated(issue: Issue): issue is Issue & { discriminator: string; options: unknown[] } {
  return 'discriminator' in issue;
}

/** Whether the issues of a union branch say that the value is not of the branch's type. */
function mismatched(issues: readonly Issue[]): boolean {
  return issues.some((issue) => issue.path.length === 0 && (issue.code === 'invalid_type'
    || (issue.code === 'invalid_union' && !discriminated(issue) && issue.errors.every((errors) => mismatched(errors as Issue[])))));
}

/** The code and message of one issue at `path`. */
function describeIssue(issue: Issue, path: JsonPath, params: IssueParams | undefined): { code: string; message: string } {
  const field = fieldName(path);
  let value = issue.input;
  const phrase = (code: string, text: string) => ({ code, message: `${field} ${describeValue(value)} ${text}` });
  const choose = (choices: string) => value === undefined
    ? { code: 'required', message: `${field} is required: ${choices}` }
    : phrase('enum', `is not one of ${choices}`);
  const wrongType = (expected: string) => value === undefined
    ? { code: 'required', message: `${field} is required` }
    : { code: 'type', message: `${field} must be ${expected}, got ${describeValue(value)}` };
  switch (issue.code) {
    case 'custom': {
      const { code, phrase: isPhrase, expected } = params ?? { code: 'custom' };
      return expected ? { ...wrongType(issue.message), code } : isPhrase ? phrase(code, issue.message) : { code, message: issue.message };
    }
    case 'invalid_type': return wrongType(EXPECTED[issue.expected] ?? `a ${issue.expected}`);
    case 'invalid_value': return choose(issue.values.map(String).join(', '));
    case 'invalid_union':
      if (discriminated(issue)) {
        // No option of a discriminated union has this discriminator value (the issue's input is the object).
        value = (issue.input as Record<string, unknown>)[issue.discriminator];
        return choose(describeChoices(issue.options.map(String)));
      }
      return wrongType(issue.message);
    case 'invalid_format': return phrase('format', issue.message);
    case 'too_big':
    case 'too_small':
      if (issue.origin === 'array') {
        const most = issue.code === 'too_big';
        return { code: 'range', message: `${field} must have at ${most ? 'most' : 'least'} ${String(most ? issue.maximum : issue.minimum)} items` };
      }
      return phrase('range', issue.message);
    default: return phrase('type', 'is not valid here');
  }
}
