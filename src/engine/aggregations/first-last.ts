import { BEFORE_ALL, isLater, isPresent, type Aggregator } from './aggregator.js';

/**
 * The entry of a run ordered by (t, q) that adding them all one by one would keep: the last of those
 * tied with the first (`wantLater` false: a tie replaces), or the first of those tied with the last.
 */
function runWinner(t: readonly number[], q: readonly number[], from: number, to: number, wantLater: boolean): number {
  if (wantLater) {
    let i = to - 1;
    while (i > from && t[i - 1] === t[to - 1] && q[i - 1] === q[to - 1]) i--;
    return i;
  }
  let i = from;
  while (i + 1 < to && t[i + 1] === t[from] && q[i + 1] === q[from]) i++;
  return i;
}

/** The value with the (t, q) that decided it. */
export interface Stamped { v: unknown; t: number; q: number }
type State = Stamped | null;

function pick(wantLater: boolean): Aggregator<State> {
  const better = (t: number, q: number, s: Stamped) => isLater(t, q, s.t, s.q) === wantLater;
  return {
    accepts: isPresent,
    init: () => null,
    add: (state, v, t, q) => (state === null || better(t, q, state) ? { v, t, q } : state),
    addRun(state, v, t, q, from, to) {
      const i = runWinner(t, q, from, to, wantLater);
      return state === null || better(t[i]!, q[i]!, state) ? { v: v[i], t: t[i]!, q: q[i]! } : state;
    },
    merge: (a, b) => (a === null ? b : b === null ? a : better(b.t, b.q, a) ? b : a),
    read: (state) => (state === null ? null : state.v),
    // The server's first is older than any pending event; its last is older too, so pending wins.
    fromValue: (v) => (isPresent(v) ? { v, t: BEFORE_ALL, q: BEFORE_ALL } : null),
  };
}

/** `first`: the earliest value by derived_tstamp; on a tie, the earlier-arriving event (docs/semantics.md#ties-and-ordering). */
export const first = pick(false);
/** `last`: the latest value by derived_tstamp; on a tie, the later-arriving event. */
export const last = pick(true);

interface TimeState { t: number; q: number }

function timeSince(wantLater: boolean, unitMs: number): Aggregator<TimeState | null> {
  const better = (t: number, q: number, s: TimeState) => isLater(t, q, s.t, s.q) === wantLater;
  return {
    accepts: () => true,
    init: () => null,
    add: (state, _v, t, q) => (state === null || better(t, q, state) ? { t, q } : state),
    addRun(state, _v, t, q, from, to) {
      const i = runWinner(t, q, from, to, wantLater);
      return state === null || better(t[i]!, q[i]!, state) ? { t: t[i]!, q: q[i]! } : state;
    },
    merge: (a, b) => (a === null ? b : b === null ? a : better(b.t, b.q, a) ? b : a),
    read: (state, now) => (state === null ? null : Math.max(0, now - state.t) / unitMs),
    // Back to a timestamp: the server measured S units from when it computed the value.
    fromValue: (v, { fetchedAt }) => (typeof v === 'number' && Number.isFinite(v) ? { t: fetchedAt - v * unitMs, q: BEFORE_ALL } : null),
  };
}

const UNIT_MS = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `time_since_first` / `time_since_last` in `unit`, measured at read time and clamped at 0 (docs/semantics.md#aggregations). */
export function createTimeSince(which: 'first' | 'last', unit: keyof typeof UNIT_MS): Aggregator<TimeState | null> {
  return timeSince(which === 'last', UNIT_MS[unit]);
}
