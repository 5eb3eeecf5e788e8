/**
 * Wire properties (docs/semantics.md#properties) → {@link PropertyRef}: the structured form
 * (`{"type": "atomic" | "event" | "entity", …}`) and the legacy strings (docs/semantics.md#legacy-string-form).
 */
import { SignalsEdgeError } from '../errors.js';
import { ATOMIC_PROPERTY_NAMES, JSON_COLUMNS } from '../event/atomic-columns.js';
import { describeValue } from '../describe-value.js';
import type { PathSegment, PropertyRef } from './types.js';
import type { WirePropertyInput } from './wire-input-types.js';

/**
 * An event column, or an entity column with `[i]` or `[safe_offset(i)]`; then an optional `.`/`:`
 * separator and path. The column always ends in `_<major>`.
 */
const LEGACY = /^(?:(unstruct_event_[a-z0-9_]+?_\d+)|(contexts_[a-z0-9_]+?_\d+)\[(?:(\d+)|safe_offset\((\d+)\))\])(?:[.:](.*))?$/i;
const EMPTY_SEGMENT = 'has an empty segment (".." or a leading or trailing ".")';

/**
 * Converts a wire property, structured or legacy string, into a {@link PropertyRef}.
 * Legacy atomic strings (`page_url`) give `{kind: 'atomic'}`; `unstruct_event_…` and `contexts_…`
 * strings give `{kind: 'column'}` with the column lower-cased and the path split into segments.
 * @throws SignalsEdgeError naming the bad value (unknown atomic name, malformed string or path).
 */
export function parseProperty(input: WirePropertyInput): PropertyRef {
  const result = readProperty(input);
  if (typeof result === 'string') {
    const shown = typeof input === 'string' ? describeValue(input)
      : input.type === 'atomic' ? describeValue(input.name) : `${input.vendor}/${input.name}`;
    throw new SignalsEdgeError(`property ${shown} ${result}`);
  }
  return result;
}

/**
 * Splits a property path (`type`, `$.user.id`, `items[0].price`; `$.` optional) into segments.
 * @throws SignalsEdgeError for a bare `$`, `['x']`, `..` or empty segments, filters, wildcards and
 * negative indexes.
 */
export function parsePropertyPath(path: string): PathSegment[] {
  const result = readPath(path);
  if (typeof result === 'string') throw new SignalsEdgeError(`path ${describeValue(path)} ${result}`);
  return result;
}

/** What is wrong with an atomic property name, as a phrase to follow the value, or null when it is valid. */
export function describeAtomicNameProblem(name: string): string | null {
  return JSON_COLUMNS.has(name) ? 'holds self-describing JSON, not a value: use an event or entity property instead'
    : ATOMIC_PROPERTY_NAMES.has(name) ? null
    : 'is not a Signals atomic property (an enriched event column such as page_url, app_id or derived_tstamp)';
}

/** Reads a property as {@link parseProperty} does, or returns a phrase (to follow it) saying what is wrong. */
export function readProperty(input: WirePropertyInput): PropertyRef | string {
  if (typeof input === 'string') return readPropertyString(input);
  const datePart = input.date_part ?? null;
  if (input.type === 'atomic') return describeAtomicNameProblem(input.name) ?? { kind: 'atomic', name: input.name, datePart };
  const path = readPath(input.path);
  if (typeof path === 'string') return `has path ${describeValue(input.path)}, which ${path}`;
  const base = { vendor: input.vendor, name: input.name, major: input.major_version, path, datePart };
  return input.type === 'event' ? { kind: 'event', ...base } : { kind: 'entity', ...base, index: input.index ?? 0 };
}

/** Reads a legacy property string, or returns a phrase saying what is wrong. */
export function readPropertyString(text: string): PropertyRef | string {
  const match = LEGACY.exec(text);
  if (match) {
    const [, event, entity, digits, offset, rest] = match;
    const index = +(digits ?? offset ?? 0);
    if (!Number.isSafeInteger(index)) return 'has an entity index that is too large';
    const path = rest === undefined ? [] : readPath(rest);
    if (typeof path === 'string') return `has path ${describeValue(rest)}, which ${path}`;
    return { kind: 'column', column: (event ?? (entity as string)).toLowerCase(), entity: !event, index, path, datePart: null };
  }
  if (/^unstruct_event_/i.test(text)) {
    return 'is not a valid event column: expected unstruct_event_<vendor>_<name>_<major>, then ":" or "." and a path';
  }
  if (/^contexts_/i.test(text)) {
    return /\[-\d/.test(text) ? 'has a negative entity index; indexes count from 0'
      : 'is not a valid entity column: expected contexts_<vendor>_<name>_<major>[<index>] ' +
        '(or [safe_offset(<index>)]), then "." or ":" and a path';
  }
  return describeAtomicNameProblem(text) === null ? { kind: 'atomic', name: text, datePart: null }
    : 'is neither a Signals atomic property (such as page_url) nor an unstruct_event_… or contexts_… column';
}

/** Reads a path as {@link parsePropertyPath} does, or returns a phrase saying what is wrong. */
export function readPath(path: string): PathSegment[] | string {
  if (path === '$') return 'is a bare "$": name a field, e.g. "$.type"';
  const text = path.replace(/^\$(\.|(?=\[))/, '');
  if (!text) return 'is empty: name a field, e.g. "type"';
  const segments: PathSegment[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) return 'has an unclosed "["';
      const index = readIndex(text.slice(i + 1, end));
      if (typeof index === 'string') return index;
      segments.push(index);
      i = end + 1;
    } else {
      const name = (/^[^.[]*/.exec(text.slice(i)) as RegExpExecArray)[0];
      if (!name) return EMPTY_SEGMENT;
      if (name.includes(']')) return 'has a "]" without "["';
      if (name === '*') return 'uses a wildcard "*"; name one field';
      segments.push(name);
      i += name.length;
    }
    const next = text[i];
    if (next === '.') {
      if ('.['.includes(text[++i] ?? '.')) return EMPTY_SEGMENT;
    } else if (next !== undefined && next !== '[') {
      return 'has text right after "]"; use "." before a field name';
    }
  }
  return segments;
}

function readIndex(inside: string): number | string {
  const match = /^(?:(\d+)|safe_offset\((\d+)\))$/i.exec(inside);
  if (match) {
    const index = +(match[1] ?? (match[2] as string));
    return Number.isSafeInteger(index) ? index : 'has an index that is too large';
  }
  const first = inside[0];
  return first == "'" || first === '"' ? `uses a quoted key [${inside}]; write ".name" instead`
    : first === '-' ? `has a negative index [${inside}]; indexes count from 0`
    : first === '?' ? 'uses a filter expression, which is not supported'
    : inside === '*' ? 'uses a wildcard "[*]"; name one index'
    : `has an invalid index [${inside}]; use a number such as [0]`;
}
