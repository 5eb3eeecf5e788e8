// Event fuzzing (issue 7): random and malformed tracker payloads, tp2 bodies, enriched JSON and TSV
// lines, seeded (fuzz-budget.ts).
// - parseEventLine throws nothing but EventError, and every event it returns runs through engines;
// - the browser runtime's afterTrack (onPayload) never throws, skips what it cannot read with one
//   warning, and keeps exactly the values an engine computes from the payloads it could read;
// - the replay CLI counts and skips the bad lines, and prints what an engine computes from the rest.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { generatePayloads } from '../../../bench/generate-payloads.js';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { EventError } from '../../../src/errors.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { parseEventLine } from '../../../src/event/parse-event-line.js';
import { createFullRuntime } from '../../fixtures/create-full-runtime.js';
import { inspectState } from '../../../src/plugin/inspect-state.js';
import { readTutorialPayloads, toEnrichedJson, toEnrichedTsv, toTp2Line } from '../../fixtures/cli/event-shapes.js';
import { runCli } from '../../fixtures/cli/run-cli.js';
import { createRandom, generateDefinitions, type Random } from '../../reference/random-stream.js';
import { FUZZ_SEED, fuzzCases, startBudget } from './fuzz-budget.js';
import { copyValue, mutateOnce, oddValue, ODD_STRINGS, setOwn } from './mutate-value.js';

