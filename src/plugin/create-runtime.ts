import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { buildSelfDescribingEvent, type Logger } from '@snowplow/tracker-core';
import { compileProgram, type Program } from '../pipeline/compile-program.js';
import { processEvent } from '../pipeline/process-event.js';
import { createEngineState, stateKey } from '../engine/engine-state.js';
import type { InterventionPayload } from '../rules/intervention-payload.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { fromTrackerPayload } from '../event/from-tracker-payload.js';
import { randomUuid } from '../random-uuid.js';
import { ledgerKey } from '../rules/evaluate-crossings.js';
import type { StoredIdState } from '../store/attribute-store.js';
import { fitsAttribute } from '../store/is-stored-state.js';
import { createCrossingHold, type CrossingHold } from './create-crossing-hold.js';
import { createCrossingRelay } from './create-crossing-relay.js';
import { createRecentIds } from './create-recent-ids.js';
import { createWriteBehind } from './create-write-behind.js';
import { createStateStorage } from './create-state-storage.js';
import {
  createInterventionDispatcher, type InterventionDispatcher, type MeasurementSettings,
} from './create-intervention-dispatcher.js';
import { loadDefinitions, type DefinitionsOptions, type ReadBundle } from './load-definitions.js';
import { selectGroups, type AttributeSelection } from './select-groups.js';
import type { CompiledAttribute } from '../engine/compile-plan.js';
import type { RuntimeSession } from './runtime-session.js';
import type { StateView } from './state-view.js';
import { openTabChannel, type TabChannel, type TabMessage, type TabState } from './open-tab-channel.js';
import { createReconciler, type Reconciler } from '../sync/create-reconciler.js';
import { checkSignalsConfig, fetchOnlineAttributes, type SignalsConfig } from '../sync/fetch-online-attributes.js';
import { nextClockOffset } from '../sync/next-clock-offset.js';
import { resolveColumns } from '../sync/resolve-columns.js';
import { startRefreshTimer, type RefreshTimer } from '../sync/start-refresh-timer.js';
import { additiveAttributes } from '../sync/acknowledge-pending.js';
import { serverValuesBefore } from '../sync/server-values-before.js';
import type {
  InterventionSubscription, InterventionSubscriptionOptions, startInterventionSubscription,
} from '../sync/start-intervention-subscription.js';
import { setOwn } from '../set-own.js';
import type { LedgerEntry, PendingEvent, SyncState } from '../state/state-types.js';

export type { AttributeSelection } from './select-groups.js';

/**
 * `SignalsEdgePlugin` configuration (design.md "Interfaces"). The definitions come as `plan` (the
 * output of `signals-edge compile`, or `{ url }` to fetch it: nothing is validated on the page) or as
 * `definitions` (a raw bundle `{attribute_groups, services, interventions}`, or `{ url }`), not both.
 */
export interface SignalsEdgeConfig extends DefinitionsOptions {
  /** `'indexeddb'` (default; falls back to memory by itself) or `'memory'`. */
  storage?: 'indexeddb' | 'memory';
  /** Track `intervention_receive` / `_handle` / `_handle_error` as the official plugin does (default true). */
  trackMeasurementEvents?: boolean | MeasurementSettings;
  /**
   * Where the values Signals computed come from, to reconcile with the local ones: a public service,
   * the site's own proxy, or a short-lived token from `getToken()`; never an API key.
   */
  signals?: SignalsConfig;
  /**
   * Ask the browser to keep this origin's storage under pressure (`navigator.storage.persist()`); off by
   * default, since some browsers prompt the user.
   */
  persistStorage?: boolean;
}

