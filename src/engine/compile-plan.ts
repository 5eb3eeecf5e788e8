import { AGGREGATIONS } from '../definitions/types.js';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Criteria, Definitions, EventRef, InterventionDef, PropertyRef,
} from '../definitions/types.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import type { Aggregator } from './aggregations/aggregator.js';
import type { StateSpec } from './attribute-state.js';
import { compileCriteria, type EventPredicate } from './compile-criteria.js';
import { compileProperty, type PropertyGetter } from './compile-property.js';
import { createAggregator } from './create-aggregator.js';

/** An attribute ready to run: its aggregation, filter and property getter. */
export interface CompiledAttribute extends StateSpec {
  /** `<group>_v<version>:<attribute>`: the attribute's id in state, output and get-online-attributes. */
  id: string;
  def: AttributeDef;
  group: CompiledGroup;
  agg: Aggregator;
  matches: EventPredicate;
  /** The contributed value; attributes without a property contribute derived_tstamp. */
  valueOf: PropertyGetter;
  /** Turns an aggregate into the attribute's typed value (int32/int64 → integers). */
  finish: (value: unknown) => unknown;
}

export interface CompiledKey {
  name: string;
  /** The key's id in an event, or null when the event carries none (empty is none). */
  idOf: (event: AtomicEvent) => string | null;
}

export interface CompiledGroup {
  /** `<name>_v<version>` */
  id: string;
  def: AttributeGroupDef;
  key: CompiledKey;
  attributes: CompiledAttribute[];
}

export interface Plan {
  definitions: Definitions;
  /** Groups computed on the edge: stream groups that are online. */
  groups: CompiledGroup[];
  attributes: Map<string, CompiledAttribute>;
  /** Every key some computed group or intervention target uses. */
  keys: Map<string, CompiledKey>;
  /** Names of the keys of the computed groups. */
  groupKeys: string[];
  /** Attributes whose event selector matches an event: the per-event index (docs/architecture.md#deploy-time-and-run-time). */
  candidates: (event: AtomicEvent) => readonly CompiledAttribute[];
  interventions: InterventionDef[];
  /** The atomic columns some key, property or filter reads: all an event view needs to carry. */
  columns: ReadonlySet<string>;
}

const INTEGER_TYPES = new Set(['int32', 'int64']);
/** Aggregations that keep values themselves (up to 100 of them). */
const KEEPS_VALUES = new Set(['first', 'last', 'unique_list', 'most_frequent', 'least_frequent', 'category_count']);
/** Longest value kept: longer strings are cut to this many characters, larger lists and objects are not kept. */
export const MAX_KEPT_VALUE_CHARS = 4096;

/** Keeps one attribute's state bounded whatever the events carry (a 1 MB string, a 100,000-item list). */
function boundValue(get: PropertyGetter): PropertyGetter {
  return (event) => {
    const value = get(event);
    if (typeof value === 'string') return value.length > MAX_KEPT_VALUE_CHARS ? value.slice(0, MAX_KEPT_VALUE_CHARS) : value;
    if (value !== null && typeof value === 'object') return JSON.stringify(value).length > MAX_KEPT_VALUE_CHARS ? undefined : value;
    return value;
  };
}
/** counter ignores `property`; time_since_* read derived_tstamp (docs/semantics.md#aggregations). */
const USES_PROPERTY = new Set(AGGREGATIONS.filter((a) => a !== 'counter' && !a.startsWith('time_since')));

/** Compiles definitions into a plan: an event index and precompiled getters and predicates. */
export function compilePlan(definitions: Definitions): Plan {
  const keys = new Map<string, CompiledKey>();
  const keyFor = (def: AttributeKeyDef): CompiledKey => {
    let key = keys.get(def.name);
    if (key === undefined) {
      const get = compileProperty(def.property);
      key = { name: def.name, idOf: (event) => toId(get(event)) };
      keys.set(def.name, key);
    }
    return key;
  };
  for (const key of definitions.keys) keyFor(key);
  for (const group of definitions.groups) keyFor(group.key);

  const groups: CompiledGroup[] = [];
  const attributes = new Map<string, CompiledAttribute>();
  const shared = createSharedCompiler();
  for (const def of definitions.groups) {
    if (def.kind !== 'stream' || !def.online) continue;
    const group: CompiledGroup = { id: `${def.name}_v${def.version}`, def, key: keyFor(def.key), attributes: [] };
    for (const attr of def.attributes) {
      const compiled = compileAttribute(attr, group, shared);
      group.attributes.push(compiled);
      attributes.set(compiled.id, compiled);
    }
    groups.push(group);
  }
  for (const intervention of definitions.interventions) {
    for (const name of intervention.targets ?? []) {
      if (!keys.has(name)) keyFor({ name, description: null, property: { kind: 'atomic', name, datePart: null }, ttlMs: null });
    }
  }
  const groupKeys = [...new Set(groups.map((g) => g.key.name))];
  return {
    definitions, groups, attributes, keys, groupKeys, candidates: createEventIndex([...attributes.values()]),
    interventions: definitions.interventions, columns: collectColumns(definitions),
  };
}

