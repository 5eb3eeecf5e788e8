import type { Definitions } from '../definitions/types.js';
import { randomUuid } from '../random-uuid.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { compileIntervention, type CompiledIntervention } from '../rules/compile-intervention.js';
import { evaluateCrossing } from '../rules/evaluate-crossings.js';
import type { EngineState, IdState, KeyState } from '../state/state-types.js';
import { sameValue } from './aggregations/aggregator.js';
import { addContribution, readState } from './attribute-state.js';
import { compilePlan, type CompiledAttribute, type Plan } from './compile-plan.js';
import type { EdgeEngine, FiredIntervention, ProcessResult } from './engine-types.js';

export interface EngineOptions {
  /** Makes `intervention_id`s; defaults to a random UUID v4. */
  newId?: () => string;
  state?: EngineState;
}

/** A plan with its interventions compiled and indexed by the attributes they read. */
export interface Program {
  plan: Plan;
  interventions: CompiledIntervention[];
  byAttribute: Map<string, CompiledIntervention[]>;
}

export function compileProgram(definitions: Definitions): Program {
  const plan = compilePlan(definitions);
  const interventions = definitions.interventions.map((def) => compileIntervention(definitions, def));
  const byAttribute = new Map<string, CompiledIntervention[]>();
  for (const intervention of interventions) {
    for (const ref of intervention.refs) {
      const list = byAttribute.get(ref.id) ?? [];
      list.push(intervention);
      byAttribute.set(ref.id, list);
    }
  }
  return { plan, interventions, byAttribute };
}

export function createEngineState(): EngineState {
  return { ids: new Map(), ledger: {}, seq: 0 };
}

export function stateKey(keyName: string, id: string): string {
  return `${keyName}\u0000${id}`;
}

/** The value of one attribute for one id at `now`: null for an unseen id or an expired value, else the aggregate or the default. */
export function readAttributeValue(program: Program, state: EngineState, attributeId: string, id: string | null, now: number): unknown {
  const attr = program.plan.attributes.get(attributeId);
  if (attr === undefined || id === null) return null;
  const idState = state.ids.get(stateKey(attr.group.key.name, id));
  return idState === undefined ? null : readLocal(attr, idState, now);
}

function finishValue(attr: CompiledAttribute, raw: unknown): unknown {
  if (raw === undefined) return attr.def.defaultValue;
  return raw === null ? null : attr.finish(raw);
}

/** What one event added to one attribute of one id. */
export interface Contribution {
  attr: CompiledAttribute;
  /** The id of the attribute's key that the event carries. */
  id: string;
  value: unknown;
}

export interface ProcessOptions {
  /** Makes `intervention_id`s. */
  newId: () => string;
  /**
   * The value crossings are evaluated on (default: the local state). The browser shows the local state
   * reconciled with the server's values (reconcile.md), and evaluates on that.
   */
  readShown?: (attr: CompiledAttribute, idState: IdState, now: number) => unknown;
  /** Told what the event contributed, once applied and before crossings are evaluated. */
  onApplied?: ((contributions: readonly Contribution[], t: number, q: number) => void) | undefined;
}

/** The local value of an attribute for a seen id. */
export function readLocal(attr: CompiledAttribute, idState: IdState, now: number): unknown {
  return finishValue(attr, readState(attr, idState.attributes[attr.id], now));
}

/**
 * Applies one event (design "Data flow"): every attribute it matches, then the crossings of the
 * interventions reading those attributes, evaluated before and after at the event's derived_tstamp.
 */
