import type { CompiledAttribute } from '../engine/compile-plan.js';
import { stateKey } from '../engine/engine-state.js';
import { setOwn } from '../set-own.js';
import type { CurrentIds } from './create-current-ids.js';
import { serverNow, type RuntimeSession } from './runtime-session.js';
import { selectGroups, type AttributeSelection } from './select-groups.js';
import type { StateView } from './state-view.js';

/** What the page reads: the values shown, local reconciled with the server's. */
export interface ValueReader {
  /** The selected attributes by bare name (`group:attribute` where two groups share a name). */
  read(selection: AttributeSelection): Record<string, unknown>;
  /** The value shown for one attribute and id at `now`; null for an unseen id. */
  shown(attr: CompiledAttribute, id: string | null, now: number): unknown;
  /** The value shown now for attribute `attrId` and the current id of its key. */
  shownNow(attrId: string): unknown;
  /** The state as the opt-in explain and inspect views read it, now; null before the definitions load. */
  view(): StateView | null;
}

export function createValueReader(session: RuntimeSession, ids: CurrentIds): ValueReader {
  function shown(attr: CompiledAttribute, id: string | null, now: number): unknown {
    const idState = id === null ? undefined : session.state.ids.get(stateKey(attr.group.key.name, id));
    return idState === undefined || session.reconciler === null ? null : session.reconciler.read(attr, idState, now);
  }

  return {
    shown,
    read(selection) {
      const { program } = session;
      if (program === null) return {};
      const groups = selectGroups(program.plan, selection);
      const now = serverNow(session);
      const out: Record<string, unknown> = {};
      const clash = new Set<string>();
      const seen = new Set<string>();
      for (const g of groups) for (const a of g.attributes) (seen.has(a.def.name) ? clash : seen).add(a.def.name);
      for (const g of groups) {
        const id = selection.id ?? ids.of(g.key.name);
        for (const attr of g.attributes) {
          const name = clash.has(attr.def.name) ? `${g.def.name}:${attr.def.name}` : attr.def.name;
          setOwn(out, name, shown(attr, id, now));
        }
      }
      return out;
    },
    shownNow(attrId) {
      const attr = session.program?.plan.attributes.get(attrId);
      return attr === undefined ? null : shown(attr, ids.of(attr.group.key.name), serverNow(session));
    },
    view() {
      const { program } = session;
      if (program === null) return null;
      const now = serverNow(session);
      return {
        program, state: session.state, sync: session.sync, now,
        currentId: (keyName) => ids.of(keyName), shown: (attr, id) => shown(attr, id, now),
      };
    },
  };
}
