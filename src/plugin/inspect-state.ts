import { readLocal } from '../engine/read-local.js';
import { stateKey } from '../engine/engine-state.js';
import type { StateView } from '../runtime/state-view.js';

/** `inspectAttributes()`: one attribute for the tracker's current id of its key. */
export interface AttributeDetails {
  group: string;
  version: number;
  name: string;
  key: { name: string; id: string | null };
  /** What this browser alone computed. */
  local: unknown;
  /** The server's last value, and when it computed it (epoch ms); null before any answer. */
  server: { value: unknown; fetchedAt: number } | null;
  /** Local events the server has not processed yet (for this id). */
  pending: number;
  /** The value shown (getAttributes). */
  shown: unknown;
}

/** Every computed attribute: local, server and shown values, and how fresh the server's is. */
export function inspectState(view: StateView): AttributeDetails[] {
  return view.program.plan.groups.flatMap((g) => g.attributes.map((attr): AttributeDetails => {
    const id = view.currentId(g.key.name);
    const k = id === null ? null : stateKey(g.key.name, id);
    const idState = k === null ? undefined : view.state.ids.get(k);
    const s = k === null ? undefined : view.sync.get(k);
    return {
      group: g.def.name, version: g.def.version, name: attr.def.name, key: { name: g.key.name, id },
      local: idState === undefined ? null : readLocal(attr, idState, view.now),
      server: s?.server == null || !(attr.id in s.server.values) ? null : { value: s.server.values[attr.id], fetchedAt: s.server.fetchedAt },
      pending: s?.pending.filter((p) => attr.id in p.c).length ?? 0,
      shown: view.shown(attr, id),
    };
  }));
}
