import { stateKey } from '../engine/engine-state.js';
import type { SignalsBootstrap } from '../sync/check-bootstrap.js';
import { resolveColumns } from '../sync/resolve-columns.js';
import { serverNow, type RuntimeSession } from './runtime-session.js';

/**
 * Takes the bootstrap as the server's answer for its id, unless the state already holds a later one;
 * returns the state key it changed, or null.
 */
export function receiveBootstrap(session: RuntimeSession, bootstrap: SignalsBootstrap): string | null {
  const { program, reconciler } = session;
  if (program === null || reconciler === null || !program.plan.groupKeys.includes(bootstrap.attributeKey)) return null;
  const k = stateKey(bootstrap.attributeKey, bootstrap.id);
  const known = session.sync.get(k)?.server;
  if (known != null && known.fetchedAt >= bootstrap.readAt) return null;
  const values = resolveColumns(program.plan, bootstrap.attributeKey, bootstrap.values);
  reconciler.receive(bootstrap.attributeKey, bootstrap.id, { values, fetchedAt: bootstrap.readAt }, serverNow(session));
  return k;
}