export interface Runtime {
  readonly trackerId: string;
  readonly namespace: string;
  /** Settles when definitions and stored state are loaded (rejects when the definitions are refused). */
  readonly ready: Promise<void>;
  readonly dispatcher: InterventionDispatcher;
  onPayload(payload: Record<string, unknown>): void;
  /**
   * Subscribes to the Signals interventions stream (replacing an earlier subscription) with `start`, the
   * opt-in stream part's code.
   */
  subscribe(options: InterventionSubscriptionOptions, start: typeof startInterventionSubscription): void;
  read(selection: AttributeSelection): Record<string, unknown>;
  /** The state as the opt-in explain and inspect views read it, now; null before the definitions load. */
  view(): StateView | null;
  /** Called (batched) after every change of the values; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  clear(): Promise<void>;
  close(): void;
}

/** Events kept while definitions and state load, and ids remembered to apply every event once. */
const QUEUE_LIMIT = 1000;
/** Ids of applied events kept in memory (and handed to a joining tab with the state they are in). */
const RECENT_LIMIT = 2000;
/** How long a joining tab waits for another tab's state before it goes on from storage. */
const JOIN_TIMEOUT_MS = 1000;
/** Back from a freeze, how long to wait for another tab to answer before taking storage's state. */
const REJOIN_QUIET_MS = 150;
/** Events tracked here in the last LATELY_MS (at most LATELY_LIMIT) are resent to a tab that joins. */
const LATELY_MS = 3000;
const LATELY_LIMIT = 100;
const UNSENT_LIMIT = 200;

/**
 * One tracker's runtime (design "Data flow"): tracked payloads → event view → engine → rules → handlers,
 * synchronously; state in memory, written behind to IndexedDB; other tabs kept in step. `readBundle` is
 * the opt-in raw-definitions part (null in the core, which runs plans only).
 */
export function createRuntime(
  tracker: BrowserTracker, config: SignalsEdgeConfig, logger: Logger | null, readBundle: ReadBundle | null = null,
): Runtime {
  const namespace = tracker.namespace;
  const warned = new Set<string>();
  const warnOnce = (topic: string, message: string, error?: unknown) => {
    if (warned.has(topic)) return;
    warned.add(topic);
    (logger ?? console).warn(`signals-edge: ${message}`, error);
  };

  let program: Program | null = null;
  /** The state every part reads through the session: adopting another tab's state or clearing replaces it. */
  const session: RuntimeSession = { state: createEngineState(), sync: new Map<string, SyncState>() };
  let reconciler: Reconciler | null = null;
  let refreshTimer: RefreshTimer | null = null;
  /** Server clock − local clock, from the `Date` header; 0 within its one-second resolution. */
  let clockOffset = 0;
  let kicked = false;
  let subscription: InterventionSubscription | null = null;
  const storage = createStateStorage(
    namespace, config.storage === 'memory', (message, error) => warnOnce('storage', message, error),
    (message) => warnOnce('stored records', message),
  );
  let closed = false;
  /** Definitions loaded and the state settled: events are applied as they come (else queued). */
  let running = false;
  /** The definitions were refused: events are not kept (the reason was logged once). */
  let failed = false;
  /** While joining other tabs: asks one of them for its state, and takes the answer (or null on time-out). */
  let joining: { asked: boolean; finish: (peer: TabState | null) => void } | null = null;
  /** Tabs that asked for our state before we were running: answered once we are. */
  const wanting = new Set<string>();
  let hold: CrossingHold | null = null;
  /** Events this tracker tracked on this page (to tell a visitor with events from earlier pages). */
  let payloadsSeen = 0;
  let selfTracking = 0;
  const queue: { event: AtomicEvent; origin: string | null }[] = [];
  /** Ids of the events applied (the last RECENT_LIMIT). */
  const applied = createRecentIds(RECENT_LIMIT);
  const writes = createWriteBehind({ session, storage, applied, resendMs: LATELY_MS, currentId });
  /** Events tracked while no other tab was open, not sent yet (bounded: older ones are stored by then). */
  const unsent: { payload: Record<string, unknown>; offset: number }[] = [];
  /** The events tracked here lately (a busy leader may answer a joining tab before it has them). */
  const lately: { payload: Record<string, unknown>; offset: number; at: number }[] = [];
  const lastIds = new Map<string, string>();
  const listeners = new Set<() => void>();
  let notifyQueued = false;
  const references = new Map<string, Record<string, string>>();

  const dispatcher = createInterventionDispatcher({
    measurement: config.trackMeasurementEvents ?? true,
    warn: (message) => warnOnce(`dispatch:${message}`, message),
    track: (event, entities) => {
      selfTracking++;
      try {
        tracker.core.track(buildSelfDescribingEvent({ event }), entities);
      } finally {
        selfTracking--;
      }
    },
  });

  const channel: TabChannel = openTabChannel(
    namespace, randomUuid(), (message) => guard('tab message', () => onTabMessage(message)),
    (previous) => guard('tab lead', () => relay.takeOver(previous)),
  );
  const relay = createCrossingRelay(channel, {
    deliver,
    hold(intervention, eventId) {
      const { name, id } = intervention.target_attribute_key;
      if (hold === null || !hold.holds(name, id)) return false;
      hold.add(intervention, eventId);
      return true;
    },
  });

  function guard(topic: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      warnOnce(topic, `${topic} failed; the page and the tracker are not affected`, error);
    }
  }

