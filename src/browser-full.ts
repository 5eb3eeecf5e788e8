// IIFE entry of the full script tag (dist/signals-edge.full.iife.js): the core's window.snowplowSignalsEdge
// with every opt-in part: `SignalsEdgePlugin` takes raw `definitions` as well as a `plan`, and
// subscribeToInterventions, explainInterventions and inspectAttributes are there as commands.
export { clearLocalState } from './plugin/clear-local-state.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export { SignalsEdgePlugin } from './parts/definitions.js';
export { subscribeToInterventions } from './parts/stream.js';
export { explainInterventions, inspectAttributes } from './parts/explain.js';
