// Engine cost per event, in Node: tracker payloads → event view → engine + rules, for the tutorial
// and for the 100-attribute bundle. Prints a table; writes bench/engine-results.json.
// Usage: npm run bench  (builds first)
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
// The built package, as users run it (not the TypeScript sources through a loader).
import { createEngine, fromTrackerPayload, loadDefinitions, type AtomicEvent } from '../dist/index.js';
import { generatePayloads } from './generate-payloads.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as unknown;
const bundles = {
  tutorial: read('../examples/tutorial-definitions.json'),
  attrs100: read('./attrs100.json'),
};
const EVENTS = 100_000;
const payloads = generatePayloads({ seed: 42, events: EVENTS, users: 200 });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const events: AtomicEvent[] = payloads.map((p) => fromTrackerPayload(p));
// Measured on a second, warm pass.
const started = performance.now();
for (const p of payloads) fromTrackerPayload(p);
const normalizeMs = performance.now() - started;

const results: Record<string, unknown> = {
  events: EVENTS,
  normalize_events_per_s: Math.round(EVENTS / (normalizeMs / 1000)),
};
for (const [name, bundle] of Object.entries(bundles)) {
  const definitions = loadDefinitions(bundle);
  // Warm up on a separate engine so the measured one starts empty.
  const warm = createEngine(definitions);
  for (const event of events.slice(0, 5000)) warm.process(event);
  const engine = createEngine(definitions);
  const perEvent: number[] = [];
  let fired = 0;
  const t0 = performance.now();
  for (const event of events) {
    const s = performance.now();
    fired += engine.process(event).fired.length;
    perEvent.push(performance.now() - s);
  }
  const totalMs = performance.now() - t0;
  perEvent.sort((a, b) => a - b);
  results[name] = {
    events_per_s: Math.round(EVENTS / (totalMs / 1000)),
    per_event_us: { p50: +(percentile(perEvent, 0.5) * 1000).toFixed(2), p99: +(percentile(perEvent, 0.99) * 1000).toFixed(2) },
    interventions_fired: fired,
  };
}
console.table(Object.fromEntries(Object.entries(results).filter(([, v]) => typeof v === 'object')));
console.log(JSON.stringify(results, null, 2));
writeFileSync(new URL('./engine-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