  // ---- events ----------------------------------------------------------------------------------

  function onPayload(payload: Record<string, unknown>): void {
    payloadsSeen++;
    if (closed || selfTracking > 0) return;
    subscription?.update(payload);
    // Do Not Track / opt-out: the tracker adds no url nor ids, and nothing is kept for such events.
    if (typeof payload.e !== 'string' || ((payload.p === undefined || payload.p === 'web') && !payload.url)) return;
    const event = readEvent(payload, clockOffset);
    if (event === null) return;
    if (running) apply(event, null);
    else if (!failed) enqueue(event, null);
    shareWithTabs(payload, clockOffset);
  }

  /** The event view of a payload, with only the columns the definitions read; null (warned once) when unreadable. */
  function readEvent(payload: Record<string, unknown>, offset: number): AtomicEvent | null {
    try {
      // Events that arrive before the definitions load carry every column.
      return fromTrackerPayload(payload, program === null ? { clockOffsetMs: offset } : { clockOffsetMs: offset, columns: program.plan.columns });
    } catch (error) {
      warnOnce('bad event', `an event could not be read and was skipped: ${(error as Error).message}`);
      return null;
    }
  }

  /**
   * Sends an event tracked here to the other tabs, which read it with their own definitions. Alone, nothing
   * is sent (posting is a large part of the plugin's per-event cost): the events tracked meanwhile go to the
   * next tab that appears, which may not have them in storage yet.
   */
  function shareWithTabs(payload: Record<string, unknown>, offset: number): void {
    if (!channel.hasPeers()) {
      unsent.push({ payload, offset });
      if (unsent.length > UNSENT_LIMIT) unsent.shift();
      return;
    }
    // As the tracker built it: its queue adds `stm` when it sends the event.
    const { stm: _sent, ...tracked } = payload;
    channel.post({ t: 'event', tab: channel.tab, payload: tracked, offset });
    lately.push({ payload: tracked, offset, at: Date.now() });
    if (lately.length > LATELY_LIMIT) lately.shift();
  }

  function enqueue(event: AtomicEvent, origin: string | null): void {
    if (queue.length >= QUEUE_LIMIT) {
      queue.shift();
      warnOnce('queue', `more than ${QUEUE_LIMIT} events arrived before the definitions loaded; the oldest are dropped`);
    }
    queue.push({ event, origin });
  }

  /** Remembers an event id; false when it was applied already. */
  function remember(event: AtomicEvent): boolean {
    const id = event.atomic.event_id;
    if (typeof id !== 'string') return true;
    return applied.add(id);
  }

