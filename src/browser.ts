// IIFE entry: the script-tag bundle sets window.snowplowSignalsEdge to a plain object of the factory
// and every API function, so sp.js can load it with
//   snowplow('addPlugin', URL, ['snowplowSignalsEdge', 'SignalsEdgePlugin'], [config])
// and call the API as commands: snowplow('addInterventionHandlers', {...}).
export { clearLocalState } from './plugin/clear-local-state.js';
export { explainInterventions, inspectAttributes } from './plugin/explain-interventions.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export { SignalsEdgePlugin } from './plugin/signals-edge-plugin.js';
export { subscribeToInterventions } from './plugin/subscribe-to-interventions.js';
