import type { InterventionPayload } from '../rules/intervention-payload.js';
import type { StoreSnapshot } from '../store/attribute-store.js';

/** A tab's whole state, as a joining tab adopts it (the stored snapshot's shape, without definitions). */
export type TabState = Omit<StoreSnapshot, 'definitions'>;

/** What tabs of one origin tell each other about one tracker namespace. */
export type TabMessage =
  | { t: 'hello'; tab: string }
  | { t: 'here'; tab: string; leader?: true }
  | { t: 'bye'; tab: string }
  /** This tab took the leadership over (a waiting lock request was granted). */
  | { t: 'lead'; tab: string }
  /** A tab that joins asks tab `to` for its whole state (it may have missed events stored late). */
  | { t: 'want'; tab: string; to: string }
  /** The answer to `want`: the state to adopt, and every event id in it (the most recent ones). */
  | { t: 'state'; tab: string; to: string; state: TabState }
  /**
   * An event tracked in another tab, as the tracker built it, with that tab's clock offset: apply it here
   * too (by event id, once), read with this tab's definitions.
   */
  | { t: 'event'; tab: string; payload: Record<string, unknown>; offset: number; to?: string }
  /**
   * The leader decided a crossing: tab `to` delivers it (the leader itself, when it did), the others drop
   * their copy of it (see CrossingRelay).
   */
  | { t: 'fire'; tab: string; to: string; intervention: InterventionPayload }
  /** Tab `tab` delivered the crossing `id` the leader `to` sent it. */
  | { t: 'got'; tab: string; to: string; id: string }
  /** Local state was cleared in another tab: drop ours and reload from storage. */
  | { t: 'clear'; tab: string };

export interface TabChannel {
  /** This tab's id. */
  readonly tab: string;
  /** Whether tab `id` is open (it said hello or answered ours, and has not said bye). */
  isOpen(id: string): boolean;
  /** Whether any other tab of this namespace is open. */
  hasPeers(): boolean;
  /** The open tab to ask for state: the leader (the smallest id without Web Locks); null when none is known. */
  pickPeer(): string | null;
  /** Whether this tab decides crossings: the holder of the namespace's Web Lock, or alone. */
  isLeader(): boolean;
  /** False between `leave` and `rejoin` (the page is hidden for good or frozen). */
  isPresent(): boolean;
  /** Resolves once this tab knows whether it leads (at start-up). */
  readonly leadership: Promise<void>;
  post(message: TabMessage): void;
  /**
   * Says hello: the other tabs answer, and resend what they tracked lately (docs/architecture.md#tabs). Call
   * it once the state those resends are counted against is read: the ids stored with a state cover what
   * was tracked a few seconds before it was written, so a hello sent before a later write was read would
   * bring back events that state counts and no longer names.
   */
  announce(): void;
  /** Gives leadership up (page frozen or hidden for good) until `rejoin`. */
  leave(): void;
  /**
   * Comes back after `leave` (seeks the leadership again; `announce` follows); true when the tab had left
   * (it may have missed events meanwhile).
   */
  rejoin(): boolean;
  close(): void;
}

/**
 * A BroadcastChannel per namespace (`signals-edge.<namespace>`), with presence (hello / here / bye)
 * and one leader per namespace: every tab applies every event, but only the leader evaluates crossings,
 * in the one order it applies events, so each crossing fires exactly once across tabs
 * (docs/architecture.md#tabs). Leadership is a Web Lock held for the tab's life; without Web Locks, the open tab with the
 * smallest id leads. Without BroadcastChannel, the tab runs alone and leads.
 */
export function openTabChannel(
  namespace: string, tab: string, onMessage: (message: TabMessage) => void, onLead: (previous: string | null) => void,
): TabChannel {
  const peers = new Set<string>();
  if (typeof BroadcastChannel === 'undefined') {
    return {
      tab, isOpen: () => false, hasPeers: () => false, pickPeer: () => null, isLeader: () => true, isPresent: () => true,
      leadership: Promise.resolve(),
      post: () => undefined, announce: () => undefined, leave: () => undefined, rejoin: () => false, close: () => undefined,
    };
  }
  const channel = new BroadcastChannel(`signals-edge.${namespace}`);
  // Node: do not keep the process alive for the channel.
  (channel as { unref?: () => void }).unref?.();
  let open = true;
  let present = true;
  /** The tab that said it leads (or answered a hello as the leader), while it is open. */
  let leaderTab: string | null = null;
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
    if (message.t === 'bye') {
      peers.delete(message.tab);
      if (leaderTab === message.tab) leaderTab = null;
    } else peers.add(message.tab);
    if (message.t === 'lead' || (message.t === 'here' && message.leader === true)) leaderTab = message.tab;
    if (message.t === 'hello' && present) post(isLeader() ? { t: 'here', tab, leader: true } : { t: 'here', tab });
    onMessage(message);
  };

  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
  const lockName = `signals-edge.${namespace}.leader`;
  let holding = false;
  let release: (() => void) | null = null;
  /** Asks for the lock; `ifAvailable` answers at once (start-up), otherwise waits for the leader to go. */
  const request = (ifAvailable: boolean): Promise<boolean> => new Promise((answered) => {
    if (locks === undefined) return answered(false);
    locks.request(lockName, { ifAvailable }, (lock) => {
      if (lock === null || !open || !present) {
        answered(false);
        return undefined;
      }
      holding = true;
      // A lock granted after waiting is a hand-over: the others learn whom to ask for state.
      if (!ifAvailable) {
        post({ t: 'lead', tab });
        onLead(leaderTab);
      }
      answered(true);
      return new Promise<void>((r) => (release = r));
    }).catch(() => answered(false));
  });
  const seek = async () => {
    if (!(await request(true)) && open && present && !holding) void request(false);
  };
  function isLeader(): boolean {
    if (!present) return false;
    if (locks !== undefined) return holding;
    for (const peer of peers) if (peer < tab) return false;
    return true;
  }
  const leadership = seek();

  return {
    tab,
    isOpen: (id) => peers.has(id),
    hasPeers: () => peers.size > 0,
    pickPeer() {
      // With Web Locks, only the leader (it never joins, so two joining tabs never wait for each other).
      if (locks !== undefined) return leaderTab !== null && peers.has(leaderTab) ? leaderTab : null;
      return [...peers].sort()[0] ?? null;
    },
    isLeader,
    isPresent: () => present,
    leadership,
    post,
    announce: () => post({ t: 'hello', tab }),
    leave() {
      // Bye first: a tab that takes the lead over has every message of ours before it decides (CrossingRelay).
      post({ t: 'bye', tab });
      present = false;
      holding = false;
      release?.();
      release = null;
    },
    rejoin() {
      if (present || !open) return false;
      present = true;
      void seek();
      return true;
    },
    close() {
      if (present) post({ t: 'bye', tab });
      present = false;
      holding = false;
      release?.();
      open = false;
      channel.close();
    },
  };
}
