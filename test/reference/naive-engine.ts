/**
 * A deliberately naive reference implementation of Signals semantics, written from the spec alone
 * (`shared/spec/signals-model.md` §2–5, §9–11, §14). It keeps every event and recomputes each value
 * from the full log on every read: slow, but simple enough to be obviously correct. The differential
 * tests run the real incremental engine against it.
 */
import { schemaColumnName, snakeCase } from '../../src/event/column-name.js';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Criteria, Criterion, DatePart, Definitions,
  EventRef, InterventionDef, InterventionNode, PathSegment, PropertyRef,
} from '../../src/definitions/types.js';
import type { AtomicEvent, SelfDescribing } from '../../src/event/atomic-event.js';
import type { EdgeEngine } from '../../src/pipeline/create-engine.js';
import type { FiredIntervention } from '../../src/rules/intervention-payload.js';
import type { ProcessResult } from '../../src/pipeline/process-event.js';

/** One contribution to an aggregation: the event time, its arrival index and the extracted value. */
interface Contribution {
  t: number;
  arrival: number;
  value: unknown;
}

const UNIT_MS: Record<string, number> = { s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const CAP = 100;
const NEEDS_NO_PROPERTY = new Set(['counter', 'time_since_first', 'time_since_last']);

// ---------------------------------------------------------------------------------------------
// Property extraction
// ---------------------------------------------------------------------------------------------

/** Walks `path` through own properties and array indexes; `snake` also matches snake_case-normalised keys. */
function walkPath(data: unknown, path: readonly PathSegment[], snake: boolean): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur) || seg < 0 || seg >= cur.length) return null;
      cur = cur[seg];
      continue;
    }
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return null;
    const obj = cur as Record<string, unknown>;
    if (Object.hasOwn(obj, seg)) {
      cur = obj[seg];
      continue;
    }
    if (!snake) return null;
    const wanted = snakeCase(seg);
    const found = Object.keys(obj).find((k) => snakeCase(k) === wanted);
    if (found === undefined) return null;
    cur = obj[found];
  }
  return cur === undefined ? null : cur;
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO-8601 date or date-time string (no offset = UTC) to epoch ms, or null. */
function parseIsoMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_RE.exec(value);
  if (m === null) return null;
  const text = m[2] === undefined ? `${m[1]}T00:00:00Z` : `${m[1]}T${m[2]}${m[3] ?? 'Z'}`;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Applies a §11 date part (UTC) to a date-time value; null when the value is not a date-time. */
function applyDatePart(value: unknown, part: DatePart): unknown {
  const ms = parseIsoMs(value);
  if (ms === null) return null;
  const d = new Date(ms);
  switch (part) {
    case 'hour_of_day': return d.getUTCHours();
    case 'day_of_week': return ((d.getUTCDay() + 6) % 7) + 1;
    case 'month_of_year': return d.getUTCMonth() + 1;
    case 'active_day': return formatDay(ms);
    case 'active_week': return formatDay(ms - ((d.getUTCDay() + 6) % 7) * 86_400_000);
    case 'active_month': return `${formatDay(ms).slice(0, 7)}-01`;
  }
}

function readAtomic(event: AtomicEvent, name: string): unknown {
  let v = event.atomic[name];
  if (v === undefined && name === 'refr_device_tstamp') v = event.atomic['refr_dvce_tstamp'];
  if (v === undefined && name === 'refr_dvce_tstamp') v = event.atomic['refr_device_tstamp'];
  return v ?? null;
}

function sameSchema(sd: SelfDescribing, vendor: string, name: string, major: number): boolean {
  return sd.vendor === vendor && sd.name === name && sd.major === major;
}

/** Reads a property of an event per §3 and §11 (before any date part); null when absent. */
function readRaw(ref: PropertyRef, event: AtomicEvent): unknown {
  switch (ref.kind) {
    case 'atomic':
      return readAtomic(event, ref.name);
    case 'event': {
      const ue = event.unstruct;
      if (ue === null || !sameSchema(ue, ref.vendor, ref.name, ref.major)) return null;
      return walkPath(ue.data, ref.path, false);
    }
    case 'entity': {
      const same = event.contexts.filter((c) => sameSchema(c, ref.vendor, ref.name, ref.major));
      const entity = same[ref.index];
      return entity === undefined ? null : walkPath(entity.data, ref.path, false);
    }
    case 'column': {
      const column = ref.column.toLowerCase();
      const matches = (sd: SelfDescribing): boolean =>
        schemaColumnName(sd.vendor, sd.name, sd.major, ref.entity) === column;
      if (!ref.entity) {
        const ue = event.unstruct;
        if (ue === null || !matches(ue)) return null;
        return walkPath(ue.data, ref.path, true);
      }
      const entity = event.contexts.filter(matches)[ref.index];
      return entity === undefined ? null : walkPath(entity.data, ref.path, true);
    }
  }
}

