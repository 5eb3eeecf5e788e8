import type { Logger } from '@snowplow/tracker-core';
import { createEngineState } from '../engine/engine-state.js';
import type { Program } from '../pipeline/compile-program.js';
import type { EngineState, SyncState } from '../state/state-types.js';
import { createReconciler, type Reconciler } from '../sync/create-reconciler.js';

/**
 * What the parts of one runtime share. `state`, `sync` and `reconciler` are replaced whole (a tab adopting
 * another tab's state, clearLocalState), so a part keeps the session, never its fields.
 */
export interface RuntimeSession {
  state: EngineState;
  /** Per id state key: the server's values and the journal of events it has not counted yet. */
  sync: Map<string, SyncState>;
  /** Null until the definitions load. */
  program: Program | null;
  /** Null until the definitions load. */
  reconciler: Reconciler | null;
  /** Server clock − local clock, from the `Date` header; 0 within its one-second resolution. */
  clockOffset: number;
  /** A server is configured: local events are journaled until it has them. */
  readonly journal: boolean;
  closed: boolean;
  /** Warns through the tracker's logger (the console without one). */
  warn(message: string, error?: unknown): void;
  /** Warns once per topic (the first WARNED_LIMIT topics; past them such warnings stop). */
  warnOnce(topic: string, message: string, error?: unknown): void;
  /** Runs `fn`; what it throws is warned once per topic and reaches neither the page nor the tracker. */
  guard(topic: string, fn: () => void): void;
}

/** Distinct topics warned at most: topics can carry server text, so the set stays bounded. */
const WARNED_LIMIT = 100;

export function createRuntimeSession(journal: boolean, logger: Logger | null): RuntimeSession {
  const warned = new Set<string>();
  const session: RuntimeSession = {
    state: createEngineState(),
    sync: new Map(),
    program: null,
    reconciler: null,
    clockOffset: 0,
    journal,
    closed: false,
    warn(message, error) {
      (logger ?? console).warn(`signals-edge: ${message}`, error);
    },
    warnOnce(topic, message, error) {
      if (warned.has(topic) || warned.size >= WARNED_LIMIT) return;
      warned.add(topic);
      session.warn(message, error);
    },
    guard(topic, fn) {
      try {
        fn();
      } catch (error) {
        session.warnOnce(topic, `${topic} failed; the page and the tracker are not affected`, error);
      }
    },
  };
  return session;
}

/** The definitions are loaded: the session runs `program`, reconciling its current state. */
export function setProgram(session: RuntimeSession, program: Program): void {
  session.program = program;
  session.reconciler = createReconciler(program.plan, session.state, session.sync, session.journal);
}

/** Starts the session over from empty state (its program stays): what follows is adopted, restored or nothing. */
export function replaceState(session: RuntimeSession): void {
  session.state = createEngineState();
  session.sync = new Map();
  if (session.program !== null) setProgram(session, session.program);
}

/** Now on the server's clock (epoch ms). */
export function serverNow(session: RuntimeSession): number {
  return Date.now() + session.clockOffset;
}
