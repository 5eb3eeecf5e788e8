/** A local event the server may not have processed yet (reconcile.md "pending journal"). */
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
