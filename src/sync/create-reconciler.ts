import type { CompiledAttribute, Plan } from '../engine/compile-plan.js';
import type { Contribution } from '../engine/collect-contributions.js';
import { stateKey } from '../engine/engine-state.js';
import { readLocal } from '../engine/read-local.js';
import type { EngineState, IdState, PendingEvent, ServerValues, SyncState } from '../state/state-types.js';
import { acknowledgePending, additiveAttributes, findSyncAttribute } from './acknowledge-pending.js';
import { reconcileValue } from './reconcile-value.js';

/** Pending events kept per id at most; past it the oldest are taken as processed (and counted). */
export const JOURNAL_LIMIT = 1000;

export interface Reconciler {
  /** Sync state by `stateKey(key, id)`. */
  readonly sync: Map<string, SyncState>;
  /** Journal entries dropped because a journal was full. */
  dropped(): number;
  /**
   * Journals what event `eventId` (tracked at `localNow`) contributed, until the server has it: the
   * pipeline's `onApplied`. Does nothing when no server is configured.
   */
  journal(eventId: string, contributions: readonly Contribution[], t: number, q: number, localNow: number): void;
  /** Takes a server answer for one id: acknowledges what it has processed. Never fires anything. */
  receive(keyName: string, id: string, server: ServerValues, localNow: number): void;
  /**
   * The server's clock is now known (`offset` = server − device): events journaled before it get their
   * tracking time moved onto it.
   */
  learnClock(offset: number): void;
  /** The value shown: the local state alone until the server has answered for this id. */
  read(attr: CompiledAttribute, idState: IdState, now: number): unknown;
}

/**
 * Keeps local values, the server's answers and the pending journal together (docs/reconciliation.md). With
 * `journal` off (no server configured) nothing is journaled and values are the local ones.
 */
export function createReconciler(plan: Plan, state: EngineState, sync = new Map<string, SyncState>(), journal = true): Reconciler {
  const syncByKey = new Map<string, CompiledAttribute | null>();
  const additiveByKey = new Map<string, CompiledAttribute[]>();
  for (const keyName of plan.groupKeys) {
    const groups = plan.groups.filter((g) => g.key.name === keyName);
    syncByKey.set(keyName, findSyncAttribute(groups));
    additiveByKey.set(keyName, additiveAttributes(groups));
  }
  let dropped = 0;
  let clockKnown = false;

  const syncOf = (k: string): SyncState => {
    let s = sync.get(k);
    if (s === undefined) sync.set(k, (s = { server: null, pending: [] }));
    return s;
  };

  const read = (attr: CompiledAttribute, idState: IdState, now: number): unknown => {
    const s = sync.get(stateKey(idState.key, idState.id));
    const local = readLocal(attr, idState, now);
    // Until the server answers for this id, or for an attribute it does not serve (a group outside the
    // service), the local value is the one shown.
    if (s === undefined || s.server === null || !(attr.id in s.server.values)) return local;
    return reconcileValue(attr, s.server, s.pending, local, now);
  };

  return {
    sync,
    dropped: () => dropped,
    read,
    learnClock(offset) {
      if (clockKnown) return;
      clockKnown = true;
      for (const { pending } of sync.values()) {
        for (const entry of pending) {
          if (entry.u === undefined) continue;
          entry.s += offset;
          delete entry.u;
        }
      }
    },
    journal(eventId, contributions, t, q, localNow) {
      if (!journal) return;
      const byId = new Map<string, PendingEvent>();
      for (const { attr, id, value } of contributions) {
        const k = stateKey(attr.group.key.name, id);
        let entry = byId.get(k);
        if (entry === undefined) byId.set(k, (entry = clockKnown ? { e: eventId, t, q, s: localNow, c: {} } : { e: eventId, t, q, s: localNow, u: true, c: {} }));
        entry.c[attr.id] = value;
      }
      for (const [k, entry] of byId) {
        const { pending } = syncOf(k);
        pending.push(entry);
        if (pending.length > JOURNAL_LIMIT) {
          pending.shift();
          dropped++;
        }
      }
    },
    receive(keyName, id, server, localNow) {
      const k = stateKey(keyName, id);
      // The server knows this id: it is seen here too (after a storage loss, its values come back).
      if (!state.ids.has(k)) state.ids.set(k, { key: keyName, id, attributes: {} });
      const s = syncOf(k);
      s.pending = acknowledgePending(s.pending, s.server, server, additiveByKey.get(keyName) ?? [], syncByKey.get(keyName) ?? null, localNow);
      s.server = server;
    },
  };
}
