// signals-edge/react: React (18 or later) bindings over the core's stores. React is an optional peer
// dependency; nothing here is in the core bundle, and nothing touches a browser API on import or on the
// server. Named exports only.
export { SignalsEdgeProvider, type SignalsEdgeProviderProps } from './react/signals-edge-provider.js';
export { useAttributes } from './react/use-attributes.js';
export { useIntervention, useInterventions } from './react/use-interventions.js';
export { markInterventionHandled } from './react/shared-stores.js';
export type { AttributesSnapshot, AttributesStoreOptions } from './plugin/create-attributes-store.js';
export type { EdgeStatus } from './runtime/create-runtime.js';
export type { DeliveredIntervention } from './runtime/create-intervention-dispatcher.js';
export type { SignalsBootstrap } from './sync/check-bootstrap.js';
