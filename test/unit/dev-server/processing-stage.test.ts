import { afterEach, describe, expect, it } from 'vitest';
import { createDevServer, type DevServer } from '../../../demo/server/create-dev-server.js';
import { createProcessingStage } from '../../../demo/server/processing-stage.js';
import type { EdgeEngine } from '../../../src/pipeline/create-engine.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { ecommerceAction, getAttributes, newId, pageView, postEvents, waitFor } from './dev-server-helpers.js';

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An engine that only records the order it is given events in. */
function recordingEngine(order: string[]): EdgeEngine {
  return {
    process: (event) => {
      order.push(String(event.atomic['event_id']));
      return { fired: [] };
    },
    read: () => null,
    ids: () => [],
  };
}
const event = (id: string): AtomicEvent => ({ atomic: { event_id: id }, derivedTstamp: 0, unstruct: null, contexts: [] });

/** Cycles through the given values. */
function sequence(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

const LAST_URL = {
  attribute_groups: [{
    name: 'pages', version: 1, attribute_key: { name: 'domain_userid' }, is_published: true,
    attributes: [
      { name: 'last_path', type: 'string', aggregation: 'last', events: [{ name: 'page_view' }], property: { type: 'atomic', name: 'page_urlpath' } },
      { name: 'paths', type: 'string_list', aggregation: 'unique_list', events: [{ name: 'page_view' }], property: { type: 'atomic', name: 'page_urlpath' } },
      { name: 'views', type: 'int32', aggregation: 'counter', events: [{ name: 'page_view' }] },
    ],
  }],
  services: [{ name: 'pages', attribute_groups: [{ name: 'pages', version: 1 }] }],
};

describe('processing stage', () => {
  it('processes each event at its own due time, in due order, ties in arrival order', async () => {
    const order: string[] = [];
    let now = 1_000;
    const stage = createProcessingStage({ engine: recordingEngine(order), lagMs: 20, jitterMs: 10, now: () => now, random: sequence([1, 0, 0.5, 0.5]), onFired: () => {} });
    stage.enqueue(['a', 'b', 'c', 'd'].map(event), now); // due 1030, 1010, 1020, 1020
    expect(stage.pending()).toBe(4);
    now = 1_019;
    await waitFor(() => order.length === 1);
    expect(order).toEqual(['b']);
    now = 1_030;
    await waitFor(() => order.length === 4);
    expect(order).toEqual(['b', 'c', 'd', 'a']);
    expect(stage.processed()).toBe(4);
    expect(stage.pending()).toBe(0);
    stage.close();
  });

  it('with no lag processes events before enqueue returns; close drops what is queued', () => {
    const order: string[] = [];
    const stage = createProcessingStage({ engine: recordingEngine(order), lagMs: 0, jitterMs: 0, now: () => 5, onFired: () => {} });
    stage.enqueue([event('x'), event('y')], 5);
    expect(order).toEqual(['x', 'y']);
    const lagging = createProcessingStage({ engine: recordingEngine(order), lagMs: 10_000, jitterMs: 0, now: Date.now, onFired: () => {} });
    lagging.enqueue([event('z')], Date.now());
    lagging.close();
    expect(lagging.pending()).toBe(0);
    expect(order).toEqual(['x', 'y']);
  });

  it('drops an event id seen among the last `seenEventIds`, queued or processed; events without an id pass', () => {
    const order: string[] = [];
    const stage = createProcessingStage({ engine: recordingEngine(order), lagMs: 0, jitterMs: 0, now: () => 0, onFired: () => {}, seenEventIds: 3 });
    const noId: AtomicEvent = { atomic: {}, derivedTstamp: 0, unstruct: null, contexts: [] };
    stage.enqueue([event('a'), event('b'), event('a'), noId, noId], 0);
    stage.enqueue([event('b'), event('c'), event('d')], 0);
    expect(order).toEqual(['a', 'b', 'undefined', 'undefined', 'c', 'd']);
    expect(stage.duplicates()).toBe(2);
    // 'a' is older than the last 3 ids (b, c, d): it is applied again, as documented.
    stage.enqueue([event('a'), event('d')], 0);
    expect(order.slice(6)).toEqual(['a']);
    expect(stage.duplicates()).toBe(3);
    expect(() => createProcessingStage({ engine: recordingEngine(order), lagMs: 0, jitterMs: 0, now: () => 0, onFired: () => {}, seenEventIds: 0 })).toThrow(RangeError);
  });

  it('goes on after the engine throws on an event', () => {
    const errors: unknown[] = [];
    const engine: EdgeEngine = { process: () => { throw new Error('boom'); }, read: () => null, ids: () => [] };
    const stage = createProcessingStage({ engine, lagMs: 0, jitterMs: 0, now: () => 0, onFired: () => {}, onError: (e) => errors.push(e) });
    stage.enqueue([event('a'), event('b')], 0);
    expect(errors).toHaveLength(2);
    expect(stage.pending()).toBe(0);
  });

  it('jitter reorders processing, yet the values equal those of an unjittered server', async () => {
    const duid = newId();
    // Sent in one batch, as the tracker does: stm on each, so derived_tstamp = collector − (stm − dtm) keeps the
    // events' own order whatever order they are processed in (without stm they would all tie at the arrival time).
    const t0 = 1_700_000_000_000;
    const payloads = ['/a', '/b', '/c', '/a', '/d', '/b'].map((url, i) => pageView({ duid, url: `http://shop${url}`, dtm: t0 + i * 1000, stm: t0 + 6000 }));
    payloads.push(ecommerceAction({ type: 'product_view', duid }));

    const order: string[] = [];
    const jittered = await createDevServer({
      definitions: LAST_URL, publicServices: true, lagMs: 30, jitterMs: 30, random: sequence([0.99, 0.1, 0.6, 0, 0.8, 0.3, 0.5]), log: () => {},
      onProcessed: (e) => order.push(String(e.atomic['event_id'])),
    });
    const plain = await createDevServer({ definitions: LAST_URL, publicServices: true, log: () => {} });
    servers.push(jittered, plain);
    await postEvents(jittered.url, payloads);
    await postEvents(plain.url, payloads);
    await waitFor(() => jittered.processed() === payloads.length);

    expect(order).not.toEqual(payloads.map((p) => p['eid']));
    expect([...order].sort()).toEqual(payloads.map((p) => p['eid']).sort());
    const read = { service: 'pages', attribute_keys: { domain_userid: [duid] } };
    const a = await getAttributes(jittered.url, read);
    const b = await getAttributes(plain.url, read);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({ domain_userid: [duid], last_path: ['/b'], paths: [['/c', '/a', '/d', '/b']], views: [6] });
  });
});
