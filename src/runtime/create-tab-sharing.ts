import type { AtomicEvent } from '../event/atomic-event.js';
import type { RecentIds } from './create-recent-ids.js';
import type { StateStorage } from './create-state-storage.js';
import type { WriteBehind } from './create-write-behind.js';
import type { TabChannel, TabMessage, TabState } from './open-tab-channel.js';
import type { RuntimeSession } from './runtime-session.js';

/** How long a joining tab waits for another tab's state before it goes on from storage. */
export const JOIN_TIMEOUT_MS = 1000;
/** Back from a freeze, how long to wait for another tab to answer before taking storage's state. */
const REJOIN_QUIET_MS = 150;
/** Events tracked here in the last LATELY_MS (at most LATELY_LIMIT) are resent to a tab that joins. */
export const LATELY_MS = 3000;
const LATELY_LIMIT = 100;
const UNSENT_LIMIT = 200;

/** This tab's part in keeping the open tabs of a namespace in step: events, whole states, joining. */
export interface TabSharing {
  /**
   * Sends an event tracked here to the other tabs, which read it with their own definitions. `at` is when
   * it came, no later than this tab applied it: a tab that joins gets it again while `at` is recent, and the
   * ids stored with a state are those applied recently (see WriteBehind), so a resent event a state counts
   * is always named with it.
   */
  share(payload: Record<string, unknown>, offset: number, at: number): void;
  onMessage(message: TabMessage): void;
  /**
   * Joins the open tabs: the state of one of them (the leader when known) replaces what storage gave,
   * since storage lags behind every tab's write-behind. Resolves true when a state was adopted; without an
   * answer in time (`quietMs` when no tab answers at all), storage's state stands.
   */
  join(quietMs: number): Promise<boolean>;
  /**
   * Back from a freeze (bfcache, a discarded background tab): events tracked elsewhere meanwhile were
   * missed. The leader's state has them; alone, storage does (our own events were flushed as we left).
   * Storage is read before the hello, as at start-up (see TabChannel.announce).
   */
  catchUp(): Promise<void>;
  /** Answers the tabs that asked for our state before we were running. */
  answerWaiting(): void;
  /** Forgets the events kept for other tabs. */
  clear(): void;
}

export interface TabSharingOptions {
  session: RuntimeSession;
  channel: TabChannel;
  storage: StateStorage;
  applied: RecentIds;
  writes: WriteBehind;
  intake: {
    take(event: AtomicEvent, origin: string): void;
    readEvent(payload: Record<string, unknown>, offset: number): AtomicEvent | null;
    pause(): void;
    isRunning(): boolean;
  };
  /** Replaces this tab's state by another's (or storage's). */
  adopt: (peer: TabState) => void;
  /** Applies what was queued and goes on live. */
  run: () => void;
  /** A crossing message for the relay. */
  relay: (message: Extract<TabMessage, { t: 'fire' | 'got' | 'bye' }>) => void;
  /** Another tab cleared the local state. */
  cleared: () => void;
}

export function createTabSharing(options: TabSharingOptions): TabSharing {
  const { session, channel, applied, writes, intake } = options;
  /** Events tracked while no other tab was open, not sent yet (bounded: older ones are stored by then). */
  const unsent: { payload: Record<string, unknown>; offset: number; at: number }[] = [];
  /** The events tracked here lately (a busy leader may answer a joining tab before it has them). */
  const lately: { payload: Record<string, unknown>; offset: number; at: number }[] = [];
  /** Tabs that asked for our state before we were running. */
  const wanting = new Set<string>();
  /** While joining: asks one tab for its state, and takes the answer (or null on time-out). */
  let joining: { asked: boolean; finish: (peer: TabState | null) => void } | null = null;

  /**
   * Alone, nothing is sent (posting is a large part of the plugin's per-event cost): the events tracked
   * meanwhile go to the next tab that appears, which may not have them in storage yet.
   */
  function share(payload: Record<string, unknown>, offset: number, at: number): void {
    if (!channel.hasPeers()) {
      unsent.push({ payload, offset, at });
      if (unsent.length > UNSENT_LIMIT) unsent.shift();
      return;
    }
    // As the tracker built it: its queue adds `stm` when it sends the event.
    const { stm: _sent, ...tracked } = payload;
    channel.post({ t: 'event', tab: channel.tab, payload: tracked, offset });
    lately.push({ payload: tracked, offset, at });
    if (lately.length > LATELY_LIMIT) lately.shift();
  }

  function askForState(): void {
    if (joining === null || joining.asked) return;
    const to = channel.pickPeer();
    if (to === null) return;
    joining.asked = true;
    channel.post({ t: 'want', tab: channel.tab, to });
  }

  function sendState(to: string): void {
    const { state } = session;
    channel.post({
      t: 'state', tab: channel.tab, to,
      state: { ids: writes.storedIds(state.ids.keys()), ledger: state.ledger, seq: state.seq, recent: applied.list() },
    });
  }

  function join(quietMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => joining?.finish(null), JOIN_TIMEOUT_MS);
      // No tab answered our hello within `quietMs`: we are alone.
      const quiet = setTimeout(() => joining?.asked === false && joining.finish(null), quietMs);
      joining = {
        asked: false,
        finish(peer) {
          clearTimeout(timer);
          clearTimeout(quiet);
          joining = null;
          if (peer !== null) session.guard('tab state', () => options.adopt(peer));
          resolve(peer !== null);
        },
      };
      askForState();
    });
  }

  function onMessage(message: TabMessage): void {
    switch (message.t) {
      case 'hello':
      case 'here':
        // Another tab appeared (a new one, or one that answers ours): it gets the events tracked here while
        // alone (it applies each once, by event id).
        for (const { payload, offset, at } of unsent.splice(0)) share(payload, offset, at);
        // A new tab also gets what was tracked here lately: the state it adopts may predate those events
        // (messages from different tabs are not ordered); it applies each once, by id.
        if (message.t === 'hello') {
          const since = Date.now() - LATELY_MS;
          for (const { payload, offset, at } of lately) if (at >= since) channel.post({ t: 'event', tab: channel.tab, payload, offset, to: message.tab });
        }
        askForState();
        break;
      case 'lead':
        askForState();
        break;
      case 'want':
        if (message.to !== channel.tab) return;
        if (intake.isRunning()) sendState(message.tab);
        else wanting.add(message.tab);
        break;
      case 'state':
        if (message.to === channel.tab) joining?.finish(message.state);
        break;
      case 'event': {
        if (message.to !== undefined && message.to !== channel.tab) return;
        const event = intake.readEvent(message.payload, message.offset);
        if (event !== null) intake.take(event, message.tab);
        break;
      }
      case 'fire':
      case 'got':
      case 'bye':
        options.relay(message);
        break;
      case 'clear':
        options.cleared();
        break;
    }
  }

  return {
    share,
    onMessage,
    join,
    async catchUp() {
      intake.pause();
      const stored = await options.storage.load();
      channel.announce();
      const adopted = await join(REJOIN_QUIET_MS);
      if (!adopted && !session.closed) session.guard('tab state', () => options.adopt(stored));
      options.run();
    },
    answerWaiting() {
      for (const tab of wanting) sendState(tab);
      wanting.clear();
    },
    clear() {
      unsent.length = 0;
      lately.length = 0;
    },
  };
}
