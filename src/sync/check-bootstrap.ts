import { SignalsEdgeError } from '../errors.js';
import { isRecord } from '../is-record.js';

/**
 * Values a server read from Signals for one id (a server-rendered page hands them to the client): shown
 * while the stored state loads, then taken as a server answer read at `readAt`, so they reconcile as a
 * refresh does (local events the server had not counted are added once; nothing fires because of them).
 */
export interface SignalsBootstrap {
  /** The attribute key the values are for (`domain_userid`, `user_id`, …). */
  attributeKey: string;
  /** The key's id the values are for: they are used only while it is the tracker's current id. */
  id: string;
  /** The values, keyed as `getAttributes` keys them (or as Signals names them). */
  values: Record<string, unknown>;
  /** When Signals was read, epoch ms on the server's clock. */
  readAt: number;
}

/**
 * The bootstrap's values when they are for what `selection` reads (its key, and its id or else
 * `currentId`), else none: what is shown before the stored state is read.
 */
export function bootstrapValuesFor(
  bootstrap: SignalsBootstrap | null, selection: { attributeKey?: string; id?: string }, currentId: string | null,
): Readonly<Record<string, unknown>> {
  if (bootstrap === null || (selection.attributeKey !== undefined && selection.attributeKey !== bootstrap.attributeKey)) return {};
  return (selection.id ?? currentId) === bootstrap.id ? bootstrap.values : {};
}

/** `value` as a bootstrap, or an error naming what is wrong with it. */
export function checkBootstrap(value: unknown): SignalsBootstrap {
  if (!isRecord(value)) throw new SignalsEdgeError('bootstrap: expected { attributeKey, id, values, readAt }');
  const { attributeKey, id, values, readAt } = value;
  if (typeof attributeKey !== 'string' || attributeKey === '') throw new SignalsEdgeError('bootstrap.attributeKey: expected the name of an attribute key');
  if (typeof id !== 'string' || id === '') throw new SignalsEdgeError('bootstrap.id: expected the id the values are for');
  if (!isRecord(values)) throw new SignalsEdgeError('bootstrap.values: expected an object of attribute values');
  if (typeof readAt !== 'number' || !Number.isFinite(readAt)) throw new SignalsEdgeError('bootstrap.readAt: expected epoch milliseconds');
  return { attributeKey, id, values, readAt };
}
