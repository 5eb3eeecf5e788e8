import type { CompiledAttribute } from '../engine/compile-plan.js';
import type { PendingEvent, ServerValues } from '../state/state-types.js';

/**
 * The server's values as they were just before this browser's event `eventId`, from an answer and the
 * journal before and after it: the answer itself while the event is still pending there; once the server
 * has processed it, the answer less what it and this browser's later processed events contributed, which
 * only lifetime counters and sums allow (`additive`). Null when one of `needed` cannot be taken back, or
 * the event was never journaled here.
 */
export function serverValuesBefore(
  eventId: string, server: ServerValues, pendingBefore: readonly PendingEvent[], pendingAfter: readonly PendingEvent[],
  additive: readonly CompiledAttribute[], needed: readonly string[],
): Record<string, unknown> | null {
  const stillPending = new Set(pendingAfter.map((p) => p.e));
  if (stillPending.has(eventId)) return server.values;
  const from = pendingBefore.findIndex((p) => p.e === eventId);
  if (from < 0) return null;
  const processed = pendingBefore.slice(from).filter((p) => !stillPending.has(p.e));
  const values = { ...server.values };
  for (const attrId of needed) {
    const touching = processed.filter((p) => attrId in p.c);
    if (touching.length === 0) continue;
    const attr = additive.find((a) => a.id === attrId);
    let value = values[attrId];
    if (attr === undefined || typeof value !== 'number') return null;
    for (const p of touching) {
      const added = p.c[attrId];
      value -= attr.def.aggregation === 'counter' ? 1 : typeof added === 'number' ? added : 0;
    }
    values[attrId] = value;
  }
  return values;
}
