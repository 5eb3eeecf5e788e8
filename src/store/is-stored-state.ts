import type { Aggregation } from '../definitions/types.js';
import { isRecord } from '../is-record.js';

/**
 * What an attribute state read back from storage may look like (a record left by an older or newer
 * version, or damaged, can hold anything): the states of src/engine/attribute-state.ts, whose aggregates
 * are those of src/engine/aggregations. Extra fields are allowed (a newer version may add some); a field
 * of the wrong type is not (a number stored as a string would be concatenated, not added).
 */

/** A time or an arrival ordinal. */
const isStamp = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPresent = (v: unknown): boolean => v !== undefined && v !== null;
const isAny = (): boolean => true;

/** `{s, n}` of sum and mean. */
const isSum = (a: unknown): boolean => isRecord(a) && isFiniteNumber(a.s) && isCount(a.n);
const isNumberOrNull = (a: unknown): boolean => a === null || isFiniteNumber(a);
/** `{v, t, q}` of first and last. */
const isStamped = (a: unknown): boolean => a === null || (isRecord(a) && 'v' in a && isStamp(a.t) && isStamp(a.q));
/** `{t, q}` of time_since_first / _last. */
const isMoment = (a: unknown): boolean => a === null || (isRecord(a) && isStamp(a.t) && isStamp(a.q));
/** `[v, t, q][]` of unique_list. */
const isList = (a: unknown): boolean => Array.isArray(a)
  && a.every((e) => Array.isArray(e) && e.length === 3 && isStamp(e[1]) && isStamp(e[2]));
/** `[v, n, t, q][]` of most_frequent, least_frequent and category_count. */
const isCounts = (a: unknown): boolean => Array.isArray(a)
  && a.every((e) => Array.isArray(e) && e.length === 4 && isCount(e[1]) && isStamp(e[2]) && isStamp(e[3]));
/** `{x}` (exact hashes) or `{r}` (HyperLogLog registers) of approx_count_distinct. */
const isSketch = (a: unknown): boolean => isRecord(a)
  && ((Array.isArray(a.x) && a.x.every(isFiniteNumber)) || (Array.isArray(a.r) && a.r.every(isFiniteNumber)));

interface Shape {
  /** The aggregate (a lifetime state's `a`, a window bucket's `a`). */
  aggregate: (a: unknown) => boolean;
  /** A contribution kept raw in a window (what the aggregation accepts). */
  contribution: (v: unknown) => boolean;
}

const SHAPES: Record<Aggregation, Shape> = {
  counter: { aggregate: isCount, contribution: isAny },
  sum: { aggregate: isSum, contribution: isFiniteNumber },
  mean: { aggregate: isSum, contribution: isFiniteNumber },
  min: { aggregate: isNumberOrNull, contribution: isFiniteNumber },
  max: { aggregate: isNumberOrNull, contribution: isFiniteNumber },
  first: { aggregate: isStamped, contribution: isPresent },
  last: { aggregate: isStamped, contribution: isPresent },
  time_since_first: { aggregate: isMoment, contribution: isAny },
  time_since_last: { aggregate: isMoment, contribution: isAny },
  unique_list: { aggregate: isList, contribution: isPresent },
  most_frequent: { aggregate: isCounts, contribution: isPresent },
  least_frequent: { aggregate: isCounts, contribution: isPresent },
  category_count: { aggregate: isCounts, contribution: isPresent },
  approx_count_distinct: { aggregate: isSketch, contribution: isPresent },
};
const ALL_SHAPES = Object.values(SHAPES);

function isLifetimeState(state: Record<string, unknown>, shape: Shape): boolean {
  return isFiniteNumber(state.u) && 'a' in state && shape.aggregate(state.a);
}

/** A window state's parts that do not depend on the aggregation: times, ordinals, bucket bounds. */
function isWindowFrame(state: Record<string, unknown>): boolean {
  const { t, q, v, b } = state;
  return Array.isArray(t) && Array.isArray(q) && Array.isArray(v) && Array.isArray(b)
    && t.length === q.length && t.length === v.length && isAscending(t) && q.every(isFiniteNumber)
    && b.every((x: unknown) => isRecord(x) && isFiniteNumber(x.lo) && isFiniteNumber(x.hi) && 'a' in x);
}

/** Finite times in ascending order, as a window keeps them (a read takes the entries in range as one run). */
function isAscending(t: unknown[]): boolean {
  for (let i = 0; i < t.length; i++) if (!isFiniteNumber(t[i]) || (i > 0 && (t[i] as number) < (t[i - 1] as number))) return false;
  return true;
}

/** A window state's contributions and bucket aggregates, checked against one aggregation (the frame checked already). */
function fitsWindowShape(state: Record<string, unknown>, shape: Shape): boolean {
  return (state.v as unknown[]).every(shape.contribution) && (state.b as { a: unknown }[]).every((x) => shape.aggregate(x.a));
}

function isWindowState(state: Record<string, unknown>, shape: Shape): boolean {
  return isWindowFrame(state) && fitsWindowShape(state, shape);
}

/**
 * Whether stored data is the state of some attribute: a lifetime state `{a, u}` or a window state
 * `{t, q, v, b}`, whose aggregate is one of some aggregation. For loading, before the definitions are
 * known (a window's frame is checked once, then its values against each aggregation until one fits).
 */
export function isStoredState(state: unknown): boolean {
  if (!isRecord(state)) return false;
  if ('u' in state) return ALL_SHAPES.some((shape) => isLifetimeState(state, shape));
  return isWindowFrame(state) && ALL_SHAPES.some((shape) => fitsWindowShape(state, shape));
}

/**
 * Whether stored data is a state of an attribute with this aggregation, windowed (a `period`) or not:
 * a state another version of the definitions left for an attribute of the same name but another
 * aggregation or period does not fit, and must start over rather than be fed to the wrong aggregator.
 */
export function fitsAttribute(aggregation: Aggregation, windowed: boolean, state: unknown): boolean {
  if (!isRecord(state)) return false;
  const shape = SHAPES[aggregation];
  return windowed ? !('u' in state) && isWindowState(state, shape) : isLifetimeState(state, shape);
}
