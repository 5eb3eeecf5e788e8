// signals-edge/explain: why an intervention fired or not, and where each value comes from, as an opt-in part.
export { explainInterventions, inspectAttributes } from '../plugin/explain-interventions.js';
export type { InterventionExplanation } from '../plugin/explain-state.js';
export type { AttributeDetails } from '../plugin/inspect-state.js';
export type { ExplainedNode, ValueSource } from '../rules/explain-intervention.js';
