import { eventIds } from '../engine/collect-contributions.js';
import { stateKey } from '../engine/engine-state.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { fromTrackerPayload, type TrackedJson, type TrackerPayloadOptions } from '../event/from-tracker-payload.js';
import { processEvent } from '../pipeline/process-event.js';
import { randomUuid } from '../random-uuid.js';
import { ledgerKey } from '../rules/evaluate-crossings.js';
import type { InterventionPayload } from '../rules/intervention-payload.js';
import type { CurrentIds } from './create-current-ids.js';
import type { RecentIds } from './create-recent-ids.js';
import type { WriteBehind } from './create-write-behind.js';
import { serverNow, type RuntimeSession } from './runtime-session.js';

/** Events kept while definitions and state load. */
const QUEUE_LIMIT = 1000;

/** Where events enter the runtime: this tab's tracker, and other tabs. */
export interface EventIntake {
  /** A payload this tab's tracker sent (afterTrack), with the objects it was built from when known. */
  onPayload(payload: Record<string, unknown>, tracked?: TrackedJson): void;
  /** An event another tab tracked. */
  take(event: AtomicEvent, origin: string): void;
  /** The event view of a payload, with the columns the definitions read; null (warned once) when unreadable. */
  readEvent(payload: Record<string, unknown>, offset: number, tracked?: TrackedJson): AtomicEvent | null;
  /** Applies what was queued and goes on live. */
  run(): void;
  /** Queues events from now on (while catching up with other tabs). */
  pause(): void;
  /** The definitions were refused: nothing is kept any more. */
  fail(): void;
  /** Drops what is queued. */
  clear(): void;
  isRunning(): boolean;
  /** Events this tab's tracker tracked on this page, applied or not. */
  payloadsSeen(): number;
  /** Runs `fn`, which tracks the runtime's own (measurement) events: those are not applied. */
  tracking(fn: () => void): void;
}

export interface EventIntakeOptions {
  session: RuntimeSession;
  /** Ids of the events applied, so each is applied once. */
  applied: RecentIds;
  writes: WriteBehind;
  ids: CurrentIds;
  /** A crossing this browser found (the leader decides who delivers it). */
  found: (intervention: InterventionPayload, eventId: string, origin: string | null) => void;
  /** Sends this tab's payload to the other tabs; `at` is when it came, before it was applied. */
  share: (payload: Record<string, unknown>, offset: number, at: number) => void;
  /** The stream follows the ids of this tab's payloads. */
  follow: (payload: Record<string, unknown>) => void;
  /** The first event of a page view: the server values are refreshed soon. */
  kick: () => void;
  changed: () => void;
}

export function createEventIntake(options: EventIntakeOptions): EventIntake {
  const { session, applied, writes, ids } = options;
  const queue: { event: AtomicEvent; origin: string | null }[] = [];
  /** Definitions loaded and the state settled: events are applied as they come (else queued). */
  let running = false;
  let failed = false;
  let kicked = false;
  let payloadsSeen = 0;
  let selfTracking = 0;

  function readEvent(payload: Record<string, unknown>, offset: number, tracked?: TrackedJson): AtomicEvent | null {
    try {
      // Events that arrive before the definitions load carry every column.
      const columns = session.program?.plan.columns;
      const options: TrackerPayloadOptions = { clockOffsetMs: offset };
      if (columns !== undefined) options.columns = columns;
      if (tracked !== undefined) options.tracked = tracked;
      return fromTrackerPayload(payload, options);
    } catch (error) {
      session.warnOnce('bad event', `an event could not be read and was skipped: ${(error as Error).message}`);
      return null;
    }
  }

  function take(event: AtomicEvent, origin: string | null): void {
    if (running) apply(event, origin);
    else if (!failed) {
      if (queue.length >= QUEUE_LIMIT) {
        queue.shift();
        session.warnOnce('queue', `more than ${QUEUE_LIMIT} events arrived before the definitions loaded; the oldest are dropped`);
      }
      queue.push({ event, origin });
    }
  }

  /**
   * Applies one event of this browser: tracked here (`origin` null) or in another tab. Every tab applies
   * every event; the leader alone evaluates crossings, in the one order it applies events, and has each
   * delivered in the tab that tracked the event (at once, inside `track()`, when that is this tab).
   */
  function apply(event: AtomicEvent, origin: string | null): void {
    const id = event.atomic.event_id;
    if (typeof id === 'string' && !applied.add(id)) return;
    const eventId = typeof id === 'string' ? id : '';
    const program = session.program!;
    const reconciler = session.reconciler!;
    // Journal times on the server's clock: a device clock jump does not age pending events.
    const trackedAt = serverNow(session);
    const idOf = eventIds(program.plan, event);
    const { fired } = processEvent(program, session.state, event, {
      idOf,
      newId: randomUuid,
      readShown: reconciler.read,
      onApplied: (contributions, t, q) => reconciler.journal(eventId, contributions, t, q, trackedAt),
    });
    for (const keyName of program.plan.groupKeys) {
      const id = idOf(keyName);
      if (id === null) continue;
      ids.saw(keyName, id);
      const k = stateKey(keyName, id);
      writes.markId(k);
      // Most recently seen last: the oldest ids are the ones evicted.
      const idState = session.state.ids.get(k);
      if (idState !== undefined) {
        session.state.ids.delete(k);
        session.state.ids.set(k, idState);
      }
    }
    // Handlers first (inside track(), once the ids are current); the rest of the bookkeeping after.
    for (const f of fired) {
      writes.markLedger(ledgerKey(f.name, f.version, f.target_attribute_key.name, f.target_attribute_key.id));
      const { event_id: firedBy, fired_at: _t, ...intervention } = f;
      options.found(intervention, firedBy, origin);
    }
    if (origin === null && !kicked) {
      kicked = true;
      options.kick();
    }
    writes.schedule();
    options.changed();
  }

  return {
    onPayload(payload, tracked) {
      payloadsSeen++;
      if (session.closed || selfTracking > 0) return;
      options.follow(payload);
      // Do Not Track / opt-out: the tracker adds no url nor ids, and nothing is kept for such events.
      if (typeof payload.e !== 'string' || ((payload.p === undefined || payload.p === 'web') && !payload.url)) return;
      const event = readEvent(payload, session.clockOffset, tracked);
      if (event === null) return;
      const at = Date.now();
      take(event, null);
      options.share(payload, session.clockOffset, at);
    },
    take,
    readEvent,
    run() {
      running = true;
      for (const { event, origin } of queue.splice(0)) apply(event, origin);
    },
    pause() {
      running = false;
    },
    fail() {
      failed = true;
      queue.length = 0;
    },
    clear() {
      queue.length = 0;
    },
    isRunning: () => running,
    payloadsSeen: () => payloadsSeen,
    tracking(fn) {
      selfTracking++;
      try {
        fn();
      } finally {
        selfTracking--;
      }
    },
  };
}
