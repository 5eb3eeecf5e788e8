// signals-edge/stream: the Signals interventions stream (SSE) as an opt-in part.
export { subscribeToInterventions } from '../plugin/subscribe-to-interventions.js';
export type { InterventionSubscriptionOptions } from '../sync/start-intervention-subscription.js';
