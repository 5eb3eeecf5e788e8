// What an SPA adds by importing the plugin: `import { SignalsEdgePlugin } from 'signals-edge'`
// (bench/measure-bundles.ts bundles this file with the Snowplow packages external).
export { SignalsEdgePlugin } from '../../dist/index.js';
