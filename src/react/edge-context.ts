import { createContext } from 'react';
import type { SignalsBootstrap } from '../sync/check-bootstrap.js';

/** What a {@link SignalsEdgeProvider} gives the hooks below it. */
export interface EdgeContextValue {
  /** The trackers the hooks read (every tracker's first when undefined). */
  trackers: string[] | undefined;
  /** The values the server rendered with: what the hooks show on the server and at hydration. */
  bootstrap: SignalsBootstrap | undefined;
}

export const EdgeContext = createContext<EdgeContextValue>({ trackers: undefined, bootstrap: undefined });