  /**
   * Applies one event of this browser: tracked here (`origin` null) or in another tab. Every tab applies
   * every event; the leader alone evaluates crossings, in the one order it applies events, and has each
   * delivered in the tab that tracked the event (at once, inside `track()`, when that is this tab).
   */
  function apply(event: AtomicEvent, origin: string | null): void {
    if (!remember(event)) return;
    const r = reconciler!;
    const eventId = typeof event.atomic.event_id === 'string' ? event.atomic.event_id : '';
    // Journal times on the server's clock: a device clock jump does not age pending events.
    const trackedAt = Date.now() + clockOffset;
    const { fired } = processEvent(program!, session.state, event, {
      newId: randomUuid, readShown: r.read, onApplied: (contributions, t, q) => r.journal(eventId, contributions, t, q, trackedAt),
    });
    for (const keyName of program!.plan.groupKeys) {
      const id = program!.plan.keys.get(keyName)?.idOf(event) ?? null;
      if (id === null) continue;
      lastIds.set(keyName, id);
      const k = stateKey(keyName, id);
      writes.markId(k);
      // Most recently seen last: the oldest ids are the ones evicted.
      const idState = session.state.ids.get(k);
      if (idState !== undefined) {
        session.state.ids.delete(k);
        session.state.ids.set(k, idState);
      }
    }
    // Handlers first (inside track(), once the ids are current); the rest of the bookkeeping after.
    for (const f of fired) {
      writes.markLedger(ledgerKey(f.name, f.version, f.target_attribute_key.name, f.target_attribute_key.id));
      const { event_id: eventId, fired_at: _t, ...intervention } = f;
      relay.found(intervention, eventId, origin);
    }
    // The first event of a page view refreshes the server values soon.
    if (origin === null && !kicked) {
      kicked = true;
      refreshTimer?.kick();
    }
    writes.schedule();
    notifyChange();
  }

  /**
   * An intervention from the Signals stream. A crossing this browser already fired on the edge reaches
   * the handlers once: its server copy (same intervention, version and target, while the rule still
   * holds here) is dropped (official plugin bug #12).
   */
  function deliverFromServer(intervention: InterventionPayload): void {
    // Streams are per id: a frame for another id of a key this tracker knows is not for this page.
    const mine = currentId(intervention.target_attribute_key.name);
    if (mine !== null && mine !== intervention.target_attribute_key.id) {
      warnOnce('sse target', `an intervention for another ${intervention.target_attribute_key.name} was ignored`);
      return;
    }
    if (program !== null) {
      const { name, version, target_attribute_key: target } = intervention;
      const firedHere = session.state.ledger[ledgerKey(name, version, target.name, target.id)] !== undefined;
      const compiled = program.interventions.find((i) => i.def.name === name && i.def.version === version);
      if (firedHere && compiled !== undefined && compiled.test((attrId) => readShown(attrId), null)) return;
    }
    dispatcher.dispatch({ ...intervention, source: 'server' });
  }

  /** The shown value of one attribute for the tracker's current id of its key. */
  function readShown(attrId: string): unknown {
    const attr = program?.plan.attributes.get(attrId);
    return attr === undefined ? null : shownValue(attr, currentId(attr.group.key.name), Date.now() + clockOffset);
  }

  function subscribe(options: InterventionSubscriptionOptions, start: typeof startInterventionSubscription): void {
    subscription?.stop();
    subscription = start(options, {
      deliver: (intervention) => guard('server intervention', () => deliverFromServer(intervention)),
      warn: (message) => warnOnce(`sse:${message}`, message),
    });
    try {
      // The tracker's ids at once (ParsedIdCookie: index 1 = domain_userid, 6 = domain_sessionid; bug #4).
      const info = tracker.getDomainUserInfo();
      const ids: Record<string, string> = {};
      if (typeof info[1] === 'string' && info[1] !== '') ids.domain_userid = info[1];
      if (typeof info[6] === 'string' && info[6] !== '') ids.domain_sessionid = info[6];
      subscription.setIds(ids);
    } catch {
      // ids come with the next event
    }
  }

