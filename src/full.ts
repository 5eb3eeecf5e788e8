// signals-edge/full: the core's API with every opt-in part: raw definitions (its SignalsEdgePlugin
// takes `definitions` or `plan`), the interventions stream, explain and inspect. Named exports only.
export { clearLocalState } from './plugin/clear-local-state.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { createAttributesStore, type AttributesSnapshot, type AttributesStoreOptions } from './plugin/create-attributes-store.js';
export { createInterventionsStore, type InterventionsStore, type InterventionsStoreOptions } from './plugin/create-interventions-store.js';
export type { ExternalStore } from './plugin/external-store.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export type { AttributeSelection, EdgeStatus, SignalsEdgeConfig } from './runtime/create-runtime.js';
export type {
  DeliveredIntervention, InterventionHandler, InterventionSource, MeasurementSettings,
} from './runtime/create-intervention-dispatcher.js';
export type { SignalsConfig } from './sync/fetch-online-attributes.js';
export type { SignalsBootstrap } from './sync/check-bootstrap.js';
export { readBootstrap, type ReadBootstrapOptions } from './sync/read-bootstrap.js';
export { SignalsEdgePlugin, loadDefinitions, parseDefinitions } from './parts/definitions.js';
export type { ParseDefinitionsOptions, ParseDefinitionsResult } from './parts/definitions.js';
export { subscribeToInterventions } from './parts/stream.js';
export type { InterventionSubscriptionOptions } from './parts/stream.js';
export { explainInterventions, inspectAttributes } from './parts/explain.js';
export type { AttributeDetails, ExplainedNode, InterventionExplanation, ValueSource } from './parts/explain.js';
