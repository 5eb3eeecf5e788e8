import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { stateKey } from '../engine/engine-state.js';
import { findIntervention } from '../pipeline/compile-program.js';
import type { InterventionPayload } from '../rules/intervention-payload.js';
import type { PendingEvent } from '../state/state-types.js';
import { additiveAttributes } from '../sync/acknowledge-pending.js';
import { fetchOnlineAttributes, type SignalsConfig } from '../sync/fetch-online-attributes.js';
import { nextClockOffset } from '../sync/next-clock-offset.js';
import { resolveColumns } from '../sync/resolve-columns.js';
import { serverValuesBefore } from '../sync/server-values-before.js';
import { startRefreshTimer, type RefreshTimer } from '../sync/start-refresh-timer.js';
import { createCrossingHold, type CrossingHold } from './create-crossing-hold.js';
import type { CurrentIds } from './create-current-ids.js';
import type { ValueReader } from './create-value-reader.js';
import type { WriteBehind } from './create-write-behind.js';
import type { RuntimeSession } from './runtime-session.js';

/** The values Signals computed, fetched on a timer and reconciled with the local ones. */
export interface ServerRefresh {
  /** Starts the timer (asking at once when crossings are held). */
  start(): void;
  /** Refreshes soon: the first event of a page view. */
  kick(): void;
  /** Holds a crossing of a returning visitor until the server's first answer; false when its target is not held. */
  hold(intervention: InterventionPayload, eventId: string): boolean;
  /** Stops the timer and delivers whatever is held. */
  stop(): void;
}

export interface ServerRefreshOptions {
  session: RuntimeSession;
  signals: SignalsConfig;
  tracker: BrowserTracker;
  ids: CurrentIds;
  reader: ValueReader;
  writes: WriteBehind;
  /** Delivers a crossing that was held. */
  deliver: (intervention: InterventionPayload) => void;
  /** The values changed. */
  changed: () => void;
  /** Events this tracker tracked on this page so far. */
  payloadsSeen: number;
}

/** Made once the definitions are loaded and before the queued events are applied (they may be held). */
export function createServerRefresh(options: ServerRefreshOptions): ServerRefresh {
  const { session, signals, ids, writes } = options;
  const program = session.program!;
  const held = holdReturning(options);
  /** The keys of the service's groups (every group's without such a service): one request per key. */
  const service = program.plan.definitions.services.find((s) => s.name === signals.service);
  const keys = new Set(program.plan.definitions.groups
    .filter((g) => service === undefined || service.groups.some((r) => r.name === g.name && r.version === g.version))
    .map((g) => g.key.name));
  let timer: RefreshTimer | null = null;

  /**
   * Whether the server saw a held crossing before: its rule already held on the server's values just before
   * the event that made it here. When those cannot be told (the server processed the event and the rule
   * reads more than counters and sums), the crossing is delivered.
   */
  function seenByServer(intervention: InterventionPayload, eventId: string, pendingBefore: readonly PendingEvent[]): boolean {
    const { name, version, target_attribute_key: target } = intervention;
    const s = session.sync.get(stateKey(target.name, target.id));
    const compiled = findIntervention(program, name, version);
    if (s?.server == null || compiled === undefined) return false;
    const before = serverValuesBefore(eventId, s.server, pendingBefore, s.pending, additiveAttributes(program.plan.groups), compiled.refs.map((r) => r.id));
    return before !== null && compiled.test((attrId) => (attrId in before ? before[attrId] : options.reader.shownNow(attrId)), null);
  }

  /**
   * One refresh: the service's values for the current id of each of its keys. Server values move the
   * baseline silently: a refresh never fires a crossing (docs/reconciliation.md#what-a-refresh-never-does). A failure keeps the local
   * values and rejects (the timer backs off).
   */
  async function refresh(): Promise<void> {
    for (const keyName of keys) {
      const id = ids.of(keyName);
      if (id === null) continue;
      const sentAt = Date.now();
      const answer = await fetchOnlineAttributes(signals, keyName, [id]);
      const receivedAt = Date.now();
      if (answer.serverDate !== null) {
        session.clockOffset = nextClockOffset(session.clockOffset, answer.serverDate, sentAt, receivedAt);
        session.reconciler?.learnClock(session.clockOffset);
      }
      const row = answer.values.get(keyName)?.get(id);
      const reconciler = session.reconciler;
      if (row === undefined || session.closed || reconciler === null) continue;
      const k = stateKey(keyName, id);
      const pendingBefore = session.sync.get(k)?.pending.slice() ?? [];
      const now = receivedAt + session.clockOffset;
      reconciler.receive(keyName, id, { values: resolveColumns(program.plan, keyName, row), fetchedAt: now }, now);
      writes.markId(k);
      held?.settle(keyName, id, (intervention, eventId) => seenByServer(intervention, eventId, pendingBefore));
    }
    writes.schedule();
    options.changed();
  }

  return {
    start() {
      if (session.closed) return;
      timer = startRefreshTimer({ intervalMs: signals.refreshIntervalMs ?? 30_000, refresh });
      // Held crossings wait for the first answer: ask now, not at the first event.
      if (held !== null) timer.kick();
    },
    kick: () => timer?.kick(),
    hold(intervention, eventId) {
      const { name, id } = intervention.target_attribute_key;
      if (held === null || !held.holds(name, id)) return false;
      held.add(intervention, eventId);
      return true;
    },
    stop() {
      timer?.stop();
      held?.releaseAll();
    },
  };
}

/**
 * A visitor the tracker knows from before (its id cookie is older than this page) whose ids have no
 * local state: their crossings wait for the first server answer (see CrossingHold).
 */
function holdReturning({ session, signals, tracker, ids, deliver, payloadsSeen }: ServerRefreshOptions): CrossingHold | null {
  let info: readonly unknown[];
  try {
    info = tracker.getDomainUserInfo();
  } catch {
    return null;
  }
  // ParsedIdCookie: [2] the cookie's creation (seconds, rounded), [10] the events of the session so far.
  const [, , created, , , , , , , , eventIndex] = info;
  const pageStart = globalThis.performance?.timeOrigin ?? Date.now();
  const cookieFromBefore = typeof created === 'number' && created * 1000 < pageStart - 1000;
  const eventsFromBefore = typeof eventIndex === 'number' && eventIndex > payloadsSeen;
  if (!cookieFromBefore && !eventsFromBefore) return null;
  const targets: [string, string][] = [];
  for (const keyName of session.program!.plan.groupKeys) {
    const id = ids.of(keyName);
    if (id !== null && !session.state.ids.has(stateKey(keyName, id))) targets.push([keyName, id]);
  }
  return targets.length === 0 ? null : createCrossingHold(targets, signals.returningHoldMs ?? 3000, deliver);
}
