/**
 * One aggregation as a mergeable state (docs/reconciliation.md#mergeable-states). States are plain JSON data, so they can be
 * stored in IndexedDB, merged across tabs and with server values. `add` may update the state in place
 * and returns it; `merge` combines the states of two disjoint sets of events into a new state.
 *
 * `t` is the event's derived_tstamp (epoch ms) and `q` its arrival ordinal: `(t, q)` orders events,
 * so ties keep arrival order (docs/semantics.md#ties-and-ordering).
 */
export interface Aggregator<S = unknown> {
  /** Whether a property value can contribute (e.g. only JSON numbers for sums). */
  accepts(value: unknown): boolean;
  init(): S;
  add(state: S, value: unknown, t: number, q: number): S;
  merge(a: S, b: S): S;
  /**
   * `merge` that may update `owned` in place and return it: for a state only the caller holds (the
   * accumulator a window read folds into). Without it, `merge` is used.
   */
  mergeInto?(owned: S, b: S): S;
  /**
   * Adds the window entries `from` to `to - 1` of columns ordered by (t, q), as `add` would one by
   * one in that order (a read folds a window with it where the aggregation has a shortcut).
   */
  addRun?(state: S, v: readonly unknown[], t: readonly number[], q: readonly number[], from: number, to: number): S;
  /** The aggregate at `now` (epoch ms), or null when there is no result. */
  read(state: S, now: number): unknown;
  /**
   * The state that reads as `value`, a value Signals computed, placed before every local event, so that
   * `merge(fromValue(S), pending)` reads as the reconciled value (docs/reconciliation.md#the-value-shown). Null when a server value
   * cannot be merged with events (most/least frequent, approx_count_distinct: reconcile takes it as is).
   */
  fromValue(value: unknown, context: ServerValueContext): S | null;
}

export interface ServerValueContext {
  /** When the server computed the value (server clock, epoch ms). */
  fetchedAt: number;
  /** How many events the value stands for, where known (mean). */
  weight: number;
}

/** Orders server values before every local event. */
export const BEFORE_ALL = -Infinity;

/** `(t1, q1)` is later than `(t2, q2)`. */
export function isLater(t1: number, q1: number, t2: number, q2: number): boolean {
  return t1 > t2 || (t1 === t2 && q1 > q2);
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Value equality for distinct-value aggregations: `1` and `"1"` differ, equal arrays and objects agree. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}
