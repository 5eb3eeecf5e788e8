import { createElement, useMemo, type ReactNode } from 'react';
import type { SignalsBootstrap } from '../sync/check-bootstrap.js';
import { EdgeContext } from './edge-context.js';
import { interventionsStoreFor } from './shared-stores.js';

export interface SignalsEdgeProviderProps {
  /** The trackers the hooks read (default: every tracker's first, as `getAttributes` does). */
  trackers?: string[] | undefined;
  /**
   * The values the server rendered with (from `readBootstrap`), the same object the page gives
   * `SignalsEdgePlugin({ bootstrap })`: the hooks show them on the server and at hydration, so the first
   * client render matches the server's.
   */
  bootstrap?: SignalsBootstrap | undefined;
  children?: ReactNode;
}

/**
 * Optional: gives the hooks below it their trackers and the server-rendered values. Without it the
 * hooks read the plugin of every tracker, with no bootstrap. Its interventions store starts with it, so
 * interventions delivered before a hook mounts are kept.
 */
export function SignalsEdgeProvider({ trackers, bootstrap, children }: SignalsEdgeProviderProps): ReactNode {
  const key = trackers?.join('\u0000');
  // The trackers by value, not by the array's identity (a new array each render is the usual case).
  const value = useMemo(() => ({ trackers, bootstrap }), [key, bootstrap]);
  interventionsStoreFor(trackers);
  return createElement(EdgeContext.Provider, { value }, children);
}
