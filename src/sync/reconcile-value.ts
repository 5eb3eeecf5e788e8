import type { CompiledAttribute } from '../engine/compile-plan.js';
import type { PendingEvent, ServerValues } from '../state/state-types.js';

/**
 * The value shown for one attribute (docs/reconciliation.md#the-value-shown): the server's value merged with
 * the local events it has not processed yet. Each aggregation turns the server value into a state
 * ordered before every local event (`fromValue`) and merges the pending events into it, so one
 * implementation per aggregation serves the engine and reconciliation alike. Windowed attributes add
 * the pending events inside the window at `now` to the server's value as of its fetch.
 * most/least_frequent take the server's value (the local one while the server has none);
 * approx_count_distinct the larger of the server's and the local count.
 */
export function reconcileValue(
  attr: CompiledAttribute, server: ServerValues, pending: readonly PendingEvent[], local: unknown, now: number,
): unknown {
  const S = server.values[attr.id];
  const from = attr.periodMs === null ? -Infinity : now - attr.periodMs;
  let p = attr.agg.init();
  let count = 0;
  for (const event of pending) {
    if (!(attr.id in event.c) || event.t <= from || (attr.periodMs !== null && event.t > now)) continue;
    p = attr.agg.add(p, event.c[attr.id], event.t, event.q);
    count++;
  }
  if (S === null || S === undefined) {
    // Nothing on the server (or expired): pending alone; with nothing pending, the local default.
    if (count === 0) return attr.def.defaultValue;
    return finish(attr, attr.agg.read(p, now));
  }
  const lifted = attr.agg.fromValue(S, { fetchedAt: server.fetchedAt, weight: serverWeight(attr, server) });
  if (lifted === null) {
    if (attr.def.aggregation === 'approx_count_distinct') {
      return typeof local === 'number' && typeof S === 'number' ? Math.max(S, local) : S;
    }
    return S;
  }
  return finish(attr, attr.agg.read(count === 0 ? lifted : attr.agg.merge(lifted, p), now));
}

/** How many events a server mean stands for: the matching counter of the same group, when the service has one. */
function serverWeight(attr: CompiledAttribute, server: ServerValues): number {
  if (attr.def.aggregation !== 'mean') return 1;
  const twin = attr.group.attributes.find((a) => a.def.aggregation === 'counter' && a.periodMs === attr.periodMs
    && JSON.stringify(a.def.events) === JSON.stringify(attr.def.events)
    && JSON.stringify(a.def.criteria) === JSON.stringify(attr.def.criteria));
  const n = twin === undefined ? undefined : server.values[twin.id];
  return typeof n === 'number' && n > 0 ? n : 1;
}

function finish(attr: CompiledAttribute, raw: unknown): unknown {
  return raw === null || raw === undefined ? attr.def.defaultValue : attr.finish(raw);
}
