import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { buildSelfDescribingEvent, type Logger } from '@snowplow/tracker-core';
import type { TrackedJson } from '../event/from-tracker-payload.js';
import { compileProgram } from '../pipeline/compile-program.js';
import { randomUuid } from '../random-uuid.js';
import { bootstrapValuesFor, checkBootstrap, type SignalsBootstrap } from '../sync/check-bootstrap.js';
import { checkSignalsConfig, type SignalsConfig } from '../sync/fetch-online-attributes.js';
import type {
  InterventionSubscriptionOptions, startInterventionSubscription,
} from '../sync/start-intervention-subscription.js';
import { createChangeNotifier } from './create-change-notifier.js';
import { createCrossingRelay } from './create-crossing-relay.js';
import { createCurrentIds } from './create-current-ids.js';
import { createEventIntake } from './create-event-intake.js';
import {
  createInterventionDispatcher, type InterventionDispatcher, type MeasurementSettings,
} from './create-intervention-dispatcher.js';
import { createInterventionDelivery } from './create-intervention-delivery.js';
import { createRecentIds } from './create-recent-ids.js';
import { createServerRefresh, type ServerRefresh } from './create-server-refresh.js';
import { createStateStorage } from './create-state-storage.js';
import { createTabSharing, JOIN_TIMEOUT_MS, LATELY_MS } from './create-tab-sharing.js';
import { createValueReader } from './create-value-reader.js';
import { createWriteBehind } from './create-write-behind.js';
import { loadDefinitions, type DefinitionsOptions, type ReadBundle } from './load-definitions.js';
import { onPageLifecycle } from './on-page-lifecycle.js';
import { openTabChannel, type TabState } from './open-tab-channel.js';
import { restoreState } from './restore-state.js';
import { receiveBootstrap } from './receive-bootstrap.js';
import { createRuntimeSession, replaceState, setProgram } from './runtime-session.js';
import type { AttributeSelection } from './select-groups.js';
import type { StateView } from './state-view.js';

export type { AttributeSelection } from './select-groups.js';

/**
 * Where a runtime is: loading its definitions and stored state, running on IndexedDB, running in
 * memory only (asked for, or IndexedDB failed: values last for this page), or refused its definitions.
 */
export type EdgeStatus = 'loading' | 'ready' | 'memory-only' | 'failed';

/**
 * `SignalsEdgePlugin` configuration. The definitions come as `plan` (the
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
  /**
   * Values a server read from Signals for the current visitor (a server-rendered page): shown while the
   * stored state loads, then reconciled as a server answer read at `readAt`.
   */
  bootstrap?: SignalsBootstrap | undefined;
}

