import type { PayloadBuilder } from '@snowplow/tracker-core';
import type { TrackedJson } from '../event/from-tracker-payload.js';

/**
 * The objects behind each payload, so that `afterTrack` need not decode and parse the JSON text the
 * tracker serialized a moment before (docs/architecture.md#events-from-the-tracker).
 *
 * How tracker-core 4 builds an event (checked against 4.0.4 and 4.10.1): `track()` adds the event's
 * self-describing JSON (`ue_px`) and its contexts (`cx`) with `addJson`, then calls every plugin's
 * `beforeTrack(builder)` (the browser tracker's own plugin comes first: it adds the ids and url, the
 * `client_session` entity with `addContextEntity`, and at a session's first event builds the payload early
 * to note its id), then `filter` (which builds it too), then the callback (which builds it to send it),
 * then `afterTrack(payload)` with the builder's own dictionary. The first build serializes `ue_px` and
 * merges every `cx` entry and the pending entities into the first `cx` entry's object, whose `data` is
 * then the whole list; a later build re-reads its own text to add entities that came after. The objects
 * are therefore trusted only when that is surely what was written: the payload is this builder's, the
 * builder held a `cx` entry (or wrote no contexts), no JSON entry came after our `beforeTrack`, nothing
 * had been built or written as text (`co`/`cx`/`ue_pr`/`ue_px`) before it, and no entity was added after
 * the first build. In every other case `take` gives undefined and the caller reads the payload's text.
 */
export interface TrackedJsonCapture {
  /** Called from `beforeTrack`. Never throws. */
  before(builder: PayloadBuilder): void;
  /** Called from `afterTrack` with its payload: the objects it was built from, or undefined. */
  take(payload: object): TrackedJson | undefined;
}

interface Pending {
  builder: PayloadBuilder;
  /** How many JSON entries the builder held at `beforeTrack`. */
  entries: number;
  builds: number;
  /** An entity was added after a build: the objects miss it. */
  late: boolean;
}

const TEXT_KEYS = ['co', 'cx', 'ue_pr', 'ue_px'];

export function createTrackedJsonCapture(): TrackedJsonCapture {
  // Keyed by the payload dictionary (what afterTrack receives): events tracked inside another
  // event's plugins (nested track() calls) keep their own entries; unfinished ones are collected.
  const pending = new WeakMap<object, Pending>();
  return {
    before(builder) {
      try {
        const payload = builder.getPayload();
        const entries = builder.getJson();
        if (!Array.isArray(entries) || TEXT_KEYS.some((key) => payload[key] !== undefined)) return;
        const state: Pending = { builder, entries: entries.length, builds: 0, late: false };
        const { build, addContextEntity } = builder;
        builder.build = function (this: unknown) {
          state.builds++;
          return build.call(this);
        };
        builder.addContextEntity = (entity) => {
          if (state.builds > 0) state.late = true;
          addContextEntity(entity);
        };
        pending.set(payload, state);
      } catch {
        // the payload's text is read instead
      }
    },
    take(payload) {
      const state = pending.get(payload);
      if (state === undefined) return undefined;
      pending.delete(payload);
      try {
        const entries = state.builder.getJson();
        if (state.late || state.builds === 0 || entries.length !== state.entries) return undefined;
        let unstruct: unknown;
        let contexts: readonly unknown[] | undefined;
        for (const entry of entries) {
          if (entry.keyIfEncoded === 'ue_px') unstruct = entry.json;
          else if (entry.keyIfEncoded === 'cx' && contexts === undefined) {
            const data = entry.json.data;
            if (!Array.isArray(data)) return undefined;
            contexts = data;
          } else if (entry.keyIfEncoded !== 'cx') return undefined;
        }
        const record = payload as Record<string, unknown>;
        // Entities with no `cx` entry went into a new object this builder does not hold.
        const wroteContexts = record.cx !== undefined || record.co !== undefined;
        if (wroteContexts !== (contexts !== undefined)) return undefined;
        if ((record.ue_px !== undefined || record.ue_pr !== undefined) !== (unstruct !== undefined)) return undefined;
        return { unstruct, contexts };
      } catch {
        return undefined;
      }
    },
  };
}
