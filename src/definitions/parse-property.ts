/**
 * Wire properties (signals-model.md §3) → {@link PropertyRef}: the structured form
 * (`{"type": "atomic" | "event" | "entity", …}`) and the legacy strings of §3.2 / §14 items 3–4.
 */
import { SignalsEdgeError } from '../errors.js';
import { ATOMIC_PROPERTY_NAMES, JSON_COLUMNS } from '../event/atomic-columns.js';
import { describeValue } from './describe-value.js';
import type { PathSegment, PropertyRef } from './types.js';
import type { WireStructuredPropertyInput } from './wire-schemas.js';

// Column, then an optional `.`/`:` separator and path. The column always ends in `_<major>`.
const UNSTRUCT = /^(unstruct_event_[a-z0-9_]+?_\d+)(?:[.:](.*))?$/i;
// Column, `[i]` or `[safe_offset(i)]`, then an optional `.`/`:` separator and path.
const CONTEXTS = /^(contexts_[a-z0-9_]+?_\d+)\[(?:(\d+)|safe_offset\((\d+)\))\](?:[.:](.*))?$/i;
const DIGITS = /^\d+$/;
const SAFE_OFFSET = /^safe_offset\((\d+)\)$/i;

/**
 * Converts a wire property, structured or legacy string, into a {@link PropertyRef}.
 * Legacy atomic strings (`page_url`) give `{kind: 'atomic'}`; `unstruct_event_…` and `contexts_…`
 * strings give `{kind: 'column'}` with the column lower-cased and the path split into segments.
 * @throws SignalsEdgeError naming the bad value (unknown atomic name, malformed string or path).
 */
export function parseProperty(input: string | WireStructuredPropertyInput): PropertyRef {
  const result = readProperty(input);
  if (typeof result === 'string') {
    const shown = typeof input === 'string' ? describeValue(input) : propertySubject(input);
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

/** What is wrong with a path, as a phrase to follow the value, or null when it is valid. */
export function describePathProblem(path: string): string | null {
  const result = readPath(path);
  return typeof result === 'string' ? result : null;
}

/** What is wrong with a legacy property string, as a phrase to follow the value, or null when it is valid. */
export function describePropertyStringProblem(text: string): string | null {
  const result = readPropertyString(text);
  return typeof result === 'string' ? result : null;
}

/** What is wrong with an atomic property name, as a phrase to follow the value, or null when it is valid. */
export function describeAtomicNameProblem(name: string): string | null {
  if (JSON_COLUMNS.has(name)) {
    return 'holds self-describing JSON, not a value: use an event or entity property instead';
  }
  if (!ATOMIC_PROPERTY_NAMES.has(name)) {
    return 'is not a Signals atomic property (an enriched event column such as page_url, app_id or derived_tstamp)';
  }
  return null;
}

function readProperty(input: string | WireStructuredPropertyInput): PropertyRef | string {
  if (typeof input === 'string') return readPropertyString(input);
  const datePart = input.date_part ?? null;
  if (input.type === 'atomic') {
    return describeAtomicNameProblem(input.name) ?? { kind: 'atomic', name: input.name, datePart };
  }
  const path = readPath(input.path);
  if (typeof path === 'string') return `has path ${describeValue(input.path)}, which ${path}`;
  const base = { vendor: input.vendor, name: input.name, major: input.major_version, path, datePart };
  if (input.type === 'event') return { kind: 'event', ...base };
  return { kind: 'entity', ...base, index: input.index ?? 0 };
}

function readPropertyString(text: string): PropertyRef | string {
  const unstruct = UNSTRUCT.exec(text);
  if (unstruct !== null) {
    const path = readLegacyPath(unstruct[2]);
    if (typeof path === 'string') return path;
    return { kind: 'column', column: lower(unstruct[1]), entity: false, index: 0, path, datePart: null };
  }
  const contexts = CONTEXTS.exec(text);
  if (contexts !== null) {
    const index = Number(contexts[2] ?? contexts[3]);
    if (!Number.isSafeInteger(index)) return 'has an entity index that is too large';
    const path = readLegacyPath(contexts[4]);
    if (typeof path === 'string') return path;
    return { kind: 'column', column: lower(contexts[1]), entity: true, index, path, datePart: null };
  }
  const prefix = text.slice(0, 15).toLowerCase();
  if (prefix.startsWith('unstruct_event_')) {
    return 'is not a valid event column: expected unstruct_event_<vendor>_<name>_<major>, then ":" or "." and a path';
  }
  if (prefix.startsWith('contexts_') && /\[-\d/.test(text)) return 'has a negative entity index; indexes count from 0';
  if (prefix.startsWith('contexts_')) {
    return 'is not a valid entity column: expected contexts_<vendor>_<name>_<major>[<index>] ' +
      '(or [safe_offset(<index>)]), then "." or ":" and a path';
  }
  const atomic = describeAtomicNameProblem(text);
  if (atomic !== null) {
    return 'is neither a Signals atomic property (such as page_url) nor an unstruct_event_… or contexts_… column';
  }
  return { kind: 'atomic', name: text, datePart: null };
}

function readLegacyPath(path: string | undefined): PathSegment[] | string {
  if (path === undefined) return [];
  const segments = readPath(path);
  return typeof segments === 'string' ? `has path ${describeValue(path)}, which ${segments}` : segments;
}

/** Path segments, or a phrase saying what is wrong. */
function readPath(path: string): PathSegment[] | string {
  if (path === '$') return 'is a bare "$": name a field, e.g. "$.type"';
  let text = path;
  if (text.startsWith('$.')) text = text.slice(2);
  else if (text.startsWith('$[')) text = text.slice(1);
  if (text === '') return 'is empty: name a field, e.g. "type"';
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) return 'has an unclosed "["';
      const inside = text.slice(i + 1, end);
      const index = readIndex(inside);
      if (typeof index === 'string') return index;
      segments.push(index);
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      const name = text.slice(i, end);
      if (name === '') return 'has an empty segment (".." or a leading or trailing ".")';
      if (name.includes(']')) return 'has a "]" without "["';
      if (name === '*') return 'uses a wildcard "*"; name one field';
      segments.push(name);
      i = end;
    }
    if (i >= text.length) break;
    if (text[i] === '.') {
      i++;
      if (i >= text.length || text[i] === '.' || text[i] === '[') {
        return 'has an empty segment (".." or a leading or trailing ".")';
      }
    } else if (text[i] !== '[') {
      return 'has text right after "]"; use "." before a field name';
    }
  }
  return segments;
}

function readIndex(inside: string): number | string {
  const match = DIGITS.test(inside) ? inside : SAFE_OFFSET.exec(inside)?.[1];
  if (match !== undefined) {
    const index = Number(match);
    return Number.isSafeInteger(index) ? index : 'has an index that is too large';
  }
  if (inside.startsWith("'") || inside.startsWith('"')) return `uses a quoted key [${inside}]; write ".name" instead`;
  if (inside.startsWith('-')) return `has a negative index [${inside}]; indexes count from 0`;
  if (inside.startsWith('?')) return 'uses a filter expression, which is not supported';
  if (inside === '*') return 'uses a wildcard "[*]"; name one index';
  return `has an invalid index [${inside}]; use a number such as [0]`;
}

function propertySubject(input: WireStructuredPropertyInput): string {
  return input.type === 'atomic' ? describeValue(input.name) : `${input.vendor}/${input.name}`;
}

function lower(text: string | undefined): string {
  return (text ?? '').toLowerCase();
}