export interface Runtime {
  readonly trackerId: string;
  readonly namespace: string;
  /** Settles when definitions and stored state are loaded (rejects when the definitions are refused). */
  readonly ready: Promise<void>;
  status(): EdgeStatus;
  readonly dispatcher: InterventionDispatcher;
  /** A payload this tracker built (afterTrack), with the objects it was built from when known. */
  onPayload(payload: Record<string, unknown>, tracked?: TrackedJson): void;
  /**
   * Subscribes to the Signals interventions stream (replacing an earlier subscription) with `start`, the
   * opt-in stream part's code.
   */
  subscribe(options: InterventionSubscriptionOptions, start: typeof startInterventionSubscription): void;
  read(selection: AttributeSelection): Record<string, unknown>;
  /** What to show while loading: the bootstrap's values when they are for the selection's id, else nothing. */
  preview(selection: AttributeSelection): Readonly<Record<string, unknown>>;
  /** The state as the opt-in explain and inspect views read it, now; null before the definitions load. */
  view(): StateView | null;
  /** Called (batched) after every change of the values; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
  clear(): Promise<void>;
  close(): void;
}

/** Ids of applied events kept in memory (and handed to a joining tab with the state they are in). */
const RECENT_LIMIT = 2000;

/**
 * One tracker's runtime: tracked payloads → event view → pipeline → handlers, synchronously; state in
 * memory, written behind to IndexedDB; other tabs kept in step; server values fetched and reconciled.
 * This function only wires the parts around one session. `readBundle` is the opt-in raw-definitions part
 * (null in the core, which runs plans only).
 */
export function createRuntime(
  tracker: BrowserTracker, config: SignalsEdgeConfig, logger: Logger | null, readBundle: ReadBundle | null = null,
): Runtime {
  const { namespace } = tracker;
  // Server values (fetched, or a bootstrap) need the journal of the local events they may not count yet.
  const session = createRuntimeSession(config.signals !== undefined || config.bootstrap !== undefined, logger);
  const { guard, warnOnce } = session;
  let bootstrap: SignalsBootstrap | null = null;
  if (config.bootstrap !== undefined) {
    try {
      bootstrap = checkBootstrap(config.bootstrap);
    } catch (error) {
      warnOnce('bootstrap', `${(error as Error).message}; the bootstrap is left out`);
    }
  }
  const storage = createStateStorage(
    namespace, config.storage === 'memory', (message, error) => {
      warnOnce('storage', message, error);
      // The status may now be memory-only.
      changes.notify();
    },
    (message) => warnOnce('stored records', message),
  );
  const ids = createCurrentIds(tracker);
  const applied = createRecentIds(RECENT_LIMIT);
  const writes = createWriteBehind({ session, storage, applied, resendMs: LATELY_MS, currentId: ids.of });
  const changes = createChangeNotifier((listener) => guard('attributes listener', listener));
  const reader = createValueReader(session, ids);
  let refresh: ServerRefresh | null = null;
  /** The first hello is said (once storage is read; a tab back from a freeze before that waits for it). */
  let announced = false;
  let started: 'no' | 'yes' | 'failed' = 'no';

  const dispatcher = createInterventionDispatcher({
    measurement: config.trackMeasurementEvents ?? true,
    // The dispatcher warns once what repeats, and every time a handler fails.
    warn: (message) => session.warn(message),
    track: (event, entities) => intake.tracking(() => tracker.core.track(buildSelfDescribingEvent({ event }), entities)),
  });
  const delivery = createInterventionDelivery({ session, tracker, dispatcher, ids, reader });
  const channel = openTabChannel(
    namespace, randomUuid(), (message) => guard('tab message', () => tabs.onMessage(message)),
    (previous) => guard('tab lead', () => relay.takeOver(previous)),
  );
  const relay = createCrossingRelay(channel, {
    deliver: delivery.deliver,
    hold: (intervention, eventId) => refresh?.hold(intervention, eventId) ?? false,
  });
  const intake = createEventIntake({
    session, applied, writes, ids,
    found: relay.found,
    share: (payload, offset, at) => tabs.share(payload, offset, at),
    follow: delivery.update,
    kick: () => refresh?.kick(),
    changed: changes.notify,
  });
  const tabs = createTabSharing({
    session, channel, storage, applied, writes, intake, adopt, run,
    relay: relay.onMessage,
    cleared: () => void resetAndReopen(),
  });

  function restore(snapshot: TabState): void {
    const misfits = restoreState(session, snapshot, applied, writes.markId);
    if (misfits > 0) warnOnce('stored states', `${misfits} stored attribute state(s) of another aggregation or period start over`);
  }

  /** Replaces this tab's state by another tab's (dirty marks stay: they name ids to write). */
  function adopt(peer: TabState): void {
    replaceState(session);
    applied.clear();
    restore(peer);
  }

  /** Applies what was queued and goes on live; answers the tabs that asked for our state meanwhile. */
  function run(): void {
    intake.run();
    tabs.answerWaiting();
    changes.notify();
  }

  async function start(): Promise<void> {
    const snapshot = await storage.open();
    channel.announce();
    announced = true;
    const { definitions, fetched, warnings } = await loadDefinitions(config, snapshot.definitions, readBundle);
    if (fetched !== null) storage.saveDefinitions(fetched);
    if (warnings.length > 0) {
      warnOnce('definition warnings', `definitions: ${warnings.map((w) => `${w.path || '(root)'}: ${w.message}`).join('; ')}`);
    }
    const signals: SignalsConfig | null = config.signals === undefined ? null : checkSignalsConfig(config.signals);
    setProgram(session, compileProgram(definitions));
    restore(snapshot);
    if (config.persistStorage === true) void navigator.storage?.persist?.().catch(() => undefined);
    await channel.leadership;
    // Another tab may hold events that are not stored yet (its write-behind, or events it took while we loaded).
    if (!channel.isLeader()) await tabs.join(JOIN_TIMEOUT_MS);
    if (signals !== null) {
      refresh = createServerRefresh({
        session, signals, tracker, ids, reader, writes, deliver: delivery.deliver, changed: changes.notify,
        payloadsSeen: intake.payloadsSeen(),
      });
    }
    if (bootstrap !== null && ids.of(bootstrap.attributeKey) === bootstrap.id) {
      const changed = receiveBootstrap(session, bootstrap);
      if (changed !== null) {
        writes.markId(changed);
        writes.schedule();
      }
    }
    started = 'yes';
    run();
    refresh?.start();
  }

  /** Forgets every local value, journal entry and ledger entry of this page (not the definitions). */
  function resetState(): void {
    intake.clear();
    replaceState(session);
    applied.clear();
    writes.clear();
    ids.clear();
    tabs.clear();
  }

  async function resetAndReopen(): Promise<void> {
    resetState();
    await storage.reopen();
    changes.notify();
  }

  const stopLifecycle = onPageLifecycle({
    left: () => guard('flush', () => {
      writes.flush();
      channel.leave();
    }),
    back: () => guard('rejoin', () => {
      if (!channel.rejoin()) return;
      if (intake.isRunning()) void tabs.catchUp();
      else if (announced) channel.announce();
    }),
    visibility: (hidden) => guard('flush', () => {
      if (hidden) writes.flush();
      else void storage.recover().then((recovered) => recovered && writes.writeAll());
    }),
  });

  const ready = start();
  ready.catch((error) => {
    started = 'failed';
    changes.notify();
    intake.fail();
    warnOnce('definitions', `not started: ${(error as Error).message}`);
  });

  return {
    trackerId: tracker.id,
    namespace,
    ready,
    status: () => (started === 'no' ? 'loading' : started === 'failed' ? 'failed' : storage.kind() === 'memory' ? 'memory-only' : 'ready'),
    dispatcher,
    onPayload: (payload, tracked) => guard('afterTrack', () => intake.onPayload(payload, tracked)),
    subscribe: (options, start) => guard('subscribeToInterventions', () => delivery.subscribe(options, start)),
    read: reader.read,
    preview: (selection) => bootstrapValuesFor(bootstrap, selection, bootstrap === null ? null : ids.of(bootstrap.attributeKey)),
    view: reader.view,
    onChange: changes.add,
    async clear() {
      resetState();
      channel.post({ t: 'clear', tab: channel.tab });
      await storage.clear();
      changes.notify();
    },
    close() {
      if (session.closed) return;
      refresh?.stop();
      delivery.stop();
      relay.close();
      writes.flush();
      writes.stop();
      session.closed = true;
      channel.close();
      storage.close();
      stopLifecycle();
    },
  };
}
