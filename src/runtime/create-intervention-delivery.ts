import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { findIntervention } from '../pipeline/compile-program.js';
import { ledgerKey } from '../rules/evaluate-crossings.js';
import type { InterventionPayload } from '../rules/intervention-payload.js';
import type {
  InterventionSubscription, InterventionSubscriptionOptions, startInterventionSubscription,
} from '../sync/start-intervention-subscription.js';
import type { CurrentIds } from './create-current-ids.js';
import type { InterventionDispatcher } from './create-intervention-dispatcher.js';
import type { ValueReader } from './create-value-reader.js';
import type { RuntimeSession } from './runtime-session.js';

/** Interventions on their way to the handlers: crossings found here, and the Signals stream's. */
export interface InterventionDelivery {
  /** A crossing this browser found, for this tab's handlers. */
  deliver(intervention: InterventionPayload): void;
  /** Subscribes to the Signals stream (replacing an earlier subscription) with the stream part's `start`. */
  subscribe(options: InterventionSubscriptionOptions, start: typeof startInterventionSubscription): void;
  /** A payload this tab tracked: the stream follows its ids. */
  update(payload: Record<string, unknown>): void;
  stop(): void;
}

export interface DeliveryOptions {
  session: RuntimeSession;
  tracker: BrowserTracker;
  dispatcher: InterventionDispatcher;
  ids: CurrentIds;
  reader: ValueReader;
}

export function createInterventionDelivery({ session, tracker, dispatcher, ids, reader }: DeliveryOptions): InterventionDelivery {
  let subscription: InterventionSubscription | null = null;

  /** Payload name → `group:attribute` of the attributes an intervention reads (the measurement entity's). */
  function referencesOf(name: string, version: number): Record<string, string> | undefined {
    const compiled = session.program === null ? undefined : findIntervention(session.program, name, version);
    if (compiled === undefined) return undefined;
    const refs: Record<string, string> = {};
    for (const ref of compiled.refs) refs[ref.payloadName] = `${ref.group}:${ref.attribute}`;
    return refs;
  }

  /**
   * An intervention from the Signals stream. A crossing this browser already fired on the edge reaches
   * the handlers once: its server copy (same intervention, version and target, while the rule still
   * holds here) is dropped (official plugin bug #12).
   */
  function deliverFromServer(intervention: InterventionPayload): void {
    const { name, version, target_attribute_key: target } = intervention;
    // Streams are per id: a frame for another id of a key this tracker knows is not for this page.
    const mine = ids.of(target.name);
    if (mine !== null && mine !== target.id) {
      session.warnOnce('sse target', `an intervention for another ${target.name} was ignored`);
      return;
    }
    const { program } = session;
    if (program !== null) {
      const firedHere = session.state.ledger[ledgerKey(name, version, target.name, target.id)] !== undefined;
      const compiled = findIntervention(program, name, version);
      if (firedHere && compiled !== undefined && compiled.test((attrId) => reader.shownNow(attrId), null)) return;
    }
    dispatcher.dispatch({ ...intervention, source: 'server' });
  }

  return {
    deliver(intervention) {
      dispatcher.dispatch({ ...intervention, source: 'edge' }, referencesOf(intervention.name, intervention.version));
    },
    subscribe(options, start) {
      subscription?.stop();
      subscription = start(options, {
        deliver: (intervention) => session.guard('server intervention', () => deliverFromServer(intervention)),
        warn: (message) => session.warnOnce(`sse:${message}`, message),
      });
      try {
        // The tracker's ids at once (ParsedIdCookie: index 1 = domain_userid, 6 = domain_sessionid; bug #4).
        const info = tracker.getDomainUserInfo();
        const current: Record<string, string> = {};
        if (typeof info[1] === 'string' && info[1] !== '') current.domain_userid = info[1];
        if (typeof info[6] === 'string' && info[6] !== '') current.domain_sessionid = info[6];
        subscription.setIds(current);
      } catch {
        // ids come with the next event
      }
    },
    update: (payload) => subscription?.update(payload),
    stop: () => subscription?.stop(),
  };
}
