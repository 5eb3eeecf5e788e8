import type { EdgeEngine } from '../../src/pipeline/create-engine.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import type { AtomicEvent } from '../../src/event/atomic-event.js';
import { createRecentIds } from '../../src/runtime/create-recent-ids.js';

/**
 * How many event ids the stage remembers to drop repeats. A tracker resends on its next page load (the
 * queue of the killed page), far fewer than 100 000 events later on a dev server, and the memory stays
 * near 9 MB (a parsed 36-character id with its Set entry and ring slot takes ~92 bytes).
 */
export const SEEN_EVENT_IDS = 100_000;

/**
 * How many of the latest events received the stage keeps, with their arrival, for the testing endpoint.
 * A parsed event stays ~2 KB on the heap (measured in the load test), so the ring holds ~40 MB when full:
 * hours of a developer's clicking, minutes of a replay script.
 */
export const RECENT_EVENTS = 20_000;

export interface ProcessingStageOptions {
  engine: EdgeEngine;
  /** Delay between an event's arrival and its processing, ms. */
  lagMs: number;
  /** Each event's delay is `lagMs` plus a uniform random offset in `[-jitterMs, +jitterMs]` (never below 0). */
  jitterMs: number;
  now: () => number;
  /** Uniform in [0, 1); default Math.random. */
  random?: () => number;
  /** Called with the crossings of each processed event that made any. */
  onFired: (fired: FiredIntervention[]) => void;
  /** Called after each event is processed. */
  onProcessed?: (event: AtomicEvent, fired: FiredIntervention[]) => void;
  /** Called when the engine throws on an event (the event is dropped, processing goes on). */
  onError?: (error: unknown, event: AtomicEvent) => void;
  /** How many of the latest event ids are remembered to drop repeats; default {@link SEEN_EVENT_IDS}. */
  seenEventIds?: number;
  /** How many of the latest events received are kept for {@link ProcessingStage.recentEvents}; default {@link RECENT_EVENTS}. */
  recentEvents?: number;
}

/** An event as it arrived at the collector. */
export interface ReceivedEvent {
  event: AtomicEvent;
  /** Arrival time, epoch ms. */
  arrival: number;
}

/** The stage between the collector and the attributes: a queue ordered by each event's due time. */
export interface ProcessingStage {
  /**
   * Queues events that arrived at `arrival` (epoch ms); those already due are processed before this returns.
   * An event whose `event_id` is among the latest ones seen (queued or processed) is dropped.
   */
  enqueue(events: readonly AtomicEvent[], arrival: number): void;
  /** Events processed so far. */
  processed(): number;
  /** Events dropped because their `event_id` had been seen already. */
  duplicates(): number;
  /** Events queued and not processed yet. */
  pending(): number;
  /** Events processed from now on (queued ones included) go through `engine`. */
  setEngine(engine: EdgeEngine): void;
  /** The latest events received (repeats dropped) that arrived at or after `since` (epoch ms), in arrival order. */
  recentEvents(since: number): ReceivedEvent[];
  /** Stops the timer; queued events are dropped. */
  close(): void;
}

interface Queued {
  due: number;
  seq: number;
  event: AtomicEvent;
}

/**
 * Creates the processing stage: every event is processed by the engine at its own due time
 * (arrival + lag ± jitter), in due order (ties in arrival order), so jitter can reorder events as
 * a real pipeline does. One timer is armed for the earliest due event. The collector delivers at least
 * once (a tracker resends what it could not confirm), so each event id is applied once: the check is made
 * on arrival, so a repeat is dropped even while the first copy is still queued. Events without an id pass.
 * The latest events received are kept with their arrival (a ring of `recentEvents`) for the testing endpoint;
 * `setEngine` swaps the engine when published definitions change.
 * @throws RangeError when `seenEventIds` or `recentEvents` is not a positive integer.
 */
export function createProcessingStage(options: ProcessingStageOptions): ProcessingStage {
  const { lagMs, jitterMs, now } = options;
  let engine = options.engine;
  const random = options.random ?? Math.random;
  const seenLimit = options.seenEventIds ?? SEEN_EVENT_IDS;
  if (!Number.isInteger(seenLimit) || seenLimit < 1) throw new RangeError(`seenEventIds: ${seenLimit} is not a positive integer`);
  const seen = createRecentIds(seenLimit);
  const recentLimit = options.recentEvents ?? RECENT_EVENTS;
  if (!Number.isInteger(recentLimit) || recentLimit < 1) throw new RangeError(`recentEvents: ${recentLimit} is not a positive integer`);
  const recent: ReceivedEvent[] = [];
  let recentNext = 0;
  const remember = (item: ReceivedEvent) => {
    if (recent.length < recentLimit) recent.push(item);
    else {
      recent[recentNext] = item;
      recentNext = (recentNext + 1) % recentLimit;
    }
  };
  const queue: Queued[] = [];
  let seq = 0;
  let processedCount = 0;
  let duplicateCount = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const insert = (item: Queued) => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = queue[mid]!;
      if (other.due < item.due || (other.due === item.due && other.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, item);
  };

  const processOne = (event: AtomicEvent) => {
    let fired: FiredIntervention[];
    try {
      fired = engine.process(event).fired;
    } catch (error) {
      options.onError?.(error, event);
      return;
    }
    processedCount++;
    if (fired.length > 0) options.onFired(fired);
    options.onProcessed?.(event, fired);
  };

  const drain = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (closed) return;
    const t = now();
    while (queue.length > 0 && queue[0]!.due <= t) processOne(queue.shift()!.event);
    const next = queue[0];
    if (next !== undefined) timer = setTimeout(drain, Math.max(1, next.due - t));
  };

  return {
    enqueue(events, arrival) {
      if (closed) return;
      for (const event of events) {
        const id = event.atomic['event_id'];
        if (typeof id === 'string' && id !== '' && !seen.add(id)) {
          duplicateCount++;
          continue;
        }
        remember({ event, arrival });
        const offset = jitterMs > 0 ? (random() * 2 - 1) * jitterMs : 0;
        insert({ due: arrival + Math.max(0, Math.round(lagMs + offset)), seq: seq++, event });
      }
      drain();
    },
    processed: () => processedCount,
    duplicates: () => duplicateCount,
    pending: () => queue.length,
    setEngine(next) {
      engine = next;
    },
    recentEvents(since) {
      const ordered = [...recent.slice(recentNext), ...recent.slice(0, recentNext)];
      return ordered.filter((item) => item.arrival >= since);
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      queue.length = 0;
    },
  };
}
