// The shapes of the state one browser keeps: produced by the engine, the rules and the reconciler, kept by
// the store. Plain JSON-like data, so any of them can be written, read back and handed to another tab.

/** A lifetime attribute: the aggregate and the derived_tstamp of its latest contribution (for the TTL). */
export interface LifetimeState { a: unknown; u: number }

/** Contributions folded together when a window holds more than its cap of entries. */
export interface WindowBucket { lo: number; hi: number; a: unknown }

/**
 * A rolling-window attribute: its contributions ordered by (derived_tstamp, arrival), as three parallel
 * columns (times `t`, arrival ordinals `q`, values `v`: compact in memory and in IndexedDB), and any
 * compacted buckets.
 */
export interface WindowState { t: number[]; q: number[]; v: unknown[]; b: WindowBucket[] }

export type AttributeState = LifetimeState | WindowState;

/** The state of one id of one key: attribute id → aggregation state. */
export type KeyState = Record<string, AttributeState>;

/** One id of one key that some event carried, with its attribute states. */
export interface IdState {
  key: string;
  id: string;
  attributes: KeyState;
}

/** The last crossing fired per (intervention name+version, target key, target id). */
export type Ledger = Record<string, LedgerEntry>;

/** One fired crossing: the event that made it and its derived_tstamp. */
export interface LedgerEntry { e: string; t: number }

/** Everything the engine remembers: plain data, so a shell can persist it. */
export interface EngineState {
  /** `stateKey(key, id)` → state, in first-seen order. */
  ids: Map<string, IdState>;
  ledger: Ledger;
  /** Arrival ordinal of the last event applied. */
  seq: number;
}

/** A local event the server may not have processed yet (the pending journal). */
export interface PendingEvent {
  /** event_id */
  e: string;
  /** derived_tstamp, epoch ms */
  t: number;
  /** arrival ordinal */
  q: number;
  /** When it was tracked, on the server's clock (epoch ms): past the horizon it counts as processed. */
  s: number;
  /** Tracked before the server's clock was known: `s` is the device's time until the first answer. */
  u?: true;
  /** Attribute id → the value the event contributed to it. */
  c: Record<string, unknown>;
}

/** The last values Signals returned for one id of one key. */
export interface ServerValues {
  /** Attribute id (`<group>_v<version>:<attribute>`) → value; absent = not requested. */
  values: Record<string, unknown>;
  /** When the server computed them (server clock, from the `Date` header, epoch ms). */
  fetchedAt: number;
}

/** The reconciliation state of one id of one key. */
export interface SyncState {
  server: ServerValues | null;
  /** Oldest first. */
  pending: PendingEvent[];
}
