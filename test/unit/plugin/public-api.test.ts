// The public API before and after a tracker activates the plugin (sp.js may run commands first).
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SignalsEdgePlugin, addInterventionHandlers, getAttributes, onAttributesChange, removeInterventionHandlers, whenReady } from '../../../src/full.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;
const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';

describe('public API', () => {
  it('listeners and handlers registered before any tracker follow the trackers that come later', async () => {
    const seen: unknown[] = [];
    const fired: string[] = [];
    const stop = onAttributesChange((values) => seen.push(values));
    addInterventionHandlers({ early: (i) => { fired.push(i.name); } });
    const plugin = SignalsEdgePlugin({ definitions: tutorial, storage: 'memory', trackMeasurementEvents: false });
    const tracker = { id: 'late', namespace: 'late', core: { track: () => undefined }, getDomainUserId: () => 'u', getDomainSessionId: () => 's', getUserId: () => null } as unknown as BrowserTracker;
    plugin.activateBrowserPlugin!(tracker);
    await whenReady({ timeoutMs: 2000 }, ['late']);
    plugin.afterTrack!({
      e: 'ue', eid: '0b000000-0000-4000-8000-000000000001', tna: 'late', p: 'web', url: 'https://x/', duid: 'u', dtm: String(Date.now()),
      ue_pr: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: `iglu:${ECOM}/snowplow_ecommerce_action/jsonschema/1-0-2`, data: { type: 'add_to_cart' } } }),
      co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{ schema: `iglu:${ECOM}/product/jsonschema/1-0-0`, data: { id: 'p', price: 5, currency: 'USD' } }] }),
    });
    expect(fired).toEqual(['cart_abandonment']);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.at(-1)).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 5 });
    expect(await getAttributes({}, ['late'])).toEqual({ count_product_views: 0, count_add_to_cart: 1, total_cart_value: 5 });
    stop();
    removeInterventionHandlers('early');
    plugin.deactivatePlugin!({} as never);
  });
});
