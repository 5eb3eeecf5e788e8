import { stateKey } from '../engine/engine-state.js';
import { fitsAttribute } from '../store/is-stored-state.js';
import type { RecentIds } from './create-recent-ids.js';
import type { TabState } from './open-tab-channel.js';
import type { RuntimeSession } from './runtime-session.js';

/**
 * Takes stored state, or another tab's, into the session: what the page holds already wins, and
 * attributes the current definitions no longer compute are dropped (`changed` is told the ids that lost
 * some, to be written back). Returns how many attribute states of another aggregation or period start over.
 */
export function restoreState(session: RuntimeSession, snapshot: TabState, applied: RecentIds, changed: (k: string) => void): number {
  const { plan } = session.program!;
  const { state, sync } = session;
  state.seq = Math.max(state.seq, snapshot.seq);
  state.ledger = { ...snapshot.ledger, ...state.ledger };
  for (const id of snapshot.recent) applied.add(id);
  let misfits = 0;
  for (const stored of snapshot.ids) {
    if (!plan.groupKeys.includes(stored.key)) continue;
    const attributes: typeof stored.attributes = {};
    let pruned = false;
    for (const [attrId, attrState] of Object.entries(stored.attributes)) {
      const attr = plan.attributes.get(attrId);
      // A state another aggregation or period left (an older or newer version) starts over.
      if (attr !== undefined && fitsAttribute(attr.def.aggregation, attr.periodMs !== null, attrState)) attributes[attrId] = attrState;
      else {
        pruned = true;
        if (attr !== undefined) misfits++;
      }
    }
    const k = stateKey(stored.key, stored.id);
    if (!state.ids.has(k)) state.ids.set(k, { key: stored.key, id: stored.id, attributes });
    if (stored.sync !== undefined && !sync.has(k)) sync.set(k, stored.sync);
    if (pruned) changed(k);
  }
  return misfits;
}
