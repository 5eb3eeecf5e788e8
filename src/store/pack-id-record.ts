import { isRecord } from '../is-record.js';
import type { StoredIdState } from './attribute-store.js';

/**
 * An id state as IndexedDB keeps it: a window column (times, ordinals or values) that several
 * attributes hold alike is written once, in `cols`, and each window names it by its index there.
 * Windows over the same events (one attribute over 10 minutes, an hour and a day, or a sum and a mean of
 * one property) hold equal columns, so a record is about a third of its unpacked size, and as much
 * faster to read and write (docs/architecture.md#storage).
 */
export interface PackedIdRecord extends Omit<StoredIdState, 'attributes'> {
  attributes: Record<string, unknown>;
  cols?: unknown[][];
}

const COLUMNS = ['t', 'q', 'v'] as const;

/** The record to write for `state` (a new object; `state` is not changed). */
export function packIdRecord(state: StoredIdState): PackedIdRecord {
  const cols: unknown[][] = [];
  /** Columns written so far, by length, first and last entry: the ones worth comparing whole. */
  const byEnds = new Map<string, number[]>();
  const indexOf = (column: unknown[]): number => {
    const ends = `${column.length}\u0000${String(column[0])}\u0000${String(column[column.length - 1])}`;
    const seen = byEnds.get(ends) ?? [];
    for (const i of seen) if (sameEntries(cols[i]!, column)) return i;
    seen.push(cols.push(column) - 1);
    byEnds.set(ends, seen);
    return cols.length - 1;
  };
  const attributes: Record<string, unknown> = {};
  for (const [attributeId, s] of Object.entries(state.attributes)) {
    attributes[attributeId] = 'b' in s ? { t: indexOf(s.t), q: indexOf(s.q), v: indexOf(s.v), b: s.b } : s;
  }
  return { ...state, attributes, cols };
}

/**
 * The attribute states of a stored record, with every column a window names by index copied out of
 * `cols` (each window gets arrays of its own: they grow in place). Records written before columns were
 * shared have no `cols` and are returned as they are; an index that names no column is left as it is,
 * for the shape check to refuse.
 */
export function unpackAttributes(record: Record<string, unknown>): Record<string, unknown> {
  const { attributes, cols } = record;
  if (!isRecord(attributes) || !Array.isArray(cols)) return attributes as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [attributeId, state] of Object.entries(attributes)) {
    if (!isRecord(state) || !('b' in state)) {
      out[attributeId] = state;
      continue;
    }
    const window: Record<string, unknown> = { ...state };
    for (const name of COLUMNS) {
      const column: unknown = Number.isInteger(state[name]) ? cols[state[name] as number] : undefined;
      if (Array.isArray(column)) window[name] = column.slice();
    }
    out[attributeId] = window;
  }
  return out;
}

function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
