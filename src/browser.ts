// IIFE entry: the script-tag bundle sets window.snowplowSignalsEdge to a plain object of the API.
// Until the tracker plugin lands, that is the engine: definitions in, events in, values and crossings out.
import { loadDefinitions, parseDefinitions } from './definitions/parse-definitions.js';
import { createEngine } from './engine/create-engine.js';
import { fromTrackerPayload } from './event/from-tracker-payload.js';

export { createEngine, fromTrackerPayload, loadDefinitions, parseDefinitions };
