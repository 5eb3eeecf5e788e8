// The core script-tag bundle in real Chromium: a plain <script src=dist/signals-edge.iife.js> sets
// window.snowplowSignalsEdge to a plain object of the plugin factory and the core API functions (each
// declaring exactly (arg, trackers), as sp.js's command dispatch needs); its plugin runs the tutorial's
// plan and refuses raw definitions, naming the full build. test/e2e/ drives the bundles through
// script-tag and sp.js storefronts.
import { expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import { compileBundle } from '../../src/plan/compile-bundle.js';
import { describeShape, loadBundle, runTutorial } from './iife-harness.js';

it('sets window.snowplowSignalsEdge = { SignalsEdgePlugin, ...core api } and its plugin runs the tutorial plan', async () => {
  const edge = await loadBundle('signals-edge.iife.js');
  expect(describeShape(edge)).toEqual({
    SignalsEdgePlugin: 1, addInterventionHandlers: 2, clearLocalState: 2, getAttributes: 2,
    onAttributesChange: 2, removeInterventionHandlers: 2, whenReady: 2,
  });
  const compiled = await compileBundle(tutorial);
  if (!compiled.ok) throw new Error('the tutorial must compile');
  await runTutorial(edge, { plan: JSON.parse(JSON.stringify(compiled.plan)) }, 'core1');
});

it('refuses raw definitions, saying which build or import takes them', async () => {
  const edge = await loadBundle('signals-edge.iife.js');
  await expect(runTutorial(edge, { definitions: tutorial }, 'core2')).rejects.toThrow(/raw `definitions` need the raw-definitions part/);
});
