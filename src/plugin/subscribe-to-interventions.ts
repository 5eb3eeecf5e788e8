import {
  startInterventionSubscription, type InterventionSubscriptionOptions,
} from '../sync/start-intervention-subscription.js';
import { runtimesFor } from './tracker-registry.js';

/**
 * Subscribes to the Signals interventions stream (`GET <endpoint>/api/v1/interventions`, SSE), with the
 * official plugin's options: `endpoint`, `apiPath`, `attributeKeyTargets` / `attributeKeyIds` (also the
 * older `entityTargets` / `entityIds`), `connectionTimeoutMs`. Server interventions reach the same
 * handlers with `source: 'server'`; one the edge already fired here reaches them once. The opt-in
 * stream part: `signals-edge/stream`.
 */
export function subscribeToInterventions(options: InterventionSubscriptionOptions, trackers?: string[]): void {
  if (options === null || typeof options !== 'object') return;
  for (const runtime of runtimesFor(trackers)) runtime.subscribe(options, startInterventionSubscription);
}
