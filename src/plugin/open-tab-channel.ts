import type { AtomicEvent } from '../event/atomic-event.js';

/** What tabs of one origin tell each other about one tracker namespace. */
export type TabMessage =
  | { t: 'hello'; tab: string }
  | { t: 'here'; tab: string }
  | { t: 'bye'; tab: string }
  /** An event tracked in another tab: apply it here too (by event id, once). */
  | { t: 'event'; tab: string; event: AtomicEvent }
  /** Local state was cleared in another tab: drop ours and reload from storage. */
  | { t: 'clear'; tab: string };

export interface TabChannel {
  /** This tab's id. */
  readonly tab: string;
  /** Whether another live tab of this namespace has announced itself. */
  hasPeers(): boolean;
  post(message: TabMessage): void;
  close(): void;
}

/**
 * A BroadcastChannel per namespace (`signals-edge.<namespace>`), with presence: each tab says hello on
 * open and bye on close, and answers hellos. Where BroadcastChannel is missing, a channel with no peers:
 * the tab runs alone.
 */
export function openTabChannel(namespace: string, tab: string, onMessage: (message: TabMessage) => void): TabChannel {
  const peers = new Set<string>();
  if (typeof BroadcastChannel === 'undefined') {
    return { tab, hasPeers: () => false, post: () => undefined, close: () => undefined };
  }
  const channel = new BroadcastChannel(`signals-edge.${namespace}`);
  let open = true;
  const post = (message: TabMessage) => {
    if (!open) return;
    try {
      channel.postMessage(message);
    } catch {
      // A message that cannot be cloned is dropped; the other tabs catch up from storage.
    }
  };
  channel.onmessage = (e: MessageEvent<TabMessage>) => {
    const message = e.data;
    if (message === null || typeof message !== 'object' || typeof message.tab !== 'string' || message.tab === tab) return;
    if (message.t === 'hello') {
      peers.add(message.tab);
      post({ t: 'here', tab });
    } else if (message.t === 'here') {
      peers.add(message.tab);
    } else if (message.t === 'bye') {
      peers.delete(message.tab);
    } else {
      peers.add(message.tab);
    }
    onMessage(message);
  };
  post({ t: 'hello', tab });
  return {
    tab,
    hasPeers: () => peers.size > 0,
    post,
    close() {
      post({ t: 'bye', tab });
      open = false;
      channel.close();
    },
  };
}
