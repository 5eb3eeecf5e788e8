// What is wrong with an event view (AtomicEvent) as the engine and storage need it: a derived_tstamp
// that is not a finite number, atomic columns that are not JSON scalars (null, a string, a boolean
// or a finite number), self-describing data without its schema parts.
import type { AtomicEvent, SelfDescribing } from '../../../../src/event/atomic-event.js';

function selfDescribingDefect(sd: SelfDescribing, where: string): string | null {
  for (const key of ['schema', 'vendor', 'name', 'format', 'version'] as const) {
    if (typeof sd[key] !== 'string') return `${where}.${key} is ${typeof sd[key]}`;
  }
  return Number.isInteger(sd.major) ? null : `${where}.major is ${String(sd.major)}`;
}

/** The first thing wrong with `event`, or null. */
export function eventViewDefect(event: AtomicEvent): string | null {
  if (typeof event.derivedTstamp !== 'number' || !Number.isFinite(event.derivedTstamp)) return `derivedTstamp is ${String(event.derivedTstamp)}`;
  if (event.atomic === null || typeof event.atomic !== 'object') return 'no atomic columns';
  for (const [column, value] of Object.entries(event.atomic)) {
    const scalar = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!scalar) return `atomic column ${column} is ${typeof value === 'number' ? String(value) : typeof value}`;
  }
  if (!Array.isArray(event.contexts)) return 'contexts is not a list';
  for (let i = 0; i < event.contexts.length; i++) {
    const defect = selfDescribingDefect(event.contexts[i]!, `contexts[${i}]`);
    if (defect !== null) return defect;
  }
  return event.unstruct === null ? null : selfDescribingDefect(event.unstruct, 'unstruct');
}
