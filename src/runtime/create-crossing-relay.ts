import type { InterventionPayload } from '../rules/intervention-payload.js';
import { ledgerKey } from '../rules/evaluate-crossings.js';
import type { TabChannel, TabMessage } from './open-tab-channel.js';

/**
 * A crossing found while another tab led waits this long for that tab's decision; older ones are stale. A
 * decision that came before the crossing was found here is remembered as long.
 */
const UNDECIDED_MS = 5000;
const UNDECIDED_LIMIT = 100;
/** At a hand-over, how long to wait for the old leader's last messages (its bye) before deciding. */
const HANDOVER_WAIT_MS = 300;
/** A crossing sent to another tab is forgotten once that tab confirms it, or after this long. */
const ROUTED_MS = 10_000;

/**
 * Where each crossing is delivered, exactly once across the tabs of one namespace (docs/architecture.md#tabs):
 * the leader decides every crossing, delivers it in the tab that tracked the event, and tells the others.
 * Every tab finds the same crossings (it applies every event), so a tab that does not lead keeps the ones
 * it found until the leader's word on them comes; when it takes the leadership over, it decides those that
 * nobody decided (their events came while no tab led, or reached only a leader that was leaving). A crossing
 * sent to a tab that leaves before it confirms is delivered by the leader. The leader's word may come before
 * the event it is about (the leader posts it while it applies its own event, before it shares that event, and
 * messages of different tabs are not ordered): it is kept, and the crossing found later is dropped.
 */
export interface CrossingRelay {
  /** A crossing found at an event tracked in tab `origin` (null: in this tab). */
  found(intervention: InterventionPayload, eventId: string, origin: string | null): void;
  /** The tab messages of crossings: 'fire', 'got' and 'bye'. */
  onMessage(message: TabMessage): void;
  /** This tab took the leadership over from `previous` (null: gone or not known). */
  takeOver(previous: string | null): void;
  close(): void;
}

interface Found {
  intervention: InterventionPayload;
  eventId: string;
  origin: string | null;
  at: number;
}

const crossingOf = ({ name, version, target_attribute_key: t }: InterventionPayload) => ledgerKey(name, version, t.name, t.id);

export interface RelayTarget {
  /** Hands a crossing to this tab's handlers. */
  deliver(intervention: InterventionPayload): void;
  /** Keeps a crossing back in this tab (the returning-visitor hold); false when it is not held. */
  hold(intervention: InterventionPayload, eventId: string): boolean;
}

export function createCrossingRelay(channel: TabChannel, { deliver, hold }: RelayTarget): CrossingRelay {
  let undecided: Found[] = [];
  /** Crossings decided by the leader before this tab found them: when the decision came. */
  const decidedAhead = new Map<string, number>();
  const routed = new Map<string, Found & { to: string }>();
  let waitingFor: string | null = null;
  let handOver: ReturnType<typeof setTimeout> | null = null;

  function decide({ intervention, eventId, origin }: Found): void {
    if (!hold(intervention, eventId)) {
      if (origin !== null && origin !== channel.tab && channel.isOpen(origin)) {
        const now = Date.now();
        for (const [id, r] of routed) if (now - r.at > ROUTED_MS) routed.delete(id);
        routed.set(intervention.intervention_id, { intervention, eventId, origin, at: now, to: origin });
        channel.post({ t: 'fire', tab: channel.tab, to: origin, intervention });
        return;
      }
      deliver(intervention);
    }
    // Decided here: the others drop their copy of this crossing.
    if (channel.hasPeers()) channel.post({ t: 'fire', tab: channel.tab, to: channel.tab, intervention });
  }

  function rememberDecided(crossing: string): void {
    const now = Date.now();
    // Oldest first (a key is moved to the end when set again): stop at the first one still fresh.
    for (const [k, at] of decidedAhead) {
      if (now - at <= UNDECIDED_MS) break;
      decidedAhead.delete(k);
    }
    decidedAhead.delete(crossing);
    decidedAhead.set(crossing, now);
  }

  function settle(): void {
    if (handOver !== null) clearTimeout(handOver);
    handOver = null;
    waitingFor = null;
    const since = Date.now() - UNDECIDED_MS;
    const open = undecided.filter((f) => f.at >= since);
    undecided = [];
    for (const f of open) decide(f);
  }

  return {
    found(intervention, eventId, origin) {
      const crossing = crossingOf(intervention);
      const decidedAt = decidedAhead.get(crossing);
      if (decidedAt !== undefined) {
        decidedAhead.delete(crossing);
        if (Date.now() - decidedAt <= UNDECIDED_MS) return;
      }
      if (channel.isLeader()) return decide({ intervention, eventId, origin, at: 0 });
      undecided.push({ intervention, eventId, origin, at: Date.now() });
      if (undecided.length > UNDECIDED_LIMIT) undecided.shift();
    },
    onMessage(message) {
      if (message.t === 'fire') {
        const crossing = crossingOf(message.intervention);
        const kept = undecided.filter((f) => crossingOf(f.intervention) !== crossing);
        if (kept.length === undecided.length) rememberDecided(crossing);
        undecided = kept;
        // A tab that has left (its page is going away) does not deliver: the leader does, at its bye.
        if (message.to !== channel.tab || !channel.isPresent()) return;
        deliver(message.intervention);
        channel.post({ t: 'got', tab: channel.tab, to: message.tab, id: message.intervention.intervention_id });
      } else if (message.t === 'got') {
        if (message.to === channel.tab) routed.delete(message.id);
      } else if (message.t === 'bye') {
        for (const [id, r] of routed) {
          if (r.to !== message.tab) continue;
          routed.delete(id);
          if (channel.isPresent()) deliver(r.intervention);
        }
        if (message.tab === waitingFor) settle();
      }
    },
    takeOver(previous) {
      if (previous === null || !channel.isOpen(previous)) return settle();
      waitingFor = previous;
      handOver = setTimeout(settle, HANDOVER_WAIT_MS);
    },
    close() {
      if (handOver !== null) clearTimeout(handOver);
      handOver = null;
    },
  };
}
