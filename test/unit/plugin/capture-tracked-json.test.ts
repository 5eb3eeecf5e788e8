// The objects taken from the payload builder give the same atomic event as the payload's text, for
// every event type tracker-core builds, with base64 on and off, with contexts from every source the
// tracker has (the event's, global contexts, plugin contexts, entities added by the callback or by other
// plugins), with a filter plugin, and with a page that changes its objects after track(). Where the
// objects cannot be trusted the capture gives nothing, and the text is read.
import {
  buildAdClick, buildAdConversion, buildAdImpression, buildAddToCart, buildConsentGranted, buildConsentWithdrawn,
  buildEcommerceTransaction, buildEcommerceTransactionItem, buildFormFocusOrChange, buildFormSubmission, buildLinkClick,
  buildPagePing, buildPageView, buildRemoveFromCart, buildScreenView, buildSelfDescribingEvent, buildSiteSearch,
  buildSocialInteraction, buildStructEvent, trackerCore, type CorePluginConfiguration, type PayloadBuilder,
  type SelfDescribingJson,
} from '@snowplow/tracker-core';
import { describe, expect, it } from 'vitest';
import { createTrackedJsonProbe, firstDifference, type ProbeRecord } from '../../fixtures/tracked-json-probe.js';

const ENTITY = (name: string, data: Record<string, unknown>): SelfDescribingJson => ({ schema: `iglu:com.acme/${name}/jsonschema/1-0-0`, data });

/** One of each builder of tracker-core 4, with odd values where JSON has opinions. */
const EVENTS: [string, () => PayloadBuilder][] = [
  ['page view', () => buildPageView({ pageUrl: 'https://shop.example/p?utm_source=x', pageTitle: 'P', referrer: 'https://ref.example/' })],
  ['page ping', () => buildPagePing({ pageUrl: 'https://shop.example/', minXOffset: 0, maxXOffset: 10, minYOffset: 1, maxYOffset: 20 })],
  ['structured', () => buildStructEvent({ category: 'c', action: 'a', label: 'l', property: 'p', value: 2.5 })],
  ['self-describing', () => buildSelfDescribingEvent({ event: ENTITY('thing', {
    n: NaN, inf: -Infinity, when: new Date(Date.UTC(2026, 11, 7)), gone: undefined, list: [undefined, 1, () => 2], nested: { deep: [{ a: [1] }] },
    uni: 'é😀\u2028', big: 1e21,
  }) })],
  ['ecommerce action', () => buildSelfDescribingEvent({ event: { schema: 'iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2', data: { type: 'add_to_cart' } } })],
  ['transaction', () => buildEcommerceTransaction({ orderId: 'o1', total: 10, tax: 1, shipping: 2, city: 'X', currency: 'USD' })],
  ['transaction item', () => buildEcommerceTransactionItem({ orderId: 'o1', sku: 's', name: 'n', category: 'c', price: 5, quantity: 2, currency: 'USD' })],
  ['screen view', () => buildScreenView({ name: 'home', id: 'a1b2' })],
  ['link click', () => buildLinkClick({ targetUrl: 'https://x.example/', elementId: 'e', elementClasses: ['a', 'b'] })],
  ['ad impression', () => buildAdImpression({ impressionId: 'i', costModel: 'cpm', cost: 0.5, bannerId: 'b' })],
  ['ad click', () => buildAdClick({ targetUrl: 'https://ad.example/', clickId: 'c', cost: 1, costModel: 'cpc' })],
  ['ad conversion', () => buildAdConversion({ conversionId: 'c', costModel: 'cpa', cost: 3, category: 'k', action: 'a', initialValue: 10 })],
  ['social', () => buildSocialInteraction({ action: 'like', network: 'n', target: 't' })],
  ['add to cart', () => buildAddToCart({ sku: 's', name: 'n', category: 'c', unitPrice: 2, quantity: 1, currency: 'USD' })],
  ['remove from cart', () => buildRemoveFromCart({ sku: 's', name: 'n', category: 'c', unitPrice: 2, quantity: 1 })],
  ['form focus', () => buildFormFocusOrChange({ schema: 'change_form', formId: 'f', elementId: 'e', nodeName: 'INPUT', value: null, type: 'text', elementClasses: null })],
  ['form submission', () => buildFormSubmission({ formId: 'f', formClasses: ['x'], elements: [{ name: 'q', value: 'v', nodeName: 'INPUT', type: 'text' }] })],
  ['site search', () => buildSiteSearch({ terms: ['mug', 'red'], filters: { colour: 'red', cheap: true }, totalResults: 3, pageResults: 1 })],
  ['consent granted', () => buildConsentGranted({ id: '1', version: '2', name: 'n', description: 'd', expiry: '2030-01-01T00:00:00Z' }).event],
  ['consent withdrawn', () => buildConsentWithdrawn({ all: true, id: '1', version: '2' }).event],
];

