// IIFE entry: the script-tag bundle sets window.snowplowSignalsEdge to a plain object of the API.
import { SignalsEdgeError } from './errors.js';

export { SignalsEdgeError };