export function processEvent(program: Program, state: EngineState, event: AtomicEvent, options: ProcessOptions): ProcessResult {
  const readShown = options.readShown ?? readLocal;
  const { plan } = program;
  const t = event.derivedTstamp;
  const q = ++state.seq;
  const ids = new Map<string, string | null>();
  const idOf = (keyName: string): string | null => {
    let id = ids.get(keyName);
    if (id === undefined) {
      id = plan.keys.get(keyName)?.idOf(event) ?? null;
      ids.set(keyName, id);
    }
    return id;
  };
  /** The state of the id the event carries for a key, created on first use; one lookup per key per event. */
  const states = new Map<string, KeyState>();
  const keyStateOf = (keyName: string, id: string): KeyState => {
    let attributes = states.get(keyName);
    if (attributes === undefined) {
      const k = stateKey(keyName, id);
      let idState = state.ids.get(k);
      if (idState === undefined) state.ids.set(k, (idState = { key: keyName, id, attributes: {} }));
      states.set(keyName, (attributes = idState.attributes));
    }
    return attributes;
  };
  /** Every id the event carries for a computed group's key is seen from now on (listed, reads defaults). */
  const markSeen = () => {
    for (const keyName of plan.groupKeys) {
      const id = idOf(keyName);
      if (id !== null) keyStateOf(keyName, id);
    }
  };

  const contributions: Contribution[] = [];
  for (const attr of plan.candidates(event)) {
    const id = idOf(attr.group.key.name);
    if (id === null || !attr.matches(event)) continue;
    const value = attr.valueOf(event);
    if (value !== undefined && attr.agg.accepts(value)) contributions.push({ attr, value, id });
  }
  if (contributions.length === 0) {
    markSeen();
    return { fired: [] };
  }

  const affected = new Set<CompiledIntervention>();
  for (const { attr } of contributions) for (const i of program.byAttribute.get(attr.id) ?? []) affected.add(i);
  const snapshot = () => {
    const values = new Map<string, unknown>();
    const byKey = new Map<string, IdState | undefined>();
    for (const intervention of affected) {
      for (const ref of intervention.refs) {
        if (values.has(ref.id)) continue;
        const attr = plan.attributes.get(ref.id);
        if (attr === undefined) {
          values.set(ref.id, null);
          continue;
        }
        const keyName = attr.group.key.name;
        if (!byKey.has(keyName)) {
          const id = idOf(keyName);
          byKey.set(keyName, id === null ? undefined : state.ids.get(stateKey(keyName, id)));
        }
        const idState = byKey.get(keyName);
        values.set(ref.id, idState === undefined ? null : readShown(attr, idState, t));
      }
    }
    return values;
  };
  // Before the event an id it brings for the first time is unseen: its values read null (spec §14 item 16).
  const before = affected.size > 0 ? snapshot() : null;
  markSeen();

  for (const { attr, value, id } of contributions) {
    const keyState = keyStateOf(attr.group.key.name, id);
    keyState[attr.id] = addContribution(attr, keyState[attr.id], value, t, q);
  }
  options.onApplied?.(contributions, t, q);
  if (before === null) return { fired: [] };

  const after = snapshot();
  const changed = new Set<string>();
  for (const [attrId, value] of after) if (!sameValue(value, before.get(attrId))) changed.add(attrId);
  const eventId = typeof event.atomic.event_id === 'string' && event.atomic.event_id !== '' ? event.atomic.event_id : `#${q}`;
  const fired: FiredIntervention[] = [];
  for (const intervention of affected) {
    fired.push(...evaluateCrossing({
      intervention,
      before: (attrId) => before.get(attrId),
      after: (attrId) => after.get(attrId),
      changed,
      eventId,
      tstamp: t,
      targetId: idOf,
      ledger: state.ledger,
      newId: options.newId,
    }));
  }
  return { fired };
}

/** Values of every computed attribute on `keyName` for `id` at `now`, keyed by attribute id; null for an unseen id. */
export function readKey(program: Program, state: EngineState, keyName: string, id: string, now: number): Record<string, unknown> | null {
  if (!state.ids.has(stateKey(keyName, id))) return null;
  const out: Record<string, unknown> = {};
  for (const group of program.plan.groups) {
    if (group.key.name !== keyName) continue;
    for (const attr of group.attributes) out[attr.id] = readAttributeValue(program, state, attr.id, id, now);
  }
  return out;
}

/** The engine over in-memory state, for the replay CLI and the dev server. */
export function createEngine(definitions: Definitions, options: EngineOptions = {}): EdgeEngine {
  const program = compileProgram(definitions);
  const state = options.state ?? createEngineState();
  const newId = options.newId ?? randomUuid;
  return {
    process: (event) => processEvent(program, state, event, { newId }),
    read: (keyName, id, now) => readKey(program, state, keyName, id, now),
    *ids() {
      for (const { key, id } of state.ids.values()) yield { key, id };
    },
  };
}
