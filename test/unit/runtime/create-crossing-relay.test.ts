// The relay's decisions with a scripted channel (the real tabs: test/e2e/reliability-leader-handover.test.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InterventionPayload } from '../../../src/rules/intervention-payload.js';
import { createCrossingRelay } from '../../../src/runtime/create-crossing-relay.js';
import type { TabChannel, TabMessage } from '../../../src/runtime/open-tab-channel.js';

function scriptedChannel(tab: string) {
  const sent: TabMessage[] = [];
  const open = new Set<string>();
  const flags = { leader: false, present: true };
  const channel = {
    tab, isOpen: (id: string) => open.has(id), hasPeers: () => open.size > 0, pickPeer: () => null,
    isLeader: () => flags.leader, isPresent: () => flags.present, leadership: Promise.resolve(),
    post: (m: TabMessage) => { sent.push(m); }, announce: () => undefined, leave: () => undefined, rejoin: () => false, close: () => undefined,
  } satisfies TabChannel;
  return { channel, sent, open, flags };
}

const crossing = (name: string, id = 'i-' + name): InterventionPayload => ({
  intervention_id: id, name, version: 1, attributes: {}, target_attribute_key: { name: 'domain_userid', id: 'u1' },
});

describe('createCrossingRelay', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('as leader: delivers its own crossings and tells the others; sends the others theirs', () => {
    const { channel, sent, open, flags } = scriptedChannel('a');
    flags.leader = true;
    open.add('b');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    relay.found(crossing('mine'), 'e1', null);
    relay.found(crossing('theirs'), 'e2', 'b');
    expect(delivered).toEqual(['mine']);
    expect(sent.map((m) => m.t === 'fire' && [m.to, m.intervention.name])).toEqual([['a', 'mine'], ['b', 'theirs']]);
  });

  it('as leader: a crossing sent to a tab that says bye before confirming is delivered here; a confirmed one is not', () => {
    const { channel, open, flags } = scriptedChannel('a');
    flags.leader = true;
    open.add('b').add('c');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    relay.found(crossing('to-b'), 'e1', 'b');
    relay.found(crossing('to-c'), 'e2', 'c');
    relay.onMessage({ t: 'got', tab: 'c', to: 'a', id: 'i-to-c' });
    relay.onMessage({ t: 'bye', tab: 'c' });
    relay.onMessage({ t: 'bye', tab: 'b' });
    expect(delivered).toEqual(['to-b']);
  });

  it('a held crossing is decided (the others are told) but not delivered', () => {
    const { channel, sent, open, flags } = scriptedChannel('a');
    flags.leader = true;
    open.add('b');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => true });
    relay.found(crossing('held'), 'e1', 'b');
    expect(delivered).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ t: 'fire', to: 'a' });
  });

  it('not leading: delivers what the leader sends it (and confirms), not while it has left', () => {
    const { channel, sent, flags } = scriptedChannel('b');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    relay.onMessage({ t: 'fire', tab: 'a', to: 'b', intervention: crossing('one') });
    flags.present = false;
    relay.onMessage({ t: 'fire', tab: 'a', to: 'b', intervention: crossing('two') });
    expect(delivered).toEqual(['one']);
    expect(sent).toEqual([{ t: 'got', tab: 'b', to: 'a', id: 'i-one' }]);
  });

  it('taking over: decides the crossings nobody decided, after the old leader\'s bye, except stale ones', () => {
    const { channel, open, flags } = scriptedChannel('b');
    open.add('a').add('c');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    relay.found(crossing('stale'), 'e0', null);
    vi.advanceTimersByTime(6000);
    relay.found(crossing('decided'), 'e1', null);
    relay.found(crossing('open'), 'e2', null);
    relay.onMessage({ t: 'fire', tab: 'a', to: 'c', intervention: crossing('decided', 'other-id') });
    flags.leader = true;
    relay.takeOver('a');
    expect(delivered).toEqual([]);
    relay.onMessage({ t: 'bye', tab: 'a' });
    expect(delivered).toEqual(['open']);
    // Without a bye (the old leader crashed), after a short wait.
    relay.found(crossing('late'), 'e3', null);
    flags.leader = false;
    relay.found(crossing('late2'), 'e4', null);
    flags.leader = true;
    relay.takeOver('c');
    vi.advanceTimersByTime(400);
    expect(delivered).toEqual(['open', 'late', 'late2']);
  });
  it('a decision that comes before this tab finds the crossing (the leader\'s own event) is not decided again at a take-over', () => {
    const { channel, flags } = scriptedChannel('b');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    // The leader posts its decision while it applies its event, before it shares the event.
    relay.onMessage({ t: 'fire', tab: 'a', to: 'a', intervention: crossing('early', 'leader-id') });
    relay.found(crossing('early'), 'e1', 'a');
    // The same rule crossing again later is a new crossing: it waits for the leader's word.
    relay.found(crossing('early', 'second'), 'e2', 'a');
    flags.leader = true;
    relay.takeOver(null);
    expect(delivered).toEqual(['early']);
    // As leader too: a decision that came ahead of the event counts once.
    relay.onMessage({ t: 'fire', tab: 'a', to: 'a', intervention: crossing('ahead') });
    relay.found(crossing('ahead'), 'e3', null);
    relay.found(crossing('ahead'), 'e4', null);
    expect(delivered).toEqual(['early', 'ahead']);
  });

  it('a decision that came ahead is forgotten after the undecided wait (5 s): a crossing found later is decided', () => {
    const { channel, flags } = scriptedChannel('b');
    const delivered: string[] = [];
    const relay = createCrossingRelay(channel, { deliver: (i) => delivered.push(i.name), hold: () => false });
    relay.onMessage({ t: 'fire', tab: 'a', to: 'a', intervention: crossing('old') });
    vi.advanceTimersByTime(5001);
    flags.leader = true;
    relay.found(crossing('old'), 'e1', null);
    expect(delivered).toEqual(['old']);
  });
});
