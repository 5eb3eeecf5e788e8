import type { InterventionPayload } from '../rules/intervention-payload.js';

/**
 * Crossings held back for ids that are returning but have no local state (storage evicted, or a new
 * device's storage): the local "before" of their first events is empty, so a rule the server already
 * saw true looks like a new crossing. Held until the first server answer for the id, or `timeoutMs`.
 */
export interface CrossingHold {
  /** Whether crossings for this target wait now. */
  holds(keyName: string, id: string): boolean;
  add(intervention: InterventionPayload, eventId: string): void;
  /**
   * The first server answer for the target came: each held crossing is delivered, in order, unless
   * `seen(intervention, eventId)` says the server saw it before.
   */
  settle(keyName: string, id: string, seen: (intervention: InterventionPayload, eventId: string) => boolean): void;
  /** Delivers everything still held (time-out, or the runtime closing). */
  releaseAll(): void;
}

const targetOf = (keyName: string, id: string) => `${keyName}\u0000${id}`;

export function createCrossingHold(
  targets: readonly [string, string][], timeoutMs: number, deliver: (intervention: InterventionPayload) => void,
): CrossingHold {
  const waiting = new Set(targets.map(([keyName, id]) => targetOf(keyName, id)));
  let held: { intervention: InterventionPayload; eventId: string }[] = [];
  const timer = waiting.size === 0 ? null : setTimeout(() => hold.releaseAll(), timeoutMs);

  const hold: CrossingHold = {
    holds: (keyName, id) => waiting.has(targetOf(keyName, id)),
    add(intervention, eventId) {
      held.push({ intervention, eventId });
    },
    settle(keyName, id, seen) {
      const target = targetOf(keyName, id);
      if (!waiting.delete(target)) return;
      const mine = held.filter(({ intervention: i }) => targetOf(i.target_attribute_key.name, i.target_attribute_key.id) === target);
      held = held.filter((h) => !mine.includes(h));
      for (const { intervention, eventId } of mine) if (!seen(intervention, eventId)) deliver(intervention);
      if (waiting.size === 0 && timer !== null) clearTimeout(timer);
    },
    releaseAll() {
      if (timer !== null) clearTimeout(timer);
      waiting.clear();
      for (const { intervention } of held.splice(0)) deliver(intervention);
    },
  };
  return hold;
}
