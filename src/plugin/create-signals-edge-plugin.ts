import type { BrowserPlugin, BrowserTracker } from '@snowplow/browser-tracker-core';
import type { Logger } from '@snowplow/tracker-core';
import { createRuntime, type Runtime, type SignalsEdgeConfig } from '../runtime/create-runtime.js';
import type { ReadBundle } from '../runtime/load-definitions.js';
import { createTrackedJsonCapture } from './capture-tracked-json.js';
import { applyPendingListeners } from './get-attributes.js';
import { applyPendingHandlers } from './intervention-handlers.js';
import { registerRuntime, runtimeForNamespace, unregisterRuntime } from './tracker-registry.js';

/**
 * The tracker plugin behind every `SignalsEdgePlugin`: the core's (`readBundle` null: plans only) and the
 * raw-definitions part's. One plugin object may serve several trackers (sp.js `addPlugin`).
 */
export function createSignalsEdgePlugin(config: SignalsEdgeConfig, readBundle: ReadBundle | null): BrowserPlugin {
  let logger: Logger | null = null;
  const mine = new Set<Runtime>();
  const capture = createTrackedJsonCapture();
  const warn = (message: string, error: unknown) => (logger ?? console).warn(`signals-edge: ${message}`, error);
  return {
    logger(l) {
      logger = l;
    },
    activateBrowserPlugin(tracker: BrowserTracker) {
      try {
        const runtime = createRuntime(tracker, config, logger, readBundle);
        mine.add(runtime);
        registerRuntime(runtime);
        applyPendingHandlers(runtime);
        applyPendingListeners(runtime);
      } catch (error) {
        warn('could not start for this tracker; tracking is not affected', error);
      }
    },
    beforeTrack(builder) {
      capture.before(builder);
    },
    afterTrack(payload) {
      // Routed by namespace: sp.js tracker ids (`snowplow_sp`) differ from the payload's `tna` (`sp`).
      try {
        const tracked = capture.take(payload);
        const runtime = runtimeForNamespace((payload as Record<string, unknown>).tna);
        if (runtime !== undefined && mine.has(runtime)) runtime.onPayload(payload as Record<string, unknown>, tracked);
      } catch (error) {
        warn('an event could not be processed; tracking is not affected', error);
      }
    },
    deactivatePlugin() {
      for (const runtime of mine) {
        try {
          runtime.close();
        } finally {
          unregisterRuntime(runtime);
        }
      }
      mine.clear();
    },
  };
}
