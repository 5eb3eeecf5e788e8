// Structured properties (signals-model.md §3.1) over the event universe: atomic columns, fields of
// the universe's self-describing events and entities, with or without a `date_part`.
import fc from 'fast-check';
import { DATE_PARTS, type DatePart } from '../../../../src/definitions/types.js';
import type { AtomicColumn, WireProperty } from '../../../../src/definitions/wire-types.js';
import { sometimes } from './sometimes.js';
import { DATE_TIME_COLUMNS, ENTITY_SCHEMAS, EVENT_SCHEMAS, FILLED_COLUMNS, PROPERTY_COLUMNS, type UniverseSchema } from './event-universe.js';

/** Which `date_part` a property gets: none, one of these, or one or none. */
export type DatePartChoice = 'none' | 'any' | readonly DatePart[];

const column = (names: readonly string[]) => fc.constantFrom(...(names as AtomicColumn[]));
const anyColumn = fc.oneof({ weight: 4, arbitrary: column(FILLED_COLUMNS) }, { weight: 1, arbitrary: column(PROPERTY_COLUMNS) });

const fieldOf = (schemas: readonly UniverseSchema[]) =>
  fc.constantFrom(...schemas).chain((schema) => fc.record({ schema: fc.constant(schema), path: fc.constantFrom(...schema.paths) }));

/** A structured property; with a `date_part` (from `parts`) only where one is allowed (date-time columns for atomic). */
export function wireProperty(choice: DatePartChoice = 'none'): fc.Arbitrary<WireProperty> {
  const parts = choice === 'none' ? [] : choice === 'any' ? DATE_PARTS : choice;
  const required = choice !== 'none' && choice !== 'any';
  const datePart = parts.length === 0 ? fc.constant(undefined)
    : required ? fc.constantFrom(...parts) : sometimes(fc.constantFrom(...parts));
  const withPart = <T extends WireProperty>(property: T, part: DatePart | undefined): T =>
    part === undefined ? property : { ...property, date_part: part };
  const atomic = fc.tuple(datePart, anyColumn, column(DATE_TIME_COLUMNS)).map(([part, any, dated]) =>
    withPart({ type: 'atomic' as const, name: part === undefined ? any : dated }, part));
  const event = fc.tuple(datePart, fieldOf(EVENT_SCHEMAS)).map(([part, { schema, path }]) =>
    withPart({ type: 'event' as const, vendor: schema.vendor, name: schema.name, major_version: schema.major, path }, part));
  const entity = fc.tuple(datePart, fieldOf(ENTITY_SCHEMAS), fc.integer({ min: 0, max: 2 })).map(([part, { schema, path }, index]) =>
    withPart({ type: 'entity' as const, vendor: schema.vendor, name: schema.name, major_version: schema.major, path, index }, part));
  return fc.oneof(atomic, event, entity);
}
