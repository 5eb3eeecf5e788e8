// The synchronous per-event work, the same code in Node and in the Chromium page: tracker payload →
// event view (fromTrackerPayload), then engine + rules (engine.process), each event timed on its own.
import { createEngine, fromTrackerPayload, loadDefinitions } from '../dist/index.js';
import { measureTimerResolution, round, summarize } from './summarize.js';

export interface EngineMeasurement {
  events: number;
  /** engine.process (attributes + interventions) per event, ms. */
  per_event_ms: { p50: number; p99: number };
  /** fromTrackerPayload + engine.process per event, ms. */
  per_event_with_normalize_ms: { p50: number; p99: number };
  /** Events per second through engine.process alone (in memory). */
  engine_events_per_s: number;
  /** Events per second through fromTrackerPayload alone. */
  normalize_events_per_s: number;
  interventions_fired: number;
  timer_resolution_ms: number;
}

/**
 * Measures one definitions bundle on `payloads`: a warm-up pass on a separate engine, then every event
 * through a fresh engine, timed one by one.
 */
export function measureEngine(bundle: unknown, payloads: readonly Record<string, unknown>[], warmup = 5000): EngineMeasurement {
  const definitions = loadDefinitions(bundle);
  const warm = createEngine(definitions);
  for (const p of payloads.slice(0, warmup)) warm.process(fromTrackerPayload(p));

  const normalizeTimes = new Float64Array(payloads.length);
  const events = payloads.map((p, i) => {
    const s = performance.now();
    const event = fromTrackerPayload(p);
    normalizeTimes[i] = performance.now() - s;
    return event;
  });
  const engine = createEngine(definitions);
  const processTimes = new Float64Array(events.length);
  let fired = 0;
  const started = performance.now();
  for (let i = 0; i < events.length; i++) {
    const s = performance.now();
    fired += engine.process(events[i]!).fired.length;
    processTimes[i] = performance.now() - s;
  }
  const totalMs = performance.now() - started;
  const normalizeMs = normalizeTimes.reduce((a, b) => a + b, 0);
  const engineTimes = Array.from(processTimes);
  return {
    events: events.length,
    per_event_ms: summarize(engineTimes),
    per_event_with_normalize_ms: summarize(engineTimes.map((t, i) => t + normalizeTimes[i]!)),
    engine_events_per_s: Math.round(events.length / (totalMs / 1000)),
    normalize_events_per_s: Math.round(events.length / (normalizeMs / 1000)),
    interventions_fired: fired,
    timer_resolution_ms: round(measureTimerResolution(), 6),
  };
}
