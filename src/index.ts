// npm entry: named exports only, listed by hand.
export type { AtomicEvent, AtomicValue, SelfDescribing } from './event/atomic-event.js';
export type * from './definitions/types.js';
export type { EdgeEngine, FiredIntervention, InterventionPayload, ProcessResult } from './engine/engine-types.js';
export { DefinitionsError, SignalsEdgeError, formatProblems } from './errors.js';
export type { Problem } from './errors.js';