interface Setup {
  base64: boolean;
  /** The callback adds an entity (a host of tracker-core may; the browser tracker does it in a plugin). */
  callbackEntity?: boolean;
  /**
   * A first plugin as the browser tracker's own (4.x): ids, url and the client_session entity in its
   * beforeTrack, and, at a session's first event, an early build to note the event id.
   */
  browserData?: 'session' | 'first event';
  /** Plugins ahead of the probe / after it, and whether a filter plugin is present. */
  early?: CorePluginConfiguration['plugin'][];
  late?: CorePluginConfiguration['plugin'][];
  filter?: boolean;
  globalContexts?: boolean;
  eventContexts?: boolean;
}

function run(setup: Setup, events = EVENTS): ProbeRecord[] {
  const probe = createTrackedJsonProbe();
  const browserData = {
    beforeTrack: (pb: PayloadBuilder) => {
      pb.add('duid', 'd-1');
      pb.add('url', 'https://shop.example/cart');
      if (setup.browserData === 'first event') pb.build();
      pb.addContextEntity(ENTITY('client_session', { eventIndex: 1, previousSessionId: null }));
    },
  };
  const plugins = [
    ...(setup.browserData === undefined ? [] : [browserData]),
    ...(setup.early ?? []),
    probe.plugin as CorePluginConfiguration['plugin'],
    ...(setup.late ?? []),
    ...(setup.filter === true ? [{ filter: () => true }] : []),
  ];
  const core = trackerCore({
    base64: setup.base64,
    corePlugins: plugins,
    callback: (pb) => {
      // Ids and url, maybe an entity, then a build to send (the browser tracker's callback only sends).
      pb.add('duid', 'd-1');
      pb.add('url', 'https://shop.example/cart');
      pb.add('p', 'web');
      if (setup.callbackEntity === true) pb.addContextEntity(ENTITY('client_session', { sessionIndex: 1, previousSessionId: null, firstEventTimestamp: new Date(0) }));
      pb.build();
    },
  });
  core.setAppId('probe');
  core.setTrackerNamespace('sp');
  if (setup.globalContexts === true) core.addGlobalContexts([ENTITY('global', { g: 1 })]);
  for (const [, build] of events) {
    core.track(build(), setup.eventContexts === false ? [] : [ENTITY('product', { id: 'p', price: 20, tags: [undefined, 'x'] }), ENTITY('cart', { total: 20 })]);
  }
  return probe.records;
}

function expectSame(records: ProbeRecord[], events = EVENTS.length): void {
  expect(records).toHaveLength(events);
  for (const r of records) expect(firstDifference(r.fromTracked, r.fromText), r.event).toBeNull();
}