const ATTRS100_FILE = new URL('../../../bench/attrs100.json', import.meta.url).pathname;
const attrs100 = loadDefinitions(JSON.parse(readFileSync(ATTRS100_FILE, 'utf8')));
const tutorial = loadDefinitions(JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')));
const FIXTURE_EVENTS = new URL('../../fixtures/events/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURE_EVENTS), 'utf8');

type Payload = Record<string, unknown>;

const good: Payload[] = [
  ...generatePayloads({ seed: FUZZ_SEED, events: 60, users: 3 }),
  ...readTutorialPayloads(),
  JSON.parse(fixture('add-to-cart.payload.json')) as Payload,
];
const enrichedFixtures = [JSON.parse(fixture('add-to-cart.enriched.json')), JSON.parse(fixture('add-to-cart.enriched-full.json'))] as Payload[];
const tsvFixture = fixture('add-to-cart.enriched.tsv').replace(/\r?\n$/, '');
const strings = [...ODD_STRINGS, ...good.flatMap((p) => Object.values(p).filter((v): v is string => typeof v === 'string' && v.length < 100))];

/** Tracker parameters, to build random payloads from. */
const PARAMS = ['e', 'eid', 'dtm', 'ttm', 'stm', 'url', 'refr', 'duid', 'sid', 'uid', 'vid', 'p', 'aid', 'tna', 'res', 'vp', 'ds',
  'cookie', 'co', 'cx', 'ue_pr', 'ue_px', 'se_ca', 'se_ac', 'se_va', 'tr_tt', 'ti_qu', 'pp_mix', 'page', 'nuid', 'tnuid', '__proto__', 'constructor'];

/** The JSON text of a mutated copy of a JSON text (or the text cut short, or not JSON at all). */
function mutateJsonText(text: string, random: Random): string {
  const r = random.next();
  if (r < 0.15) return text.slice(0, random.int(0, text.length));
  if (r < 0.25) return random.pick(['', '{', 'null', '[]', '"x"', '{"schema":1}', '{"data":{}}', '{"schema":"iglu:a/b/jsonschema/1-0-0","data":[]}']);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${text}}`;
  }
  for (let k = random.int(1, 3); k > 0; k--) value = mutateOnce(value, random, [value], strings).value;
  return stringify(value) ?? text;
}

function stringify(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/** base64url of UTF-8 text, sometimes damaged. */
function toBase64(text: string, random: Random): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64url');
  if (random.chance(0.7)) return b64;
  const i = random.int(0, b64.length);
  return `${b64.slice(0, i)}${random.pick(['=', '+', '/', '!', '', '%', 'é'])}${b64.slice(i + 1)}`;
}

/** A copy of a good payload, mostly with a new event id. */
function freshCopy(random: Random): Payload {
  const payload = copyValue(random.pick(good)) as Payload;
  if (random.chance(0.9)) payload.eid = random.uuid();
  return payload;
}

/** A malformed or random tracker payload. */
function mutatePayload(random: Random): Payload {
  const r = random.next();
  if (r < 0.1) {
    // Random parameters with random values.
    const payload: Payload = {};
    for (let k = random.int(0, 12); k > 0; k--) setOwn(payload, random.pick(PARAMS), random.chance(0.5) ? random.pick(strings) : oddValue(random));
    return payload;
  }
  const payload = freshCopy(random);
  if (r < 0.45) {
    // One or more parameters with odd values.
    for (let k = random.int(1, 3); k > 0; k--) setOwn(payload, random.pick([...PARAMS, ...Object.keys(payload)]), random.chance(0.3) ? random.pick(strings) : oddValue(random));
    return payload;
  }
  if (r < 0.8) {
    // The self-describing event or the entities: damaged JSON, plain or base64url.
    const key = random.pick(['ue_pr', 'co']);
    const text = typeof payload[key] === 'string' ? (payload[key] as string) : '{}';
    const mutated = mutateJsonText(text, random);
    if (random.chance(0.3)) {
      delete payload[key];
      payload[key === 'ue_pr' ? 'ue_px' : 'cx'] = toBase64(mutated, random);
    } else payload[key] = mutated;
    return payload;
  }
  // Structural mutation of the whole payload (afterTrack always gets an object).
  const mutated = mutateOnce(payload, random, good, strings).value;
  return mutated !== null && typeof mutated === 'object' && !Array.isArray(mutated) ? (mutated as Payload) : { e: mutated };
}

/** One line of an events file: a payload, a tp2 body, enriched JSON or TSV, good or damaged, or junk. */
function makeLine(random: Random): string {
  const r = random.next();
  const pick = () => random.pick(good.filter((p) => p.e === 'pv' || p.e === 'ue'));
  let line: string | null;
  if (r < 0.25) line = stringify(random.chance(0.3) ? random.pick(good) : mutatePayload(random));
  else if (r < 0.35) line = stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: Array.from({ length: random.int(0, 3) }, () => (random.chance(0.5) ? random.pick(good) : mutatePayload(random))) });
  else if (r < 0.37) line = toTp2Line([pick(), pick()]);
  else if (r < 0.55) {
    const base = random.chance(0.3) ? random.pick(enrichedFixtures) : toEnrichedJson(pick());
    line = stringify(random.chance(0.3) ? base : mutateOnce(base, random, enrichedFixtures, strings).value);
  } else if (r < 0.75) {
    const cells = (random.chance(0.3) ? tsvFixture : toEnrichedTsv(pick())).split('\t');
    for (let k = random.chance(0.3) ? 0 : random.int(1, 4); k > 0; k--) {
      const i = random.int(0, cells.length - 1);
      const s = random.next();
      if (s < 0.6) cells[i] = String(random.pick(strings)).replace(/[\t\r\n]/g, ' ');
      else if (s < 0.8) cells.splice(i, 1);
      else cells.splice(i, 0, '');
    }
    line = cells.join('\t');
  } else if (r < 0.9) {
    const text = stringify(random.pick(good)) ?? '{}';
    const i = random.int(0, text.length);
    line = random.chance(0.5) ? text.slice(0, i) : `${text.slice(0, i)}${random.pick(['"', '}', '\t', ',', '\\', '\u2028', 'x'])}${text.slice(i)}`;
  } else line = random.pick(['', '   ', '\t', 'hello', '{}', '[]', '[{"e":"pv"}]', 'null', '{"e":"pv"}', '\t\t\t', '{"event_id":5}', '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":{}}']);
  return (line ?? '{').replace(/[\r\n]/g, ' ');
}

/** What a line is: its events, or the EventError it is refused with. Anything else thrown is returned as a failure. */
function readLine(line: string): { events: AtomicEvent[] } | { refused: string } | { failure: string } {
  try {
    return { events: parseEventLine(line) };
  } catch (error) {
    if (error instanceof EventError) return { refused: error.message };
    return { failure: (error as Error)?.stack ?? String(error) };
  }
}

/** What is wrong with an event view, or null. */
function checkEvent(event: AtomicEvent): string | null {
  if (!Number.isFinite(event.derivedTstamp)) return `derivedTstamp ${event.derivedTstamp}`;
  if (event.atomic === null || typeof event.atomic !== 'object') return 'no atomic columns';
  if (!Array.isArray(event.contexts)) return 'contexts is not a list';
  for (const [column, value] of Object.entries(event.atomic)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) return `${column} is a ${typeof value}`;
  }
  return null;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('event fuzzing', () => {
  it(`parseEventLine throws only EventError, and what it reads runs through engines (seed ${FUZZ_SEED})`, { timeout: 60_000 }, () => {
    const random = createRandom(FUZZ_SEED);
    const budget = startBudget(8_000);
    const engines = [createEngine(attrs100), createEngine(tutorial), createEngine(generateDefinitions(FUZZ_SEED))];
    const failures: string[] = [];
    let refused = 0;
    let read = 0;
    for (let n = 0; n < fuzzCases(6000) && !budget.spent() && failures.length < 5; n++) {
      const line = makeLine(random);
      const result = readLine(line);
      if ('failure' in result) {
        failures.push(`line ${n} ${JSON.stringify(line.slice(0, 300))}: threw ${result.failure}`);
        continue;
      }
      if ('refused' in result) {
        refused++;
        if (result.refused.trim() === '') failures.push(`line ${n}: EventError without a message`);
        continue;
      }
      read += result.events.length;
      for (const event of result.events) {
        const wrong = checkEvent(event);
        if (wrong !== null) failures.push(`line ${n} ${JSON.stringify(line.slice(0, 300))}: ${wrong}`);
        try {
          for (const engine of engines) engine.process(event);
        } catch (error) {
          failures.push(`line ${n} ${JSON.stringify(line.slice(0, 300))}: the engine threw ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    }
    try {
      for (const engine of engines) for (const { key, id } of engine.ids()) JSON.stringify(engine.read(key, id, Date.UTC(2027, 0, 1)));
    } catch (error) {
      failures.push(`reading the engines threw ${(error as Error)?.stack ?? String(error)}`);
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(200);
    expect(read).toBeGreaterThan(200);
  });

  it(`fromTrackerPayload throws only EventError on malformed payloads (seed ${FUZZ_SEED})`, { timeout: 60_000 }, () => {
    const random = createRandom(FUZZ_SEED + 1);
    const budget = startBudget(4_000);
    const failures: string[] = [];
    for (let n = 0; n < fuzzCases(6000) && !budget.spent() && failures.length < 5; n++) {
      const payload = mutatePayload(random);
      try {
        const event = fromTrackerPayload(payload, { clockOffsetMs: random.pick([0, 86_400_000, -86_400_000]) });
        const wrong = checkEvent(event);
        if (wrong !== null) failures.push(`payload ${n} ${stringify(payload)?.slice(0, 300)}: ${wrong}`);
      } catch (error) {
        if (!(error instanceof EventError)) failures.push(`payload ${n} ${stringify(payload)?.slice(0, 300)}: threw ${(error as Error)?.stack ?? String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`the runtime's afterTrack never throws, skips what it cannot read and keeps the values right (seed ${FUZZ_SEED})`, { timeout: 60_000 }, async () => {
    const T = Date.UTC(2026, 10, 3);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T);
    const random = createRandom(FUZZ_SEED + 2);
    const budget = startBudget(8_000);
    const failures: string[] = [];
    for (let run = 0; run < fuzzCases(12) && !budget.spent() && failures.length === 0; run++) {
      const warnings: string[] = [];
      const logger = { warn: (m: string) => void warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined, setLogLevel: () => undefined };
      // Empty ids from the tracker: the runtime reads the last id each key had in an event.
      const tracker = {
        id: 'sp', namespace: `fuzz-${FUZZ_SEED}-${run}`, core: { track: () => undefined },
        getDomainUserId: () => '', getDomainSessionId: () => '', getUserId: () => null,
      } as unknown as BrowserTracker;
      const runtime = createFullRuntime(tracker, { definitions: JSON.parse(readFileSync(ATTRS100_FILE, 'utf8')) as object, storage: 'memory', trackMeasurementEvents: false }, logger);
      await runtime.ready;
      const reference = createEngine(attrs100, { newId: () => 'x' });
      const seen = new Set<string>();
      let accepted = 0;
      let skipped = 0;
      for (let n = 0; n < 300; n++) {
        const payload = random.chance(0.4) ? freshCopy(random) : mutatePayload(random);
        // The reference: what the runtime keeps (signals-model §14, tracker-events §1.3, §9): tracked events
        // with an event type and, on the web, a page URL (DNT / opt-out payloads have none), each event id once.
        let event: AtomicEvent | null = null;
        if (typeof payload.e === 'string' && !((payload.p === undefined || payload.p === 'web') && !payload.url)) {
          try {
            event = fromTrackerPayload(payload);
          } catch (error) {
            if (!(error instanceof EventError)) failures.push(`run ${run} payload ${n}: fromTrackerPayload threw ${String(error)}`);
            skipped++;
          }
        }
        const eid = event?.atomic.event_id;
        if (event !== null && typeof eid === 'string' && !seen.has(eid)) {
          seen.add(eid);
          reference.process(event);
          accepted++;
        }
        try {
          runtime.onPayload(payload);
        } catch (error) {
          failures.push(`run ${run} payload ${n}: onPayload threw ${String(error)}`);
        }
      }
      // The values for the ids of the last events (what getAttributes shows) are the reference's.
      for (const detail of inspectState(runtime.view()!)) {
        if (detail.key.id === null) continue;
        const expected = reference.read(detail.key.name, detail.key.id, T);
        const want = expected === null ? null : expected[`${detail.group}_v${detail.version}:${detail.name}`];
        if (JSON.stringify(detail.shown) !== JSON.stringify(want)) {
          failures.push(`run ${run}: ${detail.group}:${detail.name} for ${detail.key.name}=${detail.key.id} is ${JSON.stringify(detail.shown)}, expected ${JSON.stringify(want)}`);
        }
      }
      const internal = warnings.filter((w) => /failed; the page and the tracker are not affected/.test(w));
      if (internal.length > 0) failures.push(`run ${run}: an internal error was caught: ${internal.join(' | ')}`);
      // Bad events are skipped with one warning for the page's life, not one per event.
      const bad = warnings.filter((w) => /could not be read/.test(w));
      if (bad.length !== (skipped > 0 ? 1 : 0)) failures.push(`run ${run}: ${bad.length} "could not be read" warnings for ${skipped} unreadable payloads`);
      if (accepted < 100) failures.push(`run ${run}: only ${accepted} payloads were readable; the mix is off`);
      runtime.close();
    }
    expect(failures).toEqual([]);
  });

  describe('the replay CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signals-edge-fuzz-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it(`counts and skips bad lines, and prints what an engine computes from the others (seed ${FUZZ_SEED})`, { timeout: 60_000 }, async () => {
      const random = createRandom(FUZZ_SEED + 3);
      const budget = startBudget(6_000);
      for (let run = 0; run < fuzzCases(6) && !budget.spent(); run++) {
        const lines = Array.from({ length: random.int(50, 400) }, () => makeLine(random));
        const file = join(dir, `events-${run}.ndjson`);
        writeFileSync(file, lines.join('\n'));
        const now = '2027-01-01T00:00:00Z';
        const reference = createEngine(attrs100, { newId: () => 'x' });
        const fired: unknown[] = [];
        const badLines: number[] = [];
        lines.forEach((line, i) => {
          const result = readLine(line);
          if (!('events' in result)) {
            badLines.push(i + 1);
            return;
          }
          for (const event of result.events) {
            for (const f of reference.process(event).fired) fired.push({ name: f.name, version: f.version, target_attribute_key: f.target_attribute_key, event_id: f.event_id });
          }
        });
        const { code, stdout, stderr } = await runCli(['replay', '--definitions', ATTRS100_FILE, '--events', file, '--now', now]);
        expect(code, stderr.slice(0, 2000)).toBe(badLines.length > 0 ? 1 : 0);
        if (badLines.length > 0) expect(stderr).toContain(`${badLines.length} of ${lines.length} line(s) skipped`);
        const reported = [...stderr.matchAll(/\.ndjson:(\d+): /g)].map((m) => Number(m[1]));
        expect(reported).toEqual(badLines.slice(0, 100));
        const attributes: Record<string, Record<string, unknown>> = {};
        for (const { key, id } of reference.ids()) (attributes[key] ??= {})[id] = reference.read(key, id, Date.parse(now));
        expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify({ attributes, interventions: fired })));
      }
    });
  });
});
