// signals-edge/definitions: raw definitions on the page. Its `SignalsEdgePlugin` takes `definitions`
// (a bundle, or { url }) as well as `plan`, validating and normalising the bundle with the zod/mini
// wire schema; plus the parser itself.
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';
import { parseBundle } from '../definitions/parse-bundle.js';
import type { SignalsEdgeConfig } from '../runtime/create-runtime.js';
import { createSignalsEdgePlugin } from '../plugin/create-signals-edge-plugin.js';

export { loadDefinitions, parseDefinitions } from '../definitions/parse-definitions.js';
export type { ParseDefinitionsOptions, ParseDefinitionsResult } from '../definitions/parse-definitions.js';

/**
 * The signals-edge tracker plugin with the raw-definitions part: `definitions` may be a bundle object or
 * `{ url }` (a bundle with any problem is refused whole, its warnings logged once), or `plan` as in the core.
 *
 * @example
 * newTracker('sp1', collector, { plugins: [SignalsEdgePlugin({ definitions })] });
 */
export function SignalsEdgePlugin(config: SignalsEdgeConfig): BrowserPlugin {
  return createSignalsEdgePlugin(config, parseBundle);
}
