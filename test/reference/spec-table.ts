/**
 * Spec tables (`test/fixtures/spec-tables/*.json`): hand-written cases of Signals semantics, each a
 * definitions bundle in wire format, compact events, expected reads and expected fired interventions.
 * `checkSpecCase` runs one case through any `EdgeEngine` and lists every mismatch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Definitions } from '../../src/definitions/types.js';
import type { EdgeEngine } from '../../src/pipeline/create-engine.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import { toAtomicEvent, type CompactEvent } from './compact-event.js';

/** One expected read: `engine.read(key, id, Date.parse(now))` after events `[0..after_event]` (default: all). */
export interface SpecRead {
  now: string;
  key: string;
  id: string;
  /** Expected values by `<group>_v<version>:<attribute>` (only those listed are checked), or null for an unseen id. */
  expected: Record<string, unknown> | null;
  after_event?: number;
  /** Names that must not appear in the read (attributes of groups that are not computed). */
  absent?: string[];
  /** Relative tolerance for numbers (approx_count_distinct); default 1e-9. */
  tolerance?: number;
}

/** One expected crossing. `attributes`, when given, is the exact payload. */
export interface SpecFired {
  name: string;
  version: number;
  target: { name: string; id: string };
  event_index: number;
  attributes?: Record<string, unknown>;
}

export interface SpecCase {
  name: string;
  /** Where the rule comes from, e.g. `§11 unique_list; §14 item 24`. */
  spec: string;
  /** A bundle in wire format (`{attribute_groups, services, interventions}`). */
  definitions: unknown;
  events: CompactEvent[];
  reads?: SpecRead[];
  /** When present: every crossing fired while processing the events (order-insensitive). */
  fired?: SpecFired[];
  /** When present: `engine.ids()` after all events, in order. */
  ids?: { key: string; id: string }[];
}

export interface SpecTable {
  description: string;
  cases: SpecCase[];
}

/** Directory of the spec tables. */
export const SPEC_TABLE_DIR = fileURLToPath(new URL('../fixtures/spec-tables/', import.meta.url));

/** Loads every `*.json` spec table, sorted by file name. */
export function loadSpecTables(dir = SPEC_TABLE_DIR): { file: string; table: SpecTable }[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, table: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SpecTable }));
}

/** Deep equality where numbers may differ by a relative `tolerance`. */
export function isClose(actual: unknown, expected: unknown, tolerance = 1e-9): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return actual === expected || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length
      && expected.every((e, i) => isClose(actual[i], e, tolerance));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    return ek.length === Object.keys(actual).length && ek.every((k) => Object.hasOwn(actual, k)
      && isClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerance));
  }
  return Object.is(actual, expected) || (actual === 0 && expected === 0);
}

function describeFired(f: SpecFired): string {
  return `${f.name} v${f.version} → ${f.target.name}=${f.target.id} @event ${f.event_index}`;
}

/**
 * Runs one case: normalises its definitions with `parse`, feeds its events to a fresh engine, and
 * returns a list of mismatches (empty when the engine agrees with the table).
 */
export function checkSpecCase(
  specCase: SpecCase,
  createEngine: (defs: Definitions) => EdgeEngine,
  parse: (bundle: unknown) => Definitions,
): string[] {
  const problems: string[] = [];
  const engine = createEngine(parse(specCase.definitions));
  const events = specCase.events.map((e, i) => toAtomicEvent(e, i));
  const fired: SpecFired[] = [];
  const payloads: FiredIntervention[] = [];
  const reads = specCase.reads ?? [];
  const checkReads = (afterEvent: number): void => {
    for (const r of reads) {
      if ((r.after_event ?? events.length - 1) !== afterEvent) continue;
      const actual = engine.read(r.key, r.id, Date.parse(r.now));
      const where = `read ${r.key}=${r.id} at ${r.now} after event ${afterEvent}`;
      if (r.expected === null || actual === null) {
        if (r.expected !== actual) problems.push(`${where}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(actual)}`);
        continue;
      }
      for (const name of r.absent ?? []) {
        if (Object.hasOwn(actual, name)) problems.push(`${where}: ${name} should be absent`);
      }
      for (const [name, value] of Object.entries(r.expected)) {
        if (!Object.hasOwn(actual, name)) problems.push(`${where}: ${name} missing (got keys ${Object.keys(actual).join(', ')})`);
        else if (!isClose(actual[name], value, r.tolerance)) {
          problems.push(`${where}: ${name} expected ${JSON.stringify(value)}, got ${JSON.stringify(actual[name])}`);
        }
      }
    }
  };
  if (events.length === 0) checkReads(-1);
  events.forEach((event, i) => {
    for (const f of engine.process(event).fired) {
      payloads.push(f);
      fired.push({
        name: f.name, version: f.version, target: { ...f.target_attribute_key }, event_index: i, attributes: f.attributes,
      });
      if (f.event_id !== event.atomic['event_id']) problems.push(`fired ${f.name} at event ${i}: event_id ${f.event_id}`);
      if (f.fired_at !== event.derivedTstamp) problems.push(`fired ${f.name} at event ${i}: fired_at ${f.fired_at}`);
      if (typeof f.intervention_id !== 'string' || f.intervention_id === '') problems.push(`fired ${f.name}: no intervention_id`);
    }
    checkReads(i);
  });
  // One crossing (intervention, event) reaching several targets shares one intervention_id (spec §10);
  // two crossings never do.
  const crossings = new Set(payloads.map((p) => `${p.name}\u0000${p.version}\u0000${p.event_id}`));
  if (new Set(payloads.map((p) => p.intervention_id)).size !== crossings.size) problems.push('intervention_id not one per crossing');
  if (specCase.fired !== undefined) {
    const remaining = [...fired];
    for (const exp of specCase.fired) {
      const at = remaining.findIndex((f) => describeFired(f) === describeFired(exp));
      if (at < 0) {
        problems.push(`missing crossing ${describeFired(exp)}`);
        continue;
      }
      const [got] = remaining.splice(at, 1);
      if (exp.attributes !== undefined && !isClose(got?.attributes, exp.attributes)) {
        problems.push(`crossing ${describeFired(exp)}: attributes expected ${JSON.stringify(exp.attributes)}, got ${JSON.stringify(got?.attributes)}`);
      }
    }
    for (const f of remaining) problems.push(`unexpected crossing ${describeFired(f)}`);
  }
  if (specCase.ids !== undefined) {
    const ids = [...engine.ids()];
    if (!isClose(ids, specCase.ids)) problems.push(`ids expected ${JSON.stringify(specCase.ids)}, got ${JSON.stringify(ids)}`);
  }
  return problems;
}
