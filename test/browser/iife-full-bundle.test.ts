// The full script-tag bundle in real Chromium (dist/signals-edge.full.iife.js): the core's global plus
// every opt-in part as a command; its plugin runs the raw tutorial bundle.
import { expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import { describeShape, loadBundle, runTutorial } from './iife-harness.js';

it('sets window.snowplowSignalsEdge with the parts, and its plugin runs the raw tutorial definitions', async () => {
  const edge = await loadBundle('signals-edge.full.iife.js');
  expect(describeShape(edge)).toEqual({
    SignalsEdgePlugin: 1, addInterventionHandlers: 2, clearLocalState: 2, getAttributes: 2,
    explainInterventions: 2, inspectAttributes: 2, onAttributesChange: 2, removeInterventionHandlers: 2,
    subscribeToInterventions: 2, whenReady: 2,
  });
  await runTutorial(edge, { definitions: tutorial }, 'full1');
});
