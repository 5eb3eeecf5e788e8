// The framework-neutral stores in real Chromium, with the real tracker, the ecommerce plugin and
// IndexedDB: loading → ready, snapshots that change only with their values, interventions listed inside
// track(), and the status after a reload from storage.
import {
  SnowplowEcommercePlugin, trackAddToCart, trackProductView,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import { newTracker } from '@snowplow/browser-tracker';
import { describe, expect, it } from 'vitest';
import tutorial from '../../examples/tutorial-definitions.json';
import {
  SignalsEdgePlugin, clearLocalState, compileBundle, createAttributesStore, createInterventionsStore, whenReady,
  type AttributesSnapshot,
} from '../../src/index.js';
import { snapshotWhere } from '../fixtures/snapshot-where.js';

const compiled = await compileBundle(tutorial);
if (!compiled.ok) throw new Error('the tutorial must compile');
const plan = compiled.plan;
const product = (id: string, price: number) => ({ id, name: `Product ${id}`, category: 'gear', price, currency: 'USD' });

describe('createAttributesStore and createInterventionsStore (real tracker, IndexedDB)', () => {
  it('go from loading to ready, change with their values only, and list interventions inside track()', async () => {
    const trackers = ['stores1'];
    const all = createAttributesStore({}, trackers);
    const views = createAttributesStore({ names: ['count_product_views'] }, trackers);
    const interventions = createInterventionsStore({}, trackers);
    const loading = all.getSnapshot();
    expect(loading).toEqual({ status: 'loading', values: {} });
    newTracker('stores1', 'http://127.0.0.1:9/collector', {
      appId: 'stores-test', bufferSize: 1000,
      plugins: [SnowplowEcommercePlugin(), SignalsEdgePlugin({ plan, trackMeasurementEvents: false })],
    });
    const ready = await snapshotWhere(all, (s) => s.status !== 'loading');
    expect(ready.status).toBe('ready');
    await whenReady({ timeoutMs: 5000 }, trackers);

    const viewSnapshots = new Set<AttributesSnapshot>();
    const stopViews = views.subscribe(() => viewSnapshots.add(views.getSnapshot()));
    const heard: string[][] = [];
    const stopInterventions = interventions.subscribe(() => heard.push(interventions.getSnapshot().map((i) => i.name)));

    for (const id of ['a', 'b', 'c', 'd']) trackProductView(product(id, 10), trackers);
    // The discount's rule held on the fourth view: the store had it before track() returned.
    expect(heard).toEqual([['discount']]);
    const afterViews = await snapshotWhere(views, (s) => s.values.count_product_views === 4);
    trackAddToCart({ products: [product('e', 120)], total_value: 120, currency: 'USD' }, trackers);
    expect(heard.at(-1)).toEqual(['discount', 'cart_abandonment', 'free_shipping']);
    const afterCart = await snapshotWhere(all, (s) => s.values.count_add_to_cart === 1);
    expect(afterCart.values).toEqual({ count_product_views: 4, count_add_to_cart: 1, total_cart_value: 120 });
    // The add to cart changed no product-view count: that store kept its snapshot.
    expect(views.getSnapshot()).toBe(afterViews);
    // Notices come once per task (the four views in one), and the cart's notice gave the same object.
    expect([...viewSnapshots]).toEqual([afterViews]);

    const discount = interventions.getSnapshot().find((i) => i.name === 'discount')!;
    expect(discount).toMatchObject({ source: 'edge', target_attribute_key: { name: 'domain_userid' } });
    interventions.markHandled(discount);
    expect(interventions.getSnapshot().map((i) => i.name)).toEqual(['cart_abandonment', 'free_shipping']);

    stopViews();
    stopInterventions();
    interventions.close();
    await clearLocalState({}, trackers);
    expect((await snapshotWhere(all, (s) => s.values.count_add_to_cart === null)).status).toBe('ready');
  });

  it('reports memory-only when asked for memory storage', async () => {
    const trackers = ['stores2'];
    newTracker('stores2', 'http://127.0.0.1:9/collector', {
      appId: 'stores-test', plugins: [SignalsEdgePlugin({ plan, storage: 'memory', trackMeasurementEvents: false })],
    });
    const store = createAttributesStore({}, trackers);
    expect((await snapshotWhere(store, (s) => s.status !== 'loading')).status).toBe('memory-only');
  });
});
