import { isNumber, type Aggregator } from './aggregator.js';

const numberOrNull = (value: unknown): number | null => (isNumber(value) ? value : null);

/** `counter`: +1 per matching event (docs/semantics.md#aggregations); the property is ignored. */
export const counter: Aggregator<number> = {
  accepts: () => true,
  init: () => 0,
  add: (n) => n + 1,
  addRun: (n, _v, _t, _q, from, to) => n + to - from,
  merge: (a, b) => a + b,
  read: (n) => (n === 0 ? null : n),
  fromValue: (value) => (isNumber(value) ? value : 0),
};

interface SumState { s: number; n: number }

/** `sum` of the JSON-number values (docs/semantics.md#aggregations). */
export const sum: Aggregator<SumState> = {
  accepts: isNumber,
  init: () => ({ s: 0, n: 0 }),
  add(state, value) {
    state.s += value as number;
    state.n += 1;
    return state;
  },
  addRun(state, v, _t, _q, from, to) {
    for (let i = from; i < to; i++) state.s += v[i] as number;
    state.n += to - from;
    return state;
  },
  merge: (a, b) => ({ s: a.s + b.s, n: a.n + b.n }),
  read: (state) => (state.n === 0 ? null : state.s),
  fromValue: (value) => (isNumber(value) ? { s: value, n: 1 } : { s: 0, n: 0 }),
};

/** `mean` of the JSON-number values; a server mean weighs as many events as it stands for. */
export const mean: Aggregator<SumState> = {
  ...sum,
  read: (state) => (state.n === 0 ? null : state.s / state.n),
  fromValue: (value, { weight }) => (isNumber(value) ? { s: value * Math.max(weight, 1), n: Math.max(weight, 1) } : { s: 0, n: 0 }),
};

function extreme(pick: (a: number, b: number) => number): Aggregator<number | null> {
  return {
    accepts: isNumber,
    init: () => null,
    add: (state, value) => (state === null ? (value as number) : pick(state, value as number)),
    addRun(state, v, _t, _q, from, to) {
      let out = state;
      for (let i = from; i < to; i++) out = out === null ? (v[i] as number) : pick(out, v[i] as number);
      return out;
    },
    merge: (a, b) => (a === null ? b : b === null ? a : pick(a, b)),
    read: (state) => state,
    fromValue: numberOrNull,
  };
}

/** `min` of the JSON-number values. */
export const min = extreme(Math.min);
/** `max` of the JSON-number values. */
export const max = extreme(Math.max);
