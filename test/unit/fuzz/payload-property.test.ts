// Property-based tests of the payload reader (fast-check): fromTrackerPayload on random objects
// (random keys and values, random bytes as strings, base64 of random bytes in cx/ue_px) and on
// near-valid payloads (the recorded tutorial payloads, damaged) throws only EventError and never
// returns a view with a column that is not a JSON scalar; reading only a plan's columns refuses and
// reads the same; through the runtime, afterTrack (onPayload) never throws into the tracker, nothing
// fails inside it, and the values shown are what an engine computes from the readable payloads.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { EventError } from '../../../src/errors.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { fromTrackerPayload, type TrackerPayloadOptions } from '../../../src/event/from-tracker-payload.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { inspectState } from '../../../src/plugin/inspect-state.js';
import { ATOMIC_PROPERTY_NAMES } from '../../../src/event/atomic-columns.js';
import { eventViewDefect } from './arbitraries/event-view-defect.js';
import { fakeTracker } from './arbitraries/fake-tracker.js';
import { nearValidPayload, randomPayload } from './arbitraries/hostile-payloads.js';
import { propertyParameters, propertySeed } from './arbitraries/property-parameters.js';
import { PAYLOADS_START, trackerPayloads, type Payload } from './arbitraries/tracker-payloads.js';
import { validBundle } from './arbitraries/valid-bundle.js';

type Outcome = { event: AtomicEvent } | { refused: string };

/** Reads a payload; anything thrown but an EventError fails the property with its stack. */
function read(payload: Payload, options?: TrackerPayloadOptions): Outcome {
  try {
    return { event: fromTrackerPayload(payload, options) };
  } catch (error) {
    if (error instanceof EventError) return { refused: error.message };
    return expect.fail(`fromTrackerPayload threw ${(error as Error)?.stack ?? String(error)}`);
  }
}

function expectReadable(outcome: Outcome): void {
  if ('event' in outcome) expect(eventViewDefect(outcome.event)).toBeNull();
  else expect(outcome.refused.trim()).not.toBe('');
}

const readerOptions: fc.Arbitrary<TrackerPayloadOptions> = fc.record({
  clockOffsetMs: fc.oneof(fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e300)),
  collectorTstamp: fc.oneof(fc.integer({ min: -1e13, max: 1e13 }), fc.constantFrom(Number.NaN, 253_402_300_800_000, -62_167_219_200_001)),
}, { requiredKeys: [] });

const columnSets = fc.subarray([...ATOMIC_PROPERTY_NAMES]).map((columns) => new Set(columns));

afterEach(() => {
  vi.useRealTimers();
});

describe('the payload reader (property-based)', () => {
  it(`throws only EventError on random objects, and what it reads holds JSON scalars (seed ${propertySeed(20)})`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(randomPayload, readerOptions, (payload, options) => {
      expectReadable(read(payload, options));
    }), propertyParameters(20, 3000, 3_000));
  });

  it(`throws only EventError on near-valid payloads, and what it reads holds JSON scalars (seed ${propertySeed(21)})`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(nearValidPayload, readerOptions, (payload, options) => {
      expectReadable(read(payload, options));
    }), propertyParameters(21, 3000, 3_000));
  });

  it(`reading only some columns refuses the same payloads and reads the same values (seed ${propertySeed(24)})`, { timeout: 60_000 }, () => {
    fc.assert(fc.property(nearValidPayload, readerOptions, columnSets, (payload, options, columns) => {
      const full = read(payload, options);
      const narrow = read(payload, { ...options, columns });
      if ('refused' in full || 'refused' in narrow) {
        expect(narrow).toEqual(full);
        return;
      }
      const { atomic, ...rest } = narrow.event;
      const { atomic: all, ...allRest } = full.event;
      expect(rest).toEqual(allRest);
      for (const [column, value] of Object.entries(atomic)) expect(value, column).toEqual(all[column] ?? null);
      for (const column of columns) expect(atomic[column] ?? null, column).toEqual(all[column] ?? null);
    }), propertyParameters(24, 2000, 3_000));
  });

  it(`through the runtime: afterTrack never throws nor fails inside, and shows what an engine computes (seed ${propertySeed(22)})`, { timeout: 60_000 }, async () => {
    const now = PAYLOADS_START + 5 * 86_400_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    const payload = fc.oneof(
      { weight: 3, arbitrary: trackerPayloads(1).map(([p]) => p!) },
      { weight: 1, arbitrary: nearValidPayload },
      { weight: 1, arbitrary: randomPayload },
    );
    const seen = { runs: 0, applied: 0, compared: 0, valued: 0 };
    await fc.assert(fc.asyncProperty(validBundle, fc.array(payload, { minLength: 5, maxLength: 30 }), async (bundle, payloads) => {
      seen.runs++;
      const { tracker, logger, warnings } = fakeTracker();
      const runtime = createFullRuntime(tracker, { definitions: bundle as object, storage: 'memory', trackMeasurementEvents: false, includeUnpublished: true }, logger);
      try {
        await runtime.ready;
        const reference = createEngine(loadDefinitions(bundle, { includeUnpublished: true }), { newId: () => 'x' });
        const ids = new Set<string>();
        for (const p of payloads) {
          // What the runtime keeps: tracked events (an event type, and on the web a page URL), each event id once.
          if (typeof p.e === 'string' && !((p.p === undefined || p.p === 'web') && !p.url)) {
            const outcome = read(p);
            if ('event' in outcome && typeof outcome.event.atomic.event_id === 'string' && !ids.has(outcome.event.atomic.event_id)) {
              ids.add(outcome.event.atomic.event_id);
              reference.process(outcome.event);
              seen.applied++;
            }
          }
          expect(() => runtime.onPayload(p)).not.toThrow();
        }
        expect(warnings.filter((w) => /failed; the page and the tracker are not affected/.test(w))).toEqual([]);
        for (const detail of inspectState(runtime.view()!)) {
          if (detail.key.id === null) continue;
          const values = reference.read(detail.key.name, detail.key.id, now);
          const expected = values === null ? null : values[`${detail.group}_v${detail.version}:${detail.name}`];
          seen.compared++;
          if (expected !== null && expected !== undefined) seen.valued++;
          expect(JSON.stringify(detail.shown), `${detail.group}:${detail.name} for ${detail.key.name}=${detail.key.id}`).toBe(JSON.stringify(expected));
        }
      } finally {
        runtime.close();
      }
    }), propertyParameters(22, 100, 6_000));
    if (process.env.FUZZ_VERBOSE) console.log(seen);
    expect(seen.valued).toBeGreaterThan(0);
  });
});