  function deliver(intervention: InterventionPayload): void {
    dispatcher.dispatch({ ...intervention, source: 'edge' }, references.get(`${intervention.name}\u0000${intervention.version}`));
  }

  // ---- tabs ------------------------------------------------------------------------------------

  function onTabMessage(message: TabMessage): void {
    if (message.t === 'hello' || message.t === 'here') {
      // Another tab appeared (a new one, or one that answers ours): it gets the events tracked here while
      // alone (it applies each once, by event id).
      for (const { payload, offset } of unsent.splice(0)) shareWithTabs(payload, offset);
      // A new tab also gets what was tracked here lately: the state it adopts may predate those events
      // (messages from different tabs are not ordered); it applies each once, by id.
      if (message.t === 'hello') {
        const since = Date.now() - LATELY_MS;
        for (const { payload, offset, at } of lately) if (at >= since) channel.post({ t: 'event', tab: channel.tab, payload, offset, to: message.tab });
      }
      askForState();
    } else if (message.t === 'lead') {
      askForState();
    } else if (message.t === 'want') {
      if (message.to !== channel.tab) return;
      if (running) sendState(message.tab);
      else wanting.add(message.tab);
    } else if (message.t === 'state') {
      if (message.to === channel.tab) joining?.finish(message.state);
    } else if (message.t === 'event') {
      if (message.to !== undefined && message.to !== channel.tab) return;
      const event = readEvent(message.payload, message.offset);
      if (event === null) return;
      if (running) apply(event, message.tab);
      else if (!failed) enqueue(event, message.tab);
    } else if (message.t === 'fire' || message.t === 'got' || message.t === 'bye') {
      relay.onMessage(message);
    } else if (message.t === 'clear') {
      void resetAndReopen();
    }
  }

  /** Restores stored state, dropping attributes the current definitions no longer compute. */
  function restore(snapshot: TabState): void {
    const plan = program!.plan;
    session.state.seq = Math.max(session.state.seq, snapshot.seq);
    session.state.ledger = { ...snapshot.ledger, ...session.state.ledger };
    for (const id of snapshot.recent) applied.add(id);
    let misfits = 0;
    for (const stored of snapshot.ids) {
      if (!plan.groupKeys.includes(stored.key)) continue;
      const attributes: typeof stored.attributes = {};
      let pruned = false;
      for (const [attrId, attrState] of Object.entries(stored.attributes)) {
        const attr = plan.attributes.get(attrId);
        // A state another aggregation or period left (an older or newer version) starts over.
        if (attr !== undefined && fitsAttribute(attr.def.aggregation, attr.periodMs !== null, attrState)) attributes[attrId] = attrState;
        else {
          pruned = true;
          if (attr !== undefined) misfits++;
        }
      }
      const k = stateKey(stored.key, stored.id);
      if (!session.state.ids.has(k)) session.state.ids.set(k, { key: stored.key, id: stored.id, attributes });
      if (stored.sync !== undefined && !session.sync.has(k)) session.sync.set(k, stored.sync);
      if (pruned) writes.markId(k);
    }
    if (misfits > 0) warnOnce('stored states', `${misfits} stored attribute state(s) of another aggregation or period start over`);
  }

