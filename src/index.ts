// npm entry, the core: the plugin that runs a plan, its API, and the Node-side tools (engine, event
// readers, builders, durations), which a page bundle leaves out unless it imports them. Named exports
// only, listed by hand. Opt-in parts: signals-edge/definitions (raw definitions on the page),
// signals-edge/stream (the interventions stream), signals-edge/explain; signals-edge/full has them all.
export { clearLocalState } from './plugin/clear-local-state.js';
export type { AttributeSelection, EdgeStatus, SignalsEdgeConfig } from './runtime/create-runtime.js';
export type { SignalsConfig } from './sync/fetch-online-attributes.js';
export type { SignalsBootstrap } from './sync/check-bootstrap.js';
export { readBootstrap, type ReadBootstrapOptions } from './sync/read-bootstrap.js';
export type {
  DeliveredIntervention, InterventionHandler, InterventionSource, MeasurementSettings,
} from './runtime/create-intervention-dispatcher.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { createAttributesStore, type AttributesSnapshot, type AttributesStoreOptions } from './plugin/create-attributes-store.js';
export { createInterventionsStore, type InterventionsStore, type InterventionsStoreOptions } from './plugin/create-interventions-store.js';
export type { ExternalStore } from './plugin/external-store.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export { SignalsEdgePlugin } from './plugin/signals-edge-plugin.js';
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
export { createEngine, type EngineOptions, type EdgeEngine } from './pipeline/create-engine.js';
export type { FiredIntervention, InterventionPayload } from './rules/intervention-payload.js';
export type { ProcessResult } from './pipeline/process-event.js';
export type { AtomicEvent, AtomicValue, SelfDescribing } from './event/atomic-event.js';
export { fromEnrichedJson } from './event/from-enriched-json.js';
export { fromEnrichedTsv } from './event/from-enriched-tsv.js';
export { fromTrackerPayload } from './event/from-tracker-payload.js';
export { parseEventLine } from './event/parse-event-line.js';
export { compileBundle } from './plan/compile-bundle.js';
export type { CompileBundleOptions, CompileBundleResult } from './plan/compile-bundle.js';
export type { SignalsEdgePlan } from './plan/plan-format.js';
export { DefinitionsError, EventError, PlanError, SignalsEdgeError, formatProblems } from './errors.js';
export type { Problem } from './errors.js';
