import type { PropertyRef, PathSegment } from '../definitions/types.js';
import { schemaStem } from '../event/column-name.js';
import type { AtomicEvent, SelfDescribing } from '../event/atomic-event.js';
import { applyDatePart } from './date-part.js';
import { readPath } from './read-path.js';

/** Reads one property of an event; undefined when the event has no such value. */
export type PropertyGetter = (event: AtomicEvent) => unknown;

const own = Object.prototype.hasOwnProperty;

/** Compiles a property reference into a getter (docs/semantics.md#properties, docs/semantics.md#date_part). */
export function compileProperty(ref: PropertyRef): PropertyGetter {
  const base = compileBase(ref);
  const part = ref.datePart;
  if (part === null) return base;
  return (event) => applyDatePart(part, base(event));
}

function compileBase(ref: PropertyRef): PropertyGetter {
  switch (ref.kind) {
    case 'atomic': {
      const name = ref.name === 'refr_device_tstamp' ? 'refr_dvce_tstamp' : ref.name;
      return (event) => (own.call(event.atomic, name) ? nullToUndefined(event.atomic[name]) : undefined);
    }
    case 'event': {
      const { major, path } = ref;
      const matches = compileSchemaMatch(ref.vendor, ref.name);
      return (event) => {
        const sd = event.unstruct;
        return sd !== null && sd.major === major && matches(sd) ? read(sd.data, path, false) : undefined;
      };
    }
    case 'entity': {
      const { major, index, path } = ref;
      const matches = compileSchemaMatch(ref.vendor, ref.name);
      return (event) => {
        let seen = 0;
        for (const sd of event.contexts) {
          if (sd.major !== major || !matches(sd)) continue;
          if (seen++ === index) return read(sd.data, path, false);
        }
        return undefined;
      };
    }
    case 'column': {
      const { column, entity, index, path } = ref;
      if (!entity) {
        return (event) => {
          const sd = event.unstruct;
          return sd !== null && columnOf(sd, false) === column ? read(sd.data, path, true) : undefined;
        };
      }
      return (event) => {
        let seen = 0;
        for (const sd of event.contexts) {
          if (columnOf(sd, true) !== column) continue;
          if (seen++ === index) return read(sd.data, path, true);
        }
        return undefined;
      };
    }
  }
}

/**
 * Vendor and name match exactly. Entities read from enriched JSON columns (`contexts_<vendor>_<name>_<major>`)
 * lost their dots and full version (`version` is empty): those match by their column stem.
 */
function compileSchemaMatch(vendor: string, name: string): (sd: SelfDescribing) => boolean {
  const stem = schemaStem(vendor, name);
  return (sd) => (sd.name === name && sd.vendor === vendor) || (sd.version === '' && stemOf(sd) === stem);
}

const stems = new WeakMap<SelfDescribing, string>();

/** The `<vendor>_<name>` stem of a self-describing JSON's warehouse column, cached per object. */
function stemOf(sd: SelfDescribing): string {
  let stem = stems.get(sd);
  if (stem === undefined) stems.set(sd, (stem = schemaStem(sd.vendor, sd.name)));
  return stem;
}

function columnOf(sd: SelfDescribing, entity: boolean): string {
  return `${entity ? 'contexts' : 'unstruct_event'}_${stemOf(sd)}_${sd.major}`;
}

function read(data: unknown, path: readonly PathSegment[], snake: boolean): unknown {
  return nullToUndefined(readPath(data, path, snake));
}

function nullToUndefined(value: unknown): unknown {
  return value === null ? undefined : value;
}
