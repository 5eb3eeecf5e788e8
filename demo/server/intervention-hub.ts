/** An attribute key name and one id of it. */
export interface Target {
  name: string;
  id: string;
}

/** Signals `InterventionInstance` as delivered on the stream (signals-model.md §10). */
export interface InterventionInstance {
  intervention_id: string;
  name: string;
  version: number;
  target_attribute_key?: Target;
  /** Always present, values as text (Signals' schema: a map of strings; the official plugin reads it). */
  attributes: Record<string, string>;
}

/** One instance to deliver to the subscribers of `target`. */
export interface Delivery {
  target: Target;
  instance: InterventionInstance;
}

/** Routes interventions to the SSE subscribers of their target ids. */
export interface InterventionHub {
  /** Registers a subscriber for every target; `send` receives whole SSE frames. Returns the unsubscribe function. */
  subscribe(targets: readonly Target[], send: (frame: string) => void): () => void;
  /**
   * Sends each delivery to the subscribers of its target, one `data:` frame per `intervention_id`
   * per subscriber (a subscriber to several targets of one crossing gets it once). Returns the number of frames sent.
   */
  publish(deliveries: readonly Delivery[]): number;
  /** Open subscriptions. */
  size(): number;
}

interface Subscriber {
  send: (frame: string) => void;
}

/** Creates an empty hub. */
export function createInterventionHub(): InterventionHub {
  const byTarget = new Map<string, Set<Subscriber>>();
  let count = 0;
  const keyOf = (t: Target) => `${t.name}\u0000${t.id}`;

  return {
    subscribe(targets, send) {
      const subscriber: Subscriber = { send };
      const keys = [...new Set(targets.map(keyOf))];
      for (const key of keys) {
        let set = byTarget.get(key);
        if (set === undefined) byTarget.set(key, (set = new Set()));
        set.add(subscriber);
      }
      count++;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        count--;
        for (const key of keys) {
          const set = byTarget.get(key);
          set?.delete(subscriber);
          if (set?.size === 0) byTarget.delete(key);
        }
      };
    },
    publish(deliveries) {
      const sent = new Map<Subscriber, Set<string>>();
      let frames = 0;
      for (const { target, instance } of deliveries) {
        for (const subscriber of byTarget.get(keyOf(target)) ?? []) {
          let ids = sent.get(subscriber);
          if (ids === undefined) sent.set(subscriber, (ids = new Set()));
          if (ids.has(instance.intervention_id)) continue;
          ids.add(instance.intervention_id);
          subscriber.send(`data: ${JSON.stringify(instance)}\n\n`);
          frames++;
        }
      }
      return frames;
    },
    size: () => count,
  };
}
