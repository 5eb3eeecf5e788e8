// IIFE entry of the core script tag (dist/signals-edge.iife.js): sets window.snowplowSignalsEdge to a
// plain object of the factory and every API function, so sp.js can load it with
//   snowplow('addPlugin', URL, ['snowplowSignalsEdge', 'SignalsEdgePlugin'], [{ plan: { url } }])
// and call the API as commands: snowplow('addInterventionHandlers', {...}). The core runs plans; the
// full build (browser-full.ts) adds raw definitions, the interventions stream and explain.
export { clearLocalState } from './plugin/clear-local-state.js';
export { getAttributes, onAttributesChange, whenReady } from './plugin/get-attributes.js';
export { addInterventionHandlers, removeInterventionHandlers } from './plugin/intervention-handlers.js';
export { SignalsEdgePlugin } from './plugin/signals-edge-plugin.js';
