import type { AtomicEvent } from '../event/atomic-event.js';

/** An intervention as delivered to handlers (Signals `InterventionInstance`), plus where it came from. */
export interface InterventionPayload {
  intervention_id: string;
  name: string;
  version: number;
  /**
   * Values of the attributes the criteria reference, keyed by bare name (`group:attr` on a clash), as
   * Signals sends them: strings (numbers in their JSON text, lists as JSON), nulls left out.
   */
  attributes: Record<string, string>;
  target_attribute_key: { name: string; id: string };
}

/** A crossing fired by one event. */
export interface FiredIntervention extends InterventionPayload {
  /** The event whose tracking made the crossing. */
  event_id: string;
  /** derived_tstamp of that event, epoch ms. */
  fired_at: number;
}

export interface ProcessResult {
  /** Crossings this event made, one per (intervention, target id). */
  fired: FiredIntervention[];
}

/** The engine over in-memory state: used by the replay CLI and the dev server, wrapped by the browser runtime. */
export interface EdgeEngine {
  /** Applies one event to every matching attribute and evaluates the interventions it may have changed. */
  process(event: AtomicEvent): ProcessResult;
  /**
   * Values of every computed attribute on `keyName` for `id` at `now` (epoch ms), keyed
   * `<group>_v<version>:<attribute>`; null when no event ever carried this id.
   */
  read(keyName: string, id: string, now: number): Record<string, unknown> | null;
  /** Every (key name, id) some event carried, in first-seen order. */
  ids(): Iterable<{ key: string; id: string }>;
}
