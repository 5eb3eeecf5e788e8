import type { Aggregator } from './aggregations/aggregator.js';
import { isLater } from './aggregations/aggregator.js';
import type { AttributeState, LifetimeState, WindowBucket, WindowState } from '../state/state-types.js';

/** The parts of a compiled attribute that its state depends on. */
export interface StateSpec {
  agg: Aggregator;
  periodMs: number | null;
  ttlMs: number | null;
}


/**
 * Window entries kept exactly per attribute and id. Past this, entries that can no longer count at or
 * after the latest event are dropped, then the oldest half is folded into a bucket that counts while its
 * newest event is inside the window (the documented approximation).
 */
export const WINDOW_CAP = 1000;
const MAX_BUCKETS = 32;

/** Adds one contribution and returns the (possibly new) state. */
export function addContribution(
  spec: StateSpec, state: AttributeState | undefined, value: unknown, t: number, q: number, cap = WINDOW_CAP,
): AttributeState {
  if (spec.periodMs === null) {
    let s = state as LifetimeState | undefined;
    if (s === undefined || (spec.ttlMs !== null && t - s.u >= spec.ttlMs)) s = { a: spec.agg.init(), u: t };
    s.a = spec.agg.add(s.a, value, t, q);
    if (t > s.u) s.u = t;
    return s;
  }
  const s = (state as WindowState | undefined) ?? { t: [], q: [], v: [], b: [] };
  let i = s.t.length;
  while (i > 0 && isLater(s.t[i - 1]!, s.q[i - 1]!, t, q)) i--;
  if (i === s.t.length) {
    s.t.push(t);
    s.q.push(q);
    s.v.push(value);
  } else {
    s.t.splice(i, 0, t);
    s.q.splice(i, 0, q);
    s.v.splice(i, 0, value);
  }
  if (s.t.length > cap) compact(spec, s, spec.periodMs, cap);
  return s;
}

function dropFirst(s: WindowState, n: number): void {
  s.t.splice(0, n);
  s.q.splice(0, n);
  s.v.splice(0, n);
}

function compact(spec: StateSpec, s: WindowState, period: number, cap: number): void {
  const horizon = s.t[s.t.length - 1]! - period;
  let expired = 0;
  while (expired < s.t.length && s.t[expired]! <= horizon) expired++;
  dropFirst(s, expired);
  s.b = s.b.filter((bucket) => bucket.hi > horizon);
  if (s.t.length > cap) {
    const n = s.t.length >> 1;
    let a = spec.agg.init();
    for (let i = 0; i < n; i++) a = spec.agg.add(a, s.v[i], s.t[i]!, s.q[i]!);
    s.b.push({ lo: s.t[0]!, hi: s.t[n - 1]!, a });
    dropFirst(s, n);
  }
  while (s.b.length > MAX_BUCKETS) {
    const [x, y] = s.b.splice(0, 2) as [WindowBucket, WindowBucket];
    s.b.unshift({ lo: x.lo, hi: Math.max(x.hi, y.hi), a: spec.agg.merge(x.a, y.a) });
  }
}

/**
 * The aggregate at `now`: `undefined` when nothing contributes (the attribute's default applies),
 * `null` when a lifetime value has expired (its TTL passed since the latest contribution).
 */
export function readState(spec: StateSpec, state: AttributeState | undefined, now: number): unknown {
  if (state === undefined) return undefined;
  if (spec.periodMs === null) {
    const s = state as LifetimeState;
    if (spec.ttlMs !== null && now - s.u >= spec.ttlMs) return null;
    return spec.agg.read(s.a, now) ?? undefined;
  }
  const s = state as WindowState;
  const from = now - spec.periodMs;
  const { agg } = spec;
  // The accumulator is this read's own: merged into in place where the aggregation can.
  const merge = agg.mergeInto ?? agg.merge;
  let a = agg.init();
  // Entries are ordered by (t, q): those in (from, now] are one run.
  const first = firstLater(s.t, from);
  const end = firstLater(s.t, now);
  let any = first < end;
  if (agg.addRun !== undefined) {
    if (any) a = agg.addRun(a, s.v, s.t, s.q, first, end);
  } else for (let i = first; i < end; i++) a = agg.add(a, s.v[i], s.t[i]!, s.q[i]!);
  for (const bucket of s.b) {
    if (bucket.hi > from && bucket.lo <= now) {
      a = merge(a, bucket.a);
      any = true;
    }
  }
  return any ? (agg.read(a, now) ?? undefined) : undefined;
}

/** The index of the first time after `t` in ascending `times` (their length when there is none). */
function firstLater(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Combines the states of two disjoint sets of events (other tabs, server values). */
export function mergeStates(spec: StateSpec, x: AttributeState | undefined, y: AttributeState | undefined): AttributeState | undefined {
  if (x === undefined) return y;
  if (y === undefined) return x;
  if (spec.periodMs === null) {
    const a = x as LifetimeState;
    const b = y as LifetimeState;
    return { a: spec.agg.merge(a.a, b.a), u: Math.max(a.u, b.u) };
  }
  const a = x as WindowState;
  const b = y as WindowState;
  let out: AttributeState = { t: [...a.t], q: [...a.q], v: [...a.v], b: [...a.b, ...b.b] };
  for (let i = 0; i < b.t.length; i++) out = addContribution(spec, out, b.v[i], b.t[i]!, b.q[i]!);
  return out;
}