/** Reads a property and applies its date part; `undefined` and missing values become null. */
export function readProperty(ref: PropertyRef, event: AtomicEvent): unknown {
  const raw = readRaw(ref, event);
  if (raw === null) return null;
  return ref.datePart === null ? raw : applyDatePart(raw, ref.datePart);
}

/** The id an event carries for a key: a non-empty string (numbers and booleans stringified), or null. */
export function readKeyId(key: AttributeKeyDef, event: AtomicEvent): string | null {
  const v = readProperty(key.property, event);
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Operators (§14 items 15, 22, 26)
// ---------------------------------------------------------------------------------------------

const NUMERIC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Brings two operands to a comparable pair, or null for a mix that compares false. */
function toPair(a: unknown, b: unknown): [number, number] | [string, string] | [boolean, boolean] | null {
  if (typeof a === 'number' && typeof b === 'number') return [a, b];
  if (typeof a === 'string' && typeof b === 'string') return [a, b];
  if (typeof a === 'boolean' && typeof b === 'boolean') return [a, b];
  if (typeof a === 'number' && typeof b === 'string' && NUMERIC_RE.test(b)) return [a, Number(b)];
  if (typeof a === 'string' && typeof b === 'number' && NUMERIC_RE.test(a)) return [Number(a), b];
  return null;
}

function isEqual(a: unknown, b: unknown): boolean {
  const p = toPair(a, b);
  return p !== null && p[0] === p[1];
}

/** SQL LIKE: `%` any run, `_` one character, case-sensitive, whole string. */
export function matchLike(text: string, pattern: string): boolean {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return new RegExp(`${re}$`, 'u').test(text);
}

function matchRlike(text: string, pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

function inList(a: unknown, list: unknown): boolean {
  const items = Array.isArray(list) ? list : [list];
  return items.some((x) => isEqual(a, x));
}

/** Evaluates a binary operator of either criteria kind on a non-null operand. */
function applyOperator(op: string, a: unknown, value: unknown): boolean {
  if (a === null || a === undefined) return op === 'is null';
  switch (op) {
    case 'is null': return false;
    case 'is not null': return true;
    case '=': return isEqual(a, value);
    case '!=': {
      const p = toPair(a, value);
      return p !== null && p[0] !== p[1];
    }
    case '<': case '>': case '<=': case '>=': {
      const p = toPair(a, value);
      if (p === null || typeof p[0] === 'boolean') return false;
      const [x, y] = p as [number, number] | [string, string];
      if (op === '<') return x < y;
      if (op === '>') return x > y;
      if (op === '<=') return x <= y;
      return x >= y;
    }
    case 'like': return typeof a === 'string' && typeof value === 'string' && matchLike(a, value);
    case 'not like': return typeof a === 'string' && typeof value === 'string' && !matchLike(a, value);
    case 'rlike': return typeof a === 'string' && matchRlike(a, value);
    case 'not rlike': return typeof a === 'string' && typeof value === 'string' && !matchRlike(a, value);
    case 'in': return inList(a, value);
    case 'not in': return !inList(a, value);
    default: return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Attribute filters and aggregations
// ---------------------------------------------------------------------------------------------

function matchesEventRef(ref: EventRef, event: AtomicEvent): boolean {
  return (ref.vendor === null || ref.vendor === event.atomic['event_vendor'])
    && (ref.name === null || ref.name === event.atomic['event_name'])
    && (ref.version === null || ref.version === event.atomic['event_version']);
}

function matchesEvents(refs: readonly EventRef[], event: AtomicEvent): boolean {
  return refs.length === 0 || refs.some((r) => matchesEventRef(r, event));
}

function holdsCriterion(c: Criterion, event: AtomicEvent): boolean {
  return applyOperator(c.operator, readProperty(c.property, event), c.value);
}

function holdsCriteria(criteria: Criteria, event: AtomicEvent): boolean {
  return criteria.all.every((c) => holdsCriterion(c, event))
    && (criteria.any.length === 0 || criteria.any.some((c) => holdsCriterion(c, event)));
}

/** Identity of a value for distinct counting: type plus value. */
function valueKey(v: unknown): string {
  return typeof v === 'object' ? `o:${JSON.stringify(v)}` : `${typeof v}:${String(v)}`;
}

function byTimeThenArrival(a: Contribution, b: Contribution): number {
  return a.t - b.t || a.arrival - b.arrival;
}

function copyDefault(attr: AttributeDef): unknown {
  return attr.defaultValue === undefined ? null : structuredClone(attr.defaultValue);
}

function finishNumber(attr: AttributeDef, n: number): number {
  return attr.type === 'int32' || attr.type === 'int64' ? Math.trunc(n) : n;
}

/** Per distinct value: the value, its count and the position of its most recent occurrence. */
function tallyValues(cs: readonly Contribution[]): { value: unknown; count: number; last: number }[] {
  const sorted = [...cs].sort(byTimeThenArrival);
  const tally = new Map<string, { value: unknown; count: number; last: number }>();
  sorted.forEach((c, pos) => {
    const k = valueKey(c.value);
    const entry = tally.get(k);
    if (entry === undefined) tally.set(k, { value: c.value, count: 1, last: pos });
    else {
      entry.count += 1;
      entry.last = pos;
    }
  });
  return [...tally.values()];
}

/** Aggregates the contributions that count at `now` (§11, §14 items 16, 24–26). */
function aggregate(attr: AttributeDef, cs: readonly Contribution[], now: number): unknown {
  if (cs.length === 0) return copyDefault(attr);
  const numbers = cs.map((c) => c.value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  switch (attr.aggregation) {
    case 'counter':
      return cs.length;
    case 'sum':
      return numbers.length === 0 ? copyDefault(attr) : finishNumber(attr, numbers.reduce((s, x) => s + x, 0));
    case 'min':
      return numbers.length === 0 ? copyDefault(attr) : finishNumber(attr, Math.min(...numbers));
    case 'max':
      return numbers.length === 0 ? copyDefault(attr) : finishNumber(attr, Math.max(...numbers));
    case 'mean':
      return numbers.length === 0
        ? copyDefault(attr)
        : finishNumber(attr, numbers.reduce((s, x) => s + x, 0) / numbers.length);
    case 'first':
      return [...cs].sort(byTimeThenArrival)[0]?.value ?? null;
    case 'last':
      return [...cs].sort(byTimeThenArrival).at(-1)?.value ?? null;
    case 'unique_list':
      return tallyValues(cs).sort((a, b) => a.last - b.last).slice(-CAP).map((e) => e.value);
    case 'most_frequent':
    case 'least_frequent': {
      const sign = attr.aggregation === 'most_frequent' ? 1 : -1;
      const best = tallyValues(cs).sort((a, b) => sign * (b.count - a.count) || b.last - a.last)[0];
      return best === undefined ? copyDefault(attr) : best.value;
    }
    case 'category_count': {
      const counts = new Map<string, { count: number; last: number }>();
      [...cs].sort(byTimeThenArrival).forEach((c, pos) => {
        const k = typeof c.value === 'object' ? JSON.stringify(c.value) : String(c.value);
        counts.set(k, { count: (counts.get(k)?.count ?? 0) + 1, last: pos });
      });
      const top = [...counts].sort((a, b) => b[1].count - a[1].count || b[1].last - a[1].last).slice(0, CAP);
      return Object.fromEntries(top.map(([k, e]) => [k, e.count]));
    }
    case 'approx_count_distinct':
      return tallyValues(cs).length;
    case 'time_since_first':
    case 'time_since_last': {
      const ts = cs.map((c) => c.t);
      const t = attr.aggregation === 'time_since_first' ? Math.min(...ts) : Math.max(...ts);
      return Math.max(0, now - t) / (UNIT_MS[attr.timeUnit ?? 's'] ?? 1000);
    }
  }
}

const NUMERIC_ONLY = new Set(['sum', 'min', 'max', 'mean']);

/** The contributions of one attribute from the events of one id (in arrival order). */
function collectContributions(attr: AttributeDef, entries: readonly { event: AtomicEvent; arrival: number }[]): Contribution[] {
  const out: Contribution[] = [];
  for (const { event, arrival } of entries) {
    if (!matchesEvents(attr.events, event) || !holdsCriteria(attr.criteria, event)) continue;
    let value: unknown = null;
    if (NEEDS_NO_PROPERTY.has(attr.aggregation)) value = true;
    else if (attr.property !== null) value = readProperty(attr.property, event);
    if (value === null) continue;
    // A value a numeric aggregation ignores is no update: it neither counts nor restarts a TTL.
    if (NUMERIC_ONLY.has(attr.aggregation) && (typeof value !== 'number' || !Number.isFinite(value))) continue;
    out.push({ t: event.derivedTstamp, arrival, value });
  }
  return out;
}

/** The value of one attribute at `now`, given the events of one id in arrival order. */
function computeAttribute(attr: AttributeDef, entries: readonly { event: AtomicEvent; arrival: number }[], now: number): unknown {
  const all = collectContributions(attr, entries);
  if (attr.periodMs !== null) {
    const period = attr.periodMs;
    return aggregate(attr, all.filter((c) => now - period < c.t && c.t <= now), now);
  }
  if (attr.ttlMs === null) return aggregate(attr, all, now);
  // Lifetime with TTL: an event arriving when the state has expired (its time − last update ≥ ttl)
  // starts from scratch; a read at `now` past expiry gives null.
  const ttl = attr.ttlMs;
  let segment: Contribution[] = [];
  let lastUpdate = -Infinity;
  for (const c of all) {
    if (segment.length > 0 && c.t - lastUpdate >= ttl) segment = [];
    lastUpdate = segment.length === 0 ? c.t : Math.max(lastUpdate, c.t);
    segment.push(c);
  }
  if (segment.length > 0 && now - lastUpdate >= ttl) return null;
  return aggregate(attr, segment, now);
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

function isComputed(g: AttributeGroupDef): boolean {
  return g.kind === 'stream' && g.online;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length
    && ka.every((k) => Object.hasOwn(b, k)
      && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function collectLeaves(node: InterventionNode, out: Extract<InterventionNode, { op: 'leaf' }>[] = []): typeof out {
  if (node.op === 'leaf') out.push(node);
  else node.children.forEach((c) => collectLeaves(c, out));
  return out;
}

function newUuid(): string {
  return globalThis.crypto.randomUUID();
}

/** Creates the naive reference engine over `defs` (same contract as the real `EdgeEngine`). */
export function createNaiveEngine(defs: Definitions): EdgeEngine {
  const groups = defs.groups.filter(isComputed);
  const keyByName = new Map<string, AttributeKeyDef>();
  for (const g of groups) if (!keyByName.has(g.key.name)) keyByName.set(g.key.name, g.key);
  const log: AtomicEvent[] = [];
  const seenIds: { key: string; id: string }[] = [];
  const seen = new Set<string>();

  /** Events (with arrival index) among the first `n` that carry `id` for `group`'s key. */
  function eventsOf(group: AttributeGroupDef, id: string, n: number): { event: AtomicEvent; arrival: number }[] {
    const out: { event: AtomicEvent; arrival: number }[] = [];
    for (let i = 0; i < n; i++) {
      const event = log[i] as AtomicEvent;
      if (readKeyId(group.key, event) === id) out.push({ event, arrival: i });
    }
    return out;
  }

  function carried(keyName: string, id: string, n: number): boolean {
    const key = keyByName.get(keyName);
    if (key === undefined) return false;
    for (let i = 0; i < n; i++) if (readKeyId(key, log[i] as AtomicEvent) === id) return true;
    return false;
  }

  /** One attribute's value for `id` over the first `n` events; null for an unseen id. */
  function readOne(group: AttributeGroupDef, attr: AttributeDef, id: string, n: number, now: number): unknown {
    if (!carried(group.key.name, id, n)) return null;
    return computeAttribute(attr, eventsOf(group, id, n), now);
  }

  function readPrefix(keyName: string, id: string, n: number, now: number): Record<string, unknown> | null {
    if (!carried(keyName, id, n)) return null;
    const out: Record<string, unknown> = {};
    for (const g of groups) {
      if (g.key.name !== keyName) continue;
      const entries = eventsOf(g, id, n);
      for (const a of g.attributes) out[`${g.name}_v${g.version}:${a.name}`] = computeAttribute(a, entries, now);
    }
    return out;
  }

  /** `group:attribute` → the latest computed version of that group holding the attribute. */
  function resolveGroup(name: string, attribute: string): { group: AttributeGroupDef; attr: AttributeDef } | null {
    let best: { group: AttributeGroupDef; attr: AttributeDef } | null = null;
    for (const g of groups) {
      if (g.name !== name) continue;
      const attr = g.attributes.find((a) => a.name === attribute);
      if (attr !== undefined && (best === null || g.version > best.group.version)) best = { group: g, attr };
    }
    return best;
  }

  function targetKey(name: string): AttributeKeyDef {
    return defs.keys.find((k) => k.name === name) ?? keyByName.get(name)
      ?? { name, description: null, property: { kind: 'atomic', name, datePart: null }, ttlMs: null };
  }

  function evaluateIntervention(iv: InterventionDef, event: AtomicEvent): FiredIntervention[] {
    const n = log.length;
    const now = event.derivedTstamp;
    const leaves = collectLeaves(iv.criteria);
    /** Before/after values of each distinct `group:attribute`, read for the id the event carries. */
    const values = new Map<string, { before: unknown; after: unknown; group: string; attribute: string; keyName: string | null }>();
    for (const leaf of leaves) {
      const ref = `${leaf.group}:${leaf.attribute}`;
      if (values.has(ref)) continue;
      const resolved = resolveGroup(leaf.group, leaf.attribute);
      let before: unknown = null;
      let after: unknown = null;
      if (resolved !== null) {
        const id = readKeyId(resolved.group.key, event);
        if (id !== null) {
          before = readOne(resolved.group, resolved.attr, id, n - 1, now);
          after = readOne(resolved.group, resolved.attr, id, n, now);
        }
      }
      values.set(ref, { before, after, group: leaf.group, attribute: leaf.attribute, keyName: resolved?.group.key.name ?? null });
    }
    const evaluate = (node: InterventionNode, phase: 'before' | 'after'): boolean => {
      if (node.op !== 'leaf') {
        if (node.op === 'all') return node.children.every((c) => evaluate(c, phase));
        if (node.op === 'any') return node.children.some((c) => evaluate(c, phase));
        return !node.children.some((c) => evaluate(c, phase));
      }
      const v = values.get(`${node.group}:${node.attribute}`);
      if (v === undefined) return false;
      if (node.operator === 'changed') return phase === 'after' && !deepEqual(v.before, v.after);
      return applyOperator(node.operator, phase === 'before' ? v.before : v.after, node.value);
    };
    if (evaluate(iv.criteria, 'before') || !evaluate(iv.criteria, 'after')) return [];

    const bareCount = new Map<string, Set<string>>();
    for (const v of values.values()) {
      const groupsWithName = bareCount.get(v.attribute) ?? new Set<string>();
      groupsWithName.add(v.group);
      bareCount.set(v.attribute, groupsWithName);
    }
    // As Signals sends them: text (JSON text for anything but a string), nulls left out.
    const attributes: Record<string, string> = {};
    for (const [ref, v] of values) {
      const clash = (bareCount.get(v.attribute)?.size ?? 0) > 1;
      if (v.after === null || v.after === undefined) continue;
      attributes[clash ? ref : v.attribute] = typeof v.after === 'string' ? v.after : JSON.stringify(v.after);
    }

    const keyNames = iv.targets ?? [...new Set([...values.values()].flatMap((v) => (v.keyName === null ? [] : [v.keyName])))];
    const fired: FiredIntervention[] = [];
    const done = new Set<string>();
    const interventionId = newUuid(); // one crossing, one id, whatever the number of targets (spec §10)
    for (const keyName of keyNames) {
      const id = readKeyId(targetKey(keyName), event);
      if (id === null || done.has(`${keyName}\u0000${id}`)) continue;
      done.add(`${keyName}\u0000${id}`);
      fired.push({
        intervention_id: interventionId,
        name: iv.name,
        version: iv.version,
        attributes: { ...attributes },
        target_attribute_key: { name: keyName, id },
        event_id: String(event.atomic['event_id'] ?? ''),
        fired_at: event.derivedTstamp,
      });
    }
    return fired;
  }

  return {
    process(event: AtomicEvent): ProcessResult {
      log.push(event);
      for (const [name, key] of keyByName) {
        const id = readKeyId(key, event);
        if (id !== null && !seen.has(`${name}\u0000${id}`)) {
          seen.add(`${name}\u0000${id}`);
          seenIds.push({ key: name, id });
        }
      }
      return { fired: defs.interventions.flatMap((iv) => evaluateIntervention(iv, event)) };
    },
    read(keyName: string, id: string, now: number): Record<string, unknown> | null {
      return readPrefix(keyName, id, log.length, now);
    },
    ids(): Iterable<{ key: string; id: string }> {
      return seenIds.map((x) => ({ ...x }));
    },
  };
}
