// npm entry: named exports only, listed by hand.
export { clearLocalState } from './plugin/clear-local-state.js';
export { explainInterventions, inspectAttributes } from './plugin/explain-interventions.js';
export type { AttributeSelection, SignalsEdgeConfig } from './plugin/create-runtime.js';
export type { InterventionExplanation } from './plugin/explain-state.js';
export type { AttributeDetails } from './plugin/inspect-state.js';
export type { ExplainedNode, ValueSource } from './rules/explain-intervention.js';
export type { InterventionSubscriptionOptions } from './sync/start-intervention-subscription.js';
export type { SignalsConfig } from './sync/fetch-online-attributes.js';
export type {
  DeliveredIntervention, InterventionHandler, InterventionSource, MeasurementSettings,
} from './plugin/create-intervention-dispatcher.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export { SignalsEdgePlugin } from './plugin/signals-edge-plugin.js';
export { subscribeToInterventions } from './plugin/subscribe-to-interventions.js';
export {
  AtomicProperty, Attribute, BatchAttributeGroup, BatchSource, Bundle, Criteria, Criterion, EntityProperty, Event,
  EventProperty, ExternalBatchAttributeGroup, Field, InterventionCriteriaAll, InterventionCriteriaAny,
  InterventionCriteriaNone, InterventionCriterion, LinkAttributeKey, AttributeKey, PagePing, PageView,
  RuleIntervention, Service, StreamAttributeGroup, StructuredEvent, domain_sessionid, domain_userid,
  network_userid, user_id, client_session_user_id, client_session_session_id,
} from './definitions/builders.js';
export { loadDefinitions, parseDefinitions } from './definitions/parse-definitions.js';
export { formatDuration, parseDuration } from './definitions/parse-duration.js';
export type * from './definitions/types.js';
export type * from './definitions/wire-types.js';
export { createEngine } from './engine/create-engine.js';
export type { EngineOptions } from './engine/create-engine.js';
export type { EdgeEngine, FiredIntervention, InterventionPayload, ProcessResult } from './engine/engine-types.js';
export type { AtomicEvent, AtomicValue, SelfDescribing } from './event/atomic-event.js';
export { fromEnrichedJson } from './event/from-enriched-json.js';
export { fromEnrichedTsv } from './event/from-enriched-tsv.js';
export { fromTrackerPayload } from './event/from-tracker-payload.js';
export { parseEventLine } from './event/parse-event-line.js';
export { DefinitionsError, EventError, SignalsEdgeError, formatProblems } from './errors.js';
export type { Problem } from './errors.js';