  async function start(): Promise<void> {
    const snapshot = await storage.open();
    const { definitions, fetched, warnings } = await loadDefinitions(config, snapshot.definitions, readBundle);
    if (fetched !== null) storage.saveDefinitions(fetched);
    if (warnings.length > 0) {
      warnOnce('definition warnings', `definitions: ${warnings.map((w) => `${w.path || '(root)'}: ${w.message}`).join('; ')}`);
    }
    const signals = config.signals === undefined ? null : checkSignalsConfig(config.signals);
    program = compileProgram(definitions);
    reconciler = createReconciler(program.plan, session.state, session.sync, config.signals !== undefined);
    for (const intervention of program.interventions) {
      const refs: Record<string, string> = {};
      for (const ref of intervention.refs) refs[ref.payloadName] = `${ref.group}:${ref.attribute}`;
      references.set(`${intervention.def.name}\u0000${intervention.def.version}`, refs);
    }
    restore(snapshot);
    if (config.persistStorage === true) void navigator.storage?.persist?.().catch(() => undefined);
    await channel.leadership;
    // Another tab may hold events that are not stored yet (its write-behind, or events it took while we loaded).
    if (!channel.isLeader()) await join(JOIN_TIMEOUT_MS);
    if (signals !== null) hold = holdReturning(signals);
    run();
    if (signals !== null && !closed) {
      refreshTimer = startRefreshTimer({ intervalMs: signals.refreshIntervalMs ?? 30_000, refresh: () => refresh(signals) });
      // Held crossings wait for the first answer: ask now, not at the first event.
      if (hold !== null) refreshTimer.kick();
    }
  }

  /**
   * A visitor the tracker knows from before (its id cookie is older than this page) whose ids have no
   * local state: their crossings wait for the first server answer (see CrossingHold).
   */
  function holdReturning(signals: SignalsConfig): CrossingHold | null {
    let info: readonly unknown[];
    try {
      info = tracker.getDomainUserInfo();
    } catch {
      return null;
    }
    // ParsedIdCookie: [2] the cookie's creation (seconds, rounded), [10] the events of the session so far.
    const [, , created, , , , , , , , eventIndex] = info;
    const pageStart = globalThis.performance?.timeOrigin ?? Date.now();
    const cookieFromBefore = typeof created === 'number' && created * 1000 < pageStart - 1000;
    const eventsFromBefore = typeof eventIndex === 'number' && eventIndex > payloadsSeen;
    if (!cookieFromBefore && !eventsFromBefore) return null;
    const targets: [string, string][] = [];
    for (const keyName of program!.plan.groupKeys) {
      const id = currentId(keyName);
      if (id !== null && !session.state.ids.has(stateKey(keyName, id))) targets.push([keyName, id]);
    }
    return targets.length === 0 ? null : createCrossingHold(targets, signals.returningHoldMs ?? 3000, deliver);
  }

  /**
   * Whether the server saw a held crossing before: its rule already held on the server's values just before
   * the event that made it here. When those cannot be told (the server processed the event and the rule
   * reads more than counters and sums), the crossing is delivered.
   */
  function seenByServer(intervention: InterventionPayload, eventId: string, pendingBefore: readonly PendingEvent[]): boolean {
    const { name, version, target_attribute_key: target } = intervention;
    const s = session.sync.get(stateKey(target.name, target.id));
    const compiled = program?.interventions.find((i) => i.def.name === name && i.def.version === version);
    if (s?.server == null || compiled === undefined) return false;
    const before = serverValuesBefore(eventId, s.server, pendingBefore, s.pending, additiveAttributes(program!.plan.groups), compiled.refs.map((r) => r.id));
    return before !== null && compiled.test((attrId) => (attrId in before ? before[attrId] : readShown(attrId)), null);
  }

  /** Applies what was queued and goes on live; answers the tabs that asked for our state meanwhile. */
  function run(): void {
    running = true;
    for (const { event, origin } of queue.splice(0)) apply(event, origin);
    for (const tab of wanting) sendState(tab);
    wanting.clear();
    notifyChange();
  }

