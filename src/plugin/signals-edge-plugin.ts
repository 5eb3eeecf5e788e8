import type { BrowserPlugin } from '@snowplow/browser-tracker-core';
import type { SignalsEdgeConfig } from '../runtime/create-runtime.js';
import { createSignalsEdgePlugin } from './create-signals-edge-plugin.js';

/**
 * The signals-edge tracker plugin (the core): runs a plan from `signals-edge compile`; every tracked
 * event updates the attributes and fires interventions inside the same `track()` call. Raw definitions
 * need the `SignalsEdgePlugin` of `signals-edge/definitions` instead.
 *
 * @example
 * newTracker('sp1', collector, { plugins: [SignalsEdgePlugin({ plan })] });
 */
export function SignalsEdgePlugin(config: SignalsEdgeConfig): BrowserPlugin {
  return createSignalsEdgePlugin(config, null);
}
