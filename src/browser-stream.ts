// IIFE entry of the stream add-on (dist/signals-edge.stream.iife.js) for the core script tag: sets
// window.snowplowSignalsEdgeStream, loaded after the core with one more sp.js command
//   snowplow('addPlugin', URL, ['snowplowSignalsEdgeStream', 'SignalsEdgeStreamPlugin'])
// which makes subscribeToInterventions a command. It reaches the core's runtimes through the page's one
// runtime registry; the full build has it already.
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';

export { subscribeToInterventions } from './plugin/subscribe-to-interventions.js';

/** The add-on's plugin for sp.js `addPlugin`: it adds commands only, nothing per event. */
export function SignalsEdgeStreamPlugin(): BrowserPlugin {
  return {};
}
