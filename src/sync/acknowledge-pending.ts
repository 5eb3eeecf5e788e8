import type { CompiledAttribute, CompiledGroup } from '../engine/compile-plan.js';
import { isLater } from '../engine/aggregations/aggregator.js';
import { VALUE_CAP } from '../engine/aggregations/unique-list.js';
import type { PendingEvent, ServerValues } from '../state/state-types.js';

/** Past this long after it was tracked, an event counts as processed whatever the evidence. */
export const ACK_HORIZON_MS = 5 * 60_000;

/**
 * A sync attribute (docs/reconciliation.md#exact-mode): on the key's groups, a `unique_list` or `last` of the
 * atomic `event_id`, over every event (no criteria, no event filter), lifetime: its server value lists
 * the latest event ids the server processed for the id.
 */
export function findSyncAttribute(groups: readonly CompiledGroup[]): CompiledAttribute | null {
  for (const group of groups) {
    for (const attr of group.attributes) {
      const { def } = attr;
      if ((def.aggregation === 'unique_list' || def.aggregation === 'last') && def.property?.kind === 'atomic'
        && def.property.name === 'event_id' && def.property.datePart === null && def.events.length === 0
        && def.criteria.all.length === 0 && def.criteria.any.length === 0 && def.periodMs === null) return attr;
    }
  }
  return null;
}

/**
 * The pending events the server has not processed yet, given a new answer:
 * - exact mode, with a sync attribute: the events it lists, even when it processed them out of order;
 *   when its list is full (100 ids, the oldest dropped), also the events older than the oldest listed,
 *   and, when it lists none of them, the prefix the value evidence below covers (a returning user's
 *   list is always full of older ids: their new events are not processed just because none is listed);
 * - otherwise value evidence: the longest prefix whose contributions to every additive attribute
 *   (lifetime counters, and sums whose contributions are not negative) fit within that attribute's rise
 *   since the previous answer (from 0 with none), ending at an event the evidence covers. Another
 *   device's events in the same rise can acknowledge too much: an undercount until the server catches
 *   up, never a double count. This assumes one browser's events are processed in the order it sent them
 *   (the tracker sends them in order); out-of-order processing needs exact mode.
 * Events tracked more than ACK_HORIZON_MS ago count as processed in both modes.
 */
export function acknowledgePending(
  pending: readonly PendingEvent[], previous: ServerValues | null, next: ServerValues,
  additive: readonly CompiledAttribute[], sync: CompiledAttribute | null, localNow: number,
): PendingEvent[] {
  let acked = 0;
  while (acked < pending.length && localNow - pending[acked]!.s > ACK_HORIZON_MS) acked++;

  if (sync !== null && sync.id in next.values) {
    const listed = next.values[sync.id];
    const ids = Array.isArray(listed) ? listed : listed === null || listed === undefined ? [] : [listed];
    const processed = new Set(ids);
    let rolledOff = 0;
    let start: PendingEvent | undefined;
    if (ids.length >= VALUE_CAP) {
      // When the oldest listed id is one of these events, it dates where the list starts.
      start = pending.find((p) => p.e === ids[0]);
      // A full list naming a pending event: the ones tracked before it have rolled off (processed),
      // unless they are later than the list's start (then they are simply not processed yet). Naming
      // none, the list cannot tell newer-than-all from rolled-off: the values' rise decides.
      const oldest = pending.findIndex((p) => processed.has(p.e));
      rolledOff = oldest >= 0 ? oldest : evidencedPrefix(pending, acked, previous, next, additive);
    }
    return pending.filter((p, i) => i >= acked && !processed.has(p.e)
      && (i >= rolledOff || (start !== undefined && isLater(p.t, p.q, start.t, start.q))));
  }
  return pending.slice(evidencedPrefix(pending, acked, previous, next, additive));
}

function evidencedPrefix(
  pending: readonly PendingEvent[], acked: number, previous: ServerValues | null, next: ServerValues,
  additive: readonly CompiledAttribute[],
): number {
  const rise = new Map<string, number>();
  for (const attr of additive) {
    const now = next.values[attr.id];
    if (typeof now !== 'number') continue;
    const before = previous?.values[attr.id];
    rise.set(attr.id, now - (typeof before === 'number' ? before : 0));
  }
  const used = new Map<string, number>();
  let evidenced = acked;
  for (let i = acked; i < pending.length; i++) {
    let covered = false;
    for (const [attrId, room] of rise) {
      if (!(attrId in pending[i]!.c)) continue;
      const add = contributionOf(additive, attrId, pending[i]!.c[attrId]);
      if (add < 0) continue;
      const total = (used.get(attrId) ?? 0) + add;
      if (total > room + 1e-9 * Math.max(1, Math.abs(room))) return evidenced;
      used.set(attrId, total);
      covered = true;
    }
    if (covered) evidenced = i + 1;
  }
  return evidenced;
}

function contributionOf(additive: readonly CompiledAttribute[], attrId: string, value: unknown): number {
  const attr = additive.find((a) => a.id === attrId);
  return attr?.def.aggregation === 'counter' ? 1 : typeof value === 'number' ? value : 0;
}

/** The attributes whose server value only grows by the events' contributions: lifetime, no TTL, counters and sums. */
export function additiveAttributes(groups: readonly CompiledGroup[]): CompiledAttribute[] {
  return groups.flatMap((g) => g.attributes.filter((a) => a.periodMs === null && a.ttlMs === null
    && (a.def.aggregation === 'counter' || a.def.aggregation === 'sum')));
}
