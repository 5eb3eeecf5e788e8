/**
 * Differential check: runs an engine and the naive reference over the same seeded random stream and
 * definitions, and lists every disagreement in values (read after each event and at later times) and
 * in fired interventions.
 */
import type { Aggregation, AttributeKeyDef, Definitions } from '../../src/definitions/types.js';
import type { EdgeEngine } from '../../src/pipeline/create-engine.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import type { AtomicEvent } from '../../src/event/atomic-event.js';
import { createNaiveEngine, readKeyId } from './naive-engine.js';
import { generateDefinitions, generateStream, type StreamOptions } from './random-stream.js';
import { isClose } from './spec-table.js';

export interface DifferentialOptions extends StreamOptions {
  /** Relative tolerance for approx_count_distinct (HyperLogLog); default 0.02. */
  approxTolerance?: number;
  /** Relative tolerance for other numbers (floating sums in another order); default 1e-9. */
  tolerance?: number;
  /** Stop after this many mismatches; default 20. */
  maxProblems?: number;
}

function indexAggregations(defs: Definitions): Map<string, Aggregation> {
  const index = new Map<string, Aggregation>();
  for (const g of defs.groups) for (const a of g.attributes) index.set(`${g.name}_v${g.version}:${a.name}`, a.aggregation);
  return index;
}

function describeCrossing(f: FiredIntervention): string {
  return `${f.name} v${f.version} → ${f.target_attribute_key.name}=${f.target_attribute_key.id}`;
}

/**
 * Feeds `events` to both engines; after each event compares the fired crossings and every attribute of
 * the ids that event carries (at the event's time); at the end compares every id at several later times.
 */
export function compareEngines(
  defs: Definitions,
  events: readonly AtomicEvent[],
  createEngine: (defs: Definitions) => EdgeEngine,
  options: DifferentialOptions = {},
): string[] {
  const problems: string[] = [];
  const max = options.maxProblems ?? 20;
  const aggregations = indexAggregations(defs);
  const keys = new Map<string, AttributeKeyDef>();
  for (const g of defs.groups) if (g.kind === 'stream' && g.online && !keys.has(g.key.name)) keys.set(g.key.name, g.key);
  const real = createEngine(defs);
  const naive = createNaiveEngine(defs);
  const compareRead = (key: string, id: string, now: number, where: string): void => {
    const want = naive.read(key, id, now);
    const got = real.read(key, id, now);
    if (want === null || got === null) {
      if (want !== got) problems.push(`${where}: read ${key}=${id} expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      return;
    }
    for (const [name, value] of Object.entries(want)) {
      const tolerance = aggregations.get(name) === 'approx_count_distinct' ? (options.approxTolerance ?? 0.02) : (options.tolerance ?? 1e-9);
      if (!Object.hasOwn(got, name)) problems.push(`${where}: ${key}=${id} ${name} missing`);
      else if (!isClose(got[name], value, tolerance)) {
        problems.push(`${where}: ${key}=${id} ${name} at ${new Date(now).toISOString()} expected ${JSON.stringify(value)}, got ${JSON.stringify(got[name])}`);
      }
    }
    for (const name of Object.keys(got)) if (!Object.hasOwn(want, name)) problems.push(`${where}: ${key}=${id} unexpected ${name}`);
  };

  for (const [i, event] of events.entries()) {
    if (problems.length >= max) break;
    const where = `event ${i} (${String(event.atomic['event_id'])})`;
    const want = naive.process(event).fired.map(describeCrossing).sort();
    const got = real.process(event).fired.map(describeCrossing).sort();
    if (!isClose(got, want)) problems.push(`${where}: fired expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    for (const key of keys.values()) {
      const id = readKeyId(key, event);
      if (id !== null) compareRead(key.name, id, event.derivedTstamp, where);
    }
  }
  const wantIds = [...naive.ids()];
  const gotIds = [...real.ids()];
  if (!isClose(gotIds, wantIds)) problems.push(`ids expected ${JSON.stringify(wantIds)}, got ${JSON.stringify(gotIds)}`);
  const last = Math.max(...events.map((e) => e.derivedTstamp));
  for (const offset of [0, 59_000, 3_600_000, 86_400_000, 8 * 86_400_000]) {
    for (const { key, id } of wantIds) {
      if (problems.length >= max) return problems;
      compareRead(key, id, last + offset, `end +${offset}ms`);
    }
  }
  return problems;
}

/** Runs {@link compareEngines} on `generateDefinitions(seed)` and `generateStream(seed, options)`. */
export function compareWithReference(
  seed: number,
  createEngine: (defs: Definitions) => EdgeEngine,
  options: DifferentialOptions = {},
): string[] {
  return compareEngines(generateDefinitions(seed), generateStream(seed, options), createEngine, options);
}