/** Every atomic column named by a key, an attribute's property or a filter (intervention targets are keys). */
function collectColumns(definitions: Definitions): Set<string> {
  const columns = new Set<string>();
  const add = (ref: PropertyRef | null) => {
    if (ref?.kind === 'atomic') columns.add(ref.name === 'refr_device_tstamp' ? 'refr_dvce_tstamp' : ref.name);
  };
  for (const key of definitions.keys) add(key.property);
  for (const intervention of definitions.interventions) for (const name of intervention.targets ?? []) columns.add(name);
  for (const group of definitions.groups) {
    add(group.key.property);
    for (const attr of group.attributes) {
      add(attr.property);
      for (const c of [...attr.criteria.all, ...attr.criteria.any]) add(c.property);
    }
  }
  return columns;
}

/**
 * Attributes often read the same property and share the same filter (the ecommerce action type, a
 * product's price): compile each distinct one once, and compute it once per event.
 */
function createSharedCompiler() {
  const getters = new Map<string, PropertyGetter>();
  const predicates = new Map<string, EventPredicate>();
  const property = (ref: PropertyRef): PropertyGetter => intern(getters, JSON.stringify(ref), () => compileProperty(ref));
  return {
    property,
    criteria: (criteria: Criteria): EventPredicate =>
      intern(predicates, JSON.stringify(criteria), () => compileCriteria(criteria, property)),
  };
}

function intern<T extends (event: AtomicEvent) => unknown>(cache: Map<string, T>, key: string, make: () => T): T {
  let fn = cache.get(key);
  if (fn === undefined) cache.set(key, (fn = rememberLastEvent(make())));
  return fn;
}

/** Computes `fn` once per event object (events are immutable views). */
function rememberLastEvent<T extends (event: AtomicEvent) => unknown>(fn: T): T {
  let last: AtomicEvent | null = null;
  let value: unknown;
  return ((event: AtomicEvent) => {
    if (event !== last) {
      value = fn(event);
      last = event;
    }
    return value;
  }) as T;
}

function compileAttribute(def: AttributeDef, group: CompiledGroup, shared: ReturnType<typeof createSharedCompiler>): CompiledAttribute {
  const derivedTstamp: PropertyGetter = (event) => event.derivedTstamp;
  const integer = INTEGER_TYPES.has(def.type);
  return {
    id: `${group.id}:${def.name}`,
    def,
    group,
    agg: createAggregator(def),
    periodMs: def.periodMs,
    ttlMs: def.periodMs === null ? def.ttlMs : null,
    matches: shared.criteria(def.criteria),
    valueOf: def.property === null || !USES_PROPERTY.has(def.aggregation) ? derivedTstamp
      : KEEPS_VALUES.has(def.aggregation) ? boundValue(shared.property(def.property)) : shared.property(def.property),
    finish: integer ? (v) => (typeof v === 'number' ? Math.trunc(v) : v) : (v) => v,
  };
}

function toId(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

function selects(ref: EventRef, vendor: unknown, name: unknown, version: unknown): boolean {
  return (ref.vendor === null || ref.vendor === vendor)
    && (ref.name === null || ref.name === name)
    && (ref.version === null || ref.version === version);
}

const INDEX_LIMIT = 512;

/**
 * Per (event_vendor, event_name, event_version), the attributes whose `events` select it, memoised:
 * per-event cost follows the attributes that can match, not all of them.
 */
function createEventIndex(all: CompiledAttribute[]): (event: AtomicEvent) => readonly CompiledAttribute[] {
  const memo = new Map<string, CompiledAttribute[]>();
  return (event) => {
    const { event_vendor: vendor, event_name: name, event_version: version } = event.atomic;
    const key = `${String(vendor)}\u0000${String(name)}\u0000${String(version)}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      hit = all.filter((a) => a.def.events.length === 0 || a.def.events.some((ref) => selects(ref, vendor, name, version)));
      if (memo.size >= INDEX_LIMIT) memo.clear();
      memo.set(key, hit);
    }
    return hit;
  };
}
