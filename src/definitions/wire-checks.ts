/**
 * The building blocks of the wire schema (`wire-schema.ts`): zod/mini schemas for the values the
 * Signals wire format uses (names, durations, scalars, nullable optional fields) and the checks that
 * add our own issues. Every custom issue carries {@link IssueParams}, which `to-problems.ts` reads.
 *
 * zod's JIT compiles object parsers with `new Function`, which a strict Content-Security-Policy
 * refuses: it is switched off here, before any schema is built (zod reads the setting then).
 */
import * as z from 'zod/mini';
import { isRecord } from '../is-record.js';
import { closestKey } from './closest-key.js';
import { readDuration } from './parse-duration.js';
import type { Report } from './wire-rules.js';

z.config({ jitless: true });

/** What a custom issue tells `to-problems.ts`, besides its message and path. */
export interface IssueParams {
  /** The problem code (`duration`, `fit`, `unknown_field`, …). */
  code: string;
  /** The message is a phrase to follow the field and its value (`must be longer than 0`). */
  phrase?: boolean;
  /** The value has the wrong type: the message is what it must be (`an integer`). */
  expected?: boolean;
  /** A warning (the item still loads), not a problem. */
  warning?: boolean;
}

type Payload = z.core.ParsePayload<any>;

/**
 * Adds a custom issue at `path` below the value checked. An aborting issue (`abort`) keeps the rules of
 * the objects around it from running, as a value of the wrong type does.
 */
export function addIssue(payload: Payload, params: IssueParams, message: string, path: PropertyKey[] = [], abort = false): void {
  const input = path.length ? undefined : payload.value;
  payload.issues.push({ code: 'custom', message, input, path, params, continue: !abort });
}

/** Optional and nullable: registry responses send `null` for every unset field. */
export const opt = <T extends z.core.SomeType>(schema: T) => z.nullish(schema);

/** A check adding a problem with `code` when `read` returns a phrase (a string) saying what is wrong. */
const readableCheck = (code: string, read: (value: any) => unknown) => z.check<any>((payload) => {
  const phrase = read(payload.value);
  if (typeof phrase === 'string') addIssue(payload, { code, phrase: true }, phrase);
});

/** A string that `read` accepts; its problems have `code`. */
export const readable = (code: string, read: (value: string) => unknown) => z.string().check(readableCheck(code, read));

/** A string matching `regex`; else the problem `format` with `phrase`. */
export const pattern = (regex: RegExp, phrase: string) => z.string().check(z.regex(regex, phrase));

/** A non-empty string. */
export const nonEmpty = z.string().check(z.minLength(1, 'must not be empty'));

/** A safe integer of at least `min` (0 or 1). */
export const integer = (min: 0 | 1) => z.number().check((payload) => {
  const value = payload.value as number;
  if (!Number.isInteger(value)) return addIssue(payload, { code: 'type', expected: true }, 'an integer', [], true);
  if (!Number.isSafeInteger(value)) {
    addIssue(payload, { code: 'range', phrase: true }, value > 0 ? 'must be 9007199254740991 or less' : 'must be -9007199254740991 or more');
  }
  if (value < min) addIssue(payload, { code: 'range', phrase: true }, min ? 'must be greater than 0' : 'must be 0 or more');
});

/** An ISO-8601 duration or a number of seconds, as `readDuration` reads them. */
export const duration = z.union([z.string(), z.number()], 'a string or a number').check(readableCheck('duration', readDuration));

export const scalar = z.union([z.string(), z.number(), z.boolean()], 'a string, a number or a boolean');

/** A scalar, a list of scalars or (with `record`) a plain object of scalars. */
export const scalarOrList = (record?: boolean) => record
  ? z.union([z.string(), z.number(), z.boolean(), z.array(scalar), z.record(z.string(), scalar)],
    'a string, a number, a boolean, a list or a record')
  : z.union([z.string(), z.number(), z.boolean(), z.array(scalar)], 'a string, a number, a boolean or a list');

/** An optional list, of at most `max` items. */
export const list = <T extends z.core.SomeType>(item: T, max?: number) =>
  opt(max === undefined ? z.array(item) : z.array(item).check(z.maxLength(max)));

/** Runs a rule of `wire-rules.ts` on an object whose fields have the right shape. */
export const rule = (check: (value: any, report: Report) => void) => z.check<any>((payload) => {
  check(payload.value, (code, message, ...at) => addIssue(payload, { code }, message, at));
});

/**
 * Reports each key of an object that its shape does not name, with the closest known key: a warning,
 * or (with `refuse`, for the bundle itself) a problem. Runs even when a field of the object is wrong.
 */
const knownFields = (known: readonly string[], refuse: boolean) => z.check<any>((payload) => {
  if (!isRecord(payload.value)) return;
  for (const key of Object.keys(payload.value)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    addIssue(payload, { code: 'unknown_field', warning: !refuse }, `unknown field "${key}"${hint}`, [key]);
  }
}, { when: () => true });

/**
 * An object of the wire format with these fields, in the order they are checked; `check` (a rule) runs
 * when every field has the right shape. Other keys are kept and reported by {@link knownFields}.
 */
export const wireObject = <T extends z.core.$ZodLooseShape>(shape: T, check?: z.core.$ZodCheck<any>, refuse = false) => {
  const known = knownFields(Object.keys(shape), refuse);
  return z.looseObject(shape).check(...(check ? [known, check] : [known]));
};