describe('the objects of the payload builder', () => {
  for (const base64 of [true, false]) {
    it(`give the payload's atomic event for every tracker-core event type (base64 ${base64 ? 'on' : 'off'})`, () => {
      const records = run({ base64, globalContexts: true, callbackEntity: true });
      expectSame(records);
      expect(records.every((r) => r.fromObjects)).toBe(true);
      // The contexts really were read: the event's two, the global one and the callback's entity.
      const ecommerce = records.find((r) => r.event === 'snowplow_ecommerce_action')!;
      expect(ecommerce.fromTracked.contexts.map((c) => c.name)).toEqual(['product', 'cart', 'global', 'client_session']);
      expect(ecommerce.fromTracked.unstruct?.name).toBe('snowplow_ecommerce_action');
    });
  }

  it('are used with no contexts at all, and left for the text when entities came without a cx entry', () => {
    const bare = run({ base64: true, eventContexts: false });
    expectSame(bare);
    expect(bare.every((r) => r.fromObjects && r.fromTracked.contexts.length === 0)).toBe(true);
    const entitiesOnly = run({ base64: true, eventContexts: false, callbackEntity: true });
    expectSame(entitiesOnly);
    expect(entitiesOnly.every((r) => !r.fromObjects && r.fromTracked.contexts.length === 1)).toBe(true);
  });

  it("take the browser tracker's own entities, and leave a session's first event (built early) to the text", () => {
    const records = run({ base64: true, browserData: 'session' });
    expectSame(records);
    expect(records.every((r) => r.fromObjects && r.fromTracked.contexts.at(-1)?.name === 'client_session')).toBe(true);
    const first = run({ base64: true, browserData: 'first event' });
    expectSame(first);
    expect(first.every((r) => !r.fromObjects && r.fromText.contexts.at(-1)?.name === 'client_session')).toBe(true);
  });

  it('include what plugins ahead of and after this one add before the build', () => {
    const addEntity = { beforeTrack: (pb: PayloadBuilder) => pb.addContextEntity(ENTITY('from_plugin', { at: 'before' })) };
    const records = run({ base64: false, early: [addEntity], late: [{ ...addEntity, contexts: () => [ENTITY('plugin_context', { x: 1 })] }] });
    expectSame(records);
    expect(records.every((r) => r.fromObjects)).toBe(true);
    expect(records[0]!.fromTracked.contexts.map((c) => c.name)).toEqual(['product', 'cart', 'plugin_context', 'from_plugin', 'from_plugin']);
  });

  it('are left for the text when a filter plugin builds early and the callback adds an entity after', () => {
    for (const base64 of [true, false]) {
      const records = run({ base64, filter: true, callbackEntity: true });
      expectSame(records);
      expect(records.every((r) => !r.fromObjects)).toBe(true);
      expect(records[0]!.fromText.contexts.at(-1)?.name).toBe('client_session');
    }
    // A filter without late entities: the first build wrote everything; the objects hold it.
    const filtered = run({ base64: true, filter: true });
    expectSame(filtered);
    expect(filtered.every((r) => r.fromObjects)).toBe(true);
  });

  it('are left for the text when a plugin after this one adds JSON, or one ahead wrote the contexts as text', () => {
    const addJson = { beforeTrack: (pb: PayloadBuilder) => pb.addJson('cx', 'co', { schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [ENTITY('late_json', {})] }) };
    const late = run({ base64: true, late: [addJson] });
    expectSame(late);
    expect(late.every((r) => !r.fromObjects)).toBe(true);
    const asText = { beforeTrack: (pb: PayloadBuilder) => pb.add('co', JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [ENTITY('text', {})] })) };
    const early = run({ base64: false, early: [asText] });
    expectSame(early);
    expect(early.every((r) => !r.fromObjects)).toBe(true);
  });

  it('are copied when read: a page changing its objects after track() changes nothing read', () => {
    const probe = createTrackedJsonProbe();
    const core = trackerCore({ base64: true, corePlugins: [probe.plugin as CorePluginConfiguration['plugin']], callback: (pb) => pb.add('url', 'https://shop.example/') });
    const product = { id: 'p', price: 20 };
    core.track(buildSelfDescribingEvent({ event: ENTITY('thing', product) }), [ENTITY('product', product)]);
    product.price = 99;
    const [record] = probe.records;
    expect(record!.fromObjects).toBe(true);
    expect(record!.fromTracked.contexts[0]!.data).toEqual({ id: 'p', price: 20 });
    expect(record!.fromTracked.unstruct!.data).toEqual({ id: 'p', price: 20 });
  });

  it('fall back to the text for data nested too deep to copy (the text is still read, the event counts)', () => {
    const probe = createTrackedJsonProbe();
    const core = trackerCore({ base64: false, corePlugins: [probe.plugin as CorePluginConfiguration['plugin']], callback: (pb) => pb.add('url', 'https://shop.example/') });
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 2000; i++) deep = { d: deep };
    core.track(buildSelfDescribingEvent({ event: ENTITY('thing', { deep }) }), [ENTITY('product', { id: 'p', deep })]);
    const [record] = probe.records;
    expect(record!.fromObjects).toBe(true);
    expect(firstDifference(record!.fromTracked, record!.fromText)).toBeNull();
    expect(record!.fromTracked.contexts[0]!.name).toBe('product');
  });

  it('never break tracking: a builder without the expected methods is left alone', () => {
    const probe = createTrackedJsonProbe();
    const odd = { getPayload: () => ({}), getJson: () => 'not a list' } as unknown as PayloadBuilder;
    expect(() => probe.plugin.beforeTrack!(odd)).not.toThrow();
    expect(probe.records).toEqual([]);
  });
});
