/** An intervention as delivered to handlers (Signals `InterventionInstance`). */
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
