import type { Aggregator } from './aggregations/aggregator.js';
import { isLater } from './aggregations/aggregator.js';

/** The parts of a compiled attribute that its state depends on. */
export interface StateSpec {
  agg: Aggregator;
  periodMs: number | null;
  ttlMs: number | null;
}

/** A lifetime attribute: the aggregate and the derived_tstamp of its latest contribution (for the TTL). */
export interface LifetimeState { a: unknown; u: number }

/** One windowed contribution: derived_tstamp, arrival ordinal, value. */
export type WindowEntry = [t: number, q: number, v: unknown];

/** Contributions folded together when a window holds more than WINDOW_CAP entries. */
export interface WindowBucket { lo: number; hi: number; a: unknown }

/** A rolling-window attribute: its contributions, oldest first, and any compacted buckets. */
export interface WindowState { w: WindowEntry[]; b: WindowBucket[] }

export type AttributeState = LifetimeState | WindowState;

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
  const s = (state as WindowState | undefined) ?? { w: [], b: [] };
  const entries = s.w;
  let i = entries.length;
  while (i > 0 && isLater(entries[i - 1]![0], entries[i - 1]![1], t, q)) i--;
  entries.splice(i, 0, [t, q, value]);
  if (entries.length > cap) compact(spec, s, spec.periodMs, cap);
  return s;
}

function compact(spec: StateSpec, s: WindowState, period: number, cap: number): void {
  const latest = s.w[s.w.length - 1]![0];
  const horizon = latest - period;
  s.w = s.w.filter((e) => e[0] > horizon);
  s.b = s.b.filter((bucket) => bucket.hi > horizon);
  if (s.w.length > cap) {
    const old = s.w.splice(0, s.w.length >> 1);
    let a = spec.agg.init();
    for (const [t, q, v] of old) a = spec.agg.add(a, v, t, q);
    s.b.push({ lo: old[0]![0], hi: old[old.length - 1]![0], a });
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
  let a = spec.agg.init();
  let any = false;
  for (const [t, q, v] of s.w) {
    if (t > from && t <= now) {
      a = spec.agg.add(a, v, t, q);
      any = true;
    }
  }
  for (const bucket of s.b) {
    if (bucket.hi > from && bucket.lo <= now) {
      a = spec.agg.merge(a, bucket.a);
      any = true;
    }
  }
  return any ? (spec.agg.read(a, now) ?? undefined) : undefined;
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
  let out: AttributeState = { w: [...a.w], b: [...a.b, ...b.b] };
  for (const [t, q, v] of b.w) out = addContribution(spec, out, v, t, q);
  return out;
}