  /**
   * Joining open tabs: the state of one of them (the leader when known) replaces what storage gave, since
   * storage lags behind every tab's write-behind. Events arriving meanwhile are queued, and applied after
   * unless the adopted state has them (its event ids come with it). Without an answer in time, storage's
   * state stands.
   */
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
          if (peer !== null) guard('tab state', () => adopt(peer));
          resolve(peer !== null);
        },
      };
      askForState();
    });
  }

  function askForState(): void {
    if (joining === null || joining.asked) return;
    const to = channel.pickPeer();
    if (to === null) return;
    joining.asked = true;
    channel.post({ t: 'want', tab: channel.tab, to });
  }

  function sendState(to: string): void {
    channel.post({
      t: 'state', tab: channel.tab, to,
      state: { ids: writes.storedIds(session.state.ids.keys()), ledger: session.state.ledger, seq: session.state.seq, recent: applied.list() },
    });
  }

  /**
   * Back from a freeze (bfcache, a discarded background tab): events tracked elsewhere meanwhile were
   * missed. The leader's state has them; alone, storage does (our own events were flushed as we left).
   */
  async function catchUp(): Promise<void> {
    running = false;
    const adopted = await join(REJOIN_QUIET_MS);
    if (!adopted && !closed) {
      const stored = await storage.load();
      guard('tab state', () => adopt(stored));
    }
    run();
  }

  /** Replaces this tab's state by another tab's (dirty marks stay: they name ids to write). */
  function adopt(peer: TabState): void {
    session.state = createEngineState();
    session.sync = new Map();
    reconciler = createReconciler(program!.plan, session.state, session.sync, config.signals !== undefined);
    applied.clear();
    restore(peer);
  }

  /** Forgets every local value, journal entry and ledger entry of this page (not the definitions). */
  function resetState(): void {
    queue.length = 0;
    session.state = createEngineState();
    session.sync = new Map();
    if (program !== null) reconciler = createReconciler(program.plan, session.state, session.sync, config.signals !== undefined);
    applied.clear();
    writes.clear();
    lastIds.clear();
    unsent.length = 0;
    lately.length = 0;
  }

  async function resetAndReopen(): Promise<void> {
    resetState();
    await storage.reopen();
    notifyChange();
  }

  // ---- page lifecycle --------------------------------------------------------------------------

  const onPageHide = () => guard('flush', () => {
    writes.flush();
    channel.leave();
  });
  const onPageShow = () => guard('rejoin', () => {
    if (channel.rejoin() && running) void catchUp();
  });
  const onVisibility = () => guard('flush', () => {
    if (document.visibilityState === 'hidden') writes.flush();
    else void storage.recover().then((back) => back && writes.writeAll());
  });
  const hasDom = typeof window !== 'undefined' && typeof document !== 'undefined';
  const lifecycle: [EventTarget, string, () => void][] = hasDom ? [
    [window, 'pagehide', onPageHide], [window, 'pageshow', onPageShow], [document, 'visibilitychange', onVisibility],
    [document, 'freeze', onPageHide], [document, 'resume', onPageShow],
  ] : [];
  for (const [target, type, listener] of lifecycle) target.addEventListener(type, listener);

  // ---- server values ----

  /**
   * One refresh: the service's values for the current id of each of its keys. Server values move the
   * baseline silently: a refresh never fires a crossing (spec §14 item 27). A failure keeps the local
   * values and rejects (the timer backs off).
   */
  async function refresh(signals: SignalsConfig): Promise<void> {
    if (program === null || reconciler === null) return;
    const service = program.plan.definitions.services.find((s) => s.name === signals.service);
    const keys = new Set(program.plan.definitions.groups
      .filter((g) => service === undefined || service.groups.some((r) => r.name === g.name && r.version === g.version))
      .map((g) => g.key.name));
    for (const keyName of keys) {
      const id = currentId(keyName);
      if (id === null) continue;
      const sentAt = Date.now();
      const answer = await fetchOnlineAttributes(signals, keyName, [id]);
      const receivedAt = Date.now();
      if (answer.serverDate !== null) {
        clockOffset = nextClockOffset(clockOffset, answer.serverDate, sentAt, receivedAt);
        reconciler.learnClock(clockOffset);
      }
      const row = answer.values.get(keyName)?.get(id);
      if (row === undefined || closed || reconciler === null) continue;
      const pendingBefore = session.sync.get(stateKey(keyName, id))?.pending.slice() ?? [];
      reconciler.receive(keyName, id, { values: resolveColumns(program.plan, keyName, row), fetchedAt: receivedAt + clockOffset }, receivedAt + clockOffset);
      writes.markId(stateKey(keyName, id));
      hold?.settle(keyName, id, (intervention, eventId) => seenByServer(intervention, eventId, pendingBefore));
    }
    writes.schedule();
    notifyChange();
  }

  // ---- reads -----------------------------------------------------------------------------------

  function currentId(keyName: string): string | null {
    try {
      // The web tracker's client_session entity carries the domain user and session ids.
      const fromTracker = keyName === 'domain_userid' || keyName === 'client_session_user_id' ? tracker.getDomainUserId()
        : keyName === 'domain_sessionid' || keyName === 'client_session_session_id' ? tracker.getDomainSessionId()
          : keyName === 'user_id' ? tracker.getUserId() : undefined;
      if (typeof fromTracker === 'string' && fromTracker !== '') return fromTracker;
    } catch {
      // fall back to the last id seen in an event
    }
    return lastIds.get(keyName) ?? null;
  }

  function read(selection: AttributeSelection): Record<string, unknown> {
    if (program === null) return {};
    const groups = selectGroups(program.plan, selection);
    const now = Date.now() + clockOffset;
    const out: Record<string, unknown> = {};
    const clash = new Set<string>();
    const seen = new Set<string>();
    for (const g of groups) for (const a of g.attributes) (seen.has(a.def.name) ? clash : seen).add(a.def.name);
    for (const g of groups) {
      const id = selection.id ?? currentId(g.key.name);
      for (const attr of g.attributes) {
        const name = clash.has(attr.def.name) ? `${g.def.name}:${attr.def.name}` : attr.def.name;
        setOwn(out, name, shownValue(attr, id, now));
      }
    }
    return out;
  }

  /** The value shown for one attribute and id: local reconciled with the server; null for an unseen id. */
  function shownValue(attr: CompiledAttribute, id: string | null, now: number): unknown {
    const idState = id === null ? undefined : session.state.ids.get(stateKey(attr.group.key.name, id));
    return idState === undefined || reconciler === null ? null : reconciler.read(attr, idState, now);
  }

  /** The state as the explain and inspect views read it, now; null before the definitions load. */
  function view(): StateView | null {
    if (program === null) return null;
    const now = Date.now() + clockOffset;
    return { program, state: session.state, sync: session.sync, now, currentId, shown: (attr, id) => shownValue(attr, id, now) };
  }

  function notifyChange(): void {

    if (notifyQueued || listeners.size === 0) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      for (const listener of [...listeners]) guard('attributes listener', listener);
    });
  }

  const ready = start();
  ready.catch((error) => {
    failed = true;
    queue.length = 0;
    warnOnce('definitions', `not started: ${(error as Error).message}`);
  });

  return {
    trackerId: tracker.id,
    namespace,
    ready,
    dispatcher,
    onPayload: (payload) => guard('afterTrack', () => onPayload(payload)),
    subscribe: (options, start) => guard('subscribeToInterventions', () => subscribe(options, start)),
    read,
    view,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async clear() {
      resetState();
      channel.post({ t: 'clear', tab: channel.tab });
      await storage.clear();
      notifyChange();
    },
    close() {
      if (closed) return;
      refreshTimer?.stop();
      subscription?.stop();
      hold?.releaseAll();
      relay.close();
      writes.flush();
      writes.stop();
      closed = true;
      channel.close();
      storage.close();
      for (const [target, type, listener] of lifecycle) target.removeEventListener(type, listener);
    },
  };
}
