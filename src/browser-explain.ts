// IIFE entry of the explain add-on (dist/signals-edge.explain.iife.js) for the core script tag: sets
// window.snowplowSignalsEdgeExplain, loaded after the core with one more sp.js command
//   snowplow('addPlugin', URL, ['snowplowSignalsEdgeExplain', 'SignalsEdgeExplainPlugin'])
// which makes explainInterventions and inspectAttributes commands. It reaches the core's runtimes
// through the page's one runtime registry; the full build has it already.
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';

export { explainInterventions, inspectAttributes } from './plugin/explain-interventions.js';

/** The add-on's plugin for sp.js `addPlugin`: it adds commands only, nothing per event. */
export function SignalsEdgeExplainPlugin(): BrowserPlugin {
  return {};
}
