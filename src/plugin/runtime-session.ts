import type { EngineState, SyncState } from '../state/state-types.js';

/**
 * What one runtime's parts share. Its fields are replaced whole (a tab adopting another tab's state,
 * clearLocalState), so a part keeps the session, never `session.state` itself.
 */
export interface RuntimeSession {
  state: EngineState;
  /** Per id state key: the server's values and the journal of events it has not counted yet. */
  sync: Map<string, SyncState>;
}
