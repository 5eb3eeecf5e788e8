// What an SPA adds with the React bindings: the plugin and every export of 'signals-edge/react'
// (bench/measure-bundles.ts bundles this file with React and the Snowplow packages external and
// subtracts esm-plugin-import.ts's size).
export { SignalsEdgePlugin } from '../../dist/index.js';
export { SignalsEdgeProvider, markInterventionHandled, useAttributes, useIntervention, useInterventions } from '../../dist/react.js';
