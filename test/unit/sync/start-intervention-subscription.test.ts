// The interventions SSE subscription with a fake EventSource and fake timers: query building, one
// stream per connection (official bug #2), retries with back-off (bug #3), frame checks, stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InterventionPayload } from '../../../src/rules/intervention-payload.js';
import {
  startInterventionSubscription,
  type InterventionSubscriptionOptions,
} from '../../../src/sync/start-intervention-subscription.js';

/** Records every stream it is asked to open; the test opens, fails and feeds them. */
class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }
  close(): void {
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  fail(readyState: 0 | 2 = 2): void {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }
  send(data: string, type = 'message'): void {
    this.dispatchEvent(new MessageEvent(type, { data }));
  }
}

const streams = () => FakeEventSource.instances;
const last = () => streams().at(-1)!;
const live = () => streams().filter((s) => s.readyState !== 2);

function start(options: Partial<InterventionSubscriptionOptions> = {}, random = () => 0.5) {
  const delivered: InterventionPayload[] = [];
  const warnings: string[] = [];
  const subscription = startInterventionSubscription(
    { endpoint: 'signals.example.com', ...options },
    {
      deliver: (i) => delivered.push(i),
      warn: (m) => warnings.push(m),
      EventSource: FakeEventSource as unknown as typeof EventSource,
      random,
    },
  );
  return { subscription, delivered, warnings };
}

const frame = (extra: Record<string, unknown> = {}) => JSON.stringify({
  intervention_id: 'iid-1',
  name: 'discount',
  version: 1,
  target_attribute_key: { name: 'domain_userid', id: 'duid-1' },
  attributes: { count: 3 },
  ...extra,
});

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('query and connection', () => {
  it('opens nothing while no id is known', () => {
    const { subscription } = start();
    subscription.update({ e: 'pv', url: 'https://x.test/' });
    expect(subscription.query()).toBe('');
    expect(streams()).toHaveLength(0);
    vi.advanceTimersByTime(60_000);
    expect(streams()).toHaveLength(0);
  });

  it('reads the default keys from a payload and prepends https:// to a bare host', () => {
    const { subscription } = start();
    subscription.update({ e: 'pv', duid: 'duid-1', sid: 'sid-1' });
    expect(subscription.query()).toBe('domain_userid=duid-1&domain_sessionid=sid-1');
    expect(streams().map((s) => s.url)).toEqual([
      'https://signals.example.com/api/v1/interventions?domain_userid=duid-1&domain_sessionid=sid-1',
    ]);
  });

  it('seeds ids with setIds (duid index 1, sid index 6 of getDomainUserInfo)', () => {
    const info = ['0', 'duid-x', 1, 1, 2, 3, 'sid-x', '', '', 0, 1];
    const { subscription } = start({ endpoint: 'http://127.0.0.1:9/', apiPath: '/sse' });
    subscription.setIds({ domain_userid: String(info[1]), domain_sessionid: String(info[6]) });
    expect(subscription.query()).toBe('domain_userid=duid-x&domain_sessionid=sid-x');
    expect(last().url).toBe('http://127.0.0.1:9/sse?domain_userid=duid-x&domain_sessionid=sid-x');
  });

  it('merges targets over the defaults, old spellings under new ones, fixed ids last and winning', () => {
    const { subscription } = start({
      entityTargets: { pageview_id: '/co/com.snowplowanalytics.snowplow/web_page/id', tab: '/nope' },
      attributeKeyTargets: { domain_sessionid: ['/missing', '/vid'], tab: '/tab' },
      entityIds: { network_userid: 'nu-old', app: 'a&b' },
      attributeKeyIds: { network_userid: 'nu-1' },
    });
    // Fixed ids alone are enough to subscribe.
    expect(subscription.query()).toBe('network_userid=nu-1&app=a%26b');
    expect(streams()).toHaveLength(1);
    subscription.update({
      duid: 'd1',
      vid: 2,
      tab: 't1',
      co: JSON.stringify({ schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [
        { schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: { id: 'pv1' } },
      ] }),
    });
    expect(subscription.query()).toBe('domain_userid=d1&domain_sessionid=2&pageview_id=pv1&tab=t1&network_userid=nu-1&app=a%26b');
    subscription.setIds({ network_userid: 'other', extra: 'e1' });
    expect(subscription.query()).toBe('domain_userid=d1&domain_sessionid=2&pageview_id=pv1&tab=t1&network_userid=nu-1&app=a%26b&extra=e1');
  });

  it('reconnects only when the id set changes, closing the previous stream first', () => {
    const { subscription } = start();
    subscription.update({ duid: 'd1', sid: 's1' });
    last().open();
    subscription.update({ duid: 'd1', sid: 's1', e: 'pp' });
    subscription.update({ duid: 'd1' }); // keys missing from an event keep their ids
    subscription.setIds({ domain_userid: 'd1' });
    expect(streams()).toHaveLength(1);
    subscription.update({ duid: 'd1', sid: 's2' });
    expect(streams()).toHaveLength(2);
    expect(streams()[0]!.readyState).toBe(2);
    expect(live()).toEqual([last()]);
    expect(last().url).toContain('domain_sessionid=s2');
  });
});

describe('time-outs, errors and back-off', () => {
  it('closes a stream not open within connectionTimeoutMs and retries with doubling, jittered back-off', () => {
    const { subscription, warnings } = start({ connectionTimeoutMs: 1000 }, () => 0.5);
    subscription.setIds({ domain_userid: 'd1' });
    expect(streams()).toHaveLength(1);
    vi.advanceTimersByTime(999);
    expect(streams()[0]!.readyState).toBe(0);
    vi.advanceTimersByTime(1);
    expect(streams()[0]!.readyState).toBe(2); // official bug #2: the timed-out stream is really closed
    expect(streams()).toHaveLength(1);
    vi.advanceTimersByTime(999); // 1st retry after 1000 × (0.5 + 0.5)
    expect(streams()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(streams()).toHaveLength(2);
    vi.advanceTimersByTime(1000); // times out again → 2nd retry after 2000
    expect(streams()[1]!.readyState).toBe(2);
    vi.advanceTimersByTime(1999);
    expect(streams()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(streams()).toHaveLength(3);
    expect(live()).toEqual([last()]);
    expect(warnings.filter((w) => w.includes('not open after 1000 ms'))).toHaveLength(1);
  });

  it('caps the back-off at 60 s and applies the jitter from random()', () => {
    const { subscription } = start({ connectionTimeoutMs: 10 }, () => 0.99);
    subscription.setIds({ domain_userid: 'd1' });
    for (let i = 0; i < 12; i++) {
      const before = streams().length;
      last().fail();
      const delay = Math.min(60_000, 1000 * 2 ** i * 1.49);
      vi.advanceTimersByTime(Math.ceil(delay) - 1);
      expect(streams()).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(streams()).toHaveLength(before + 1);
    }
  });

  it('retries after an error that leaves the stream CLOSED; a successful open resets the back-off', () => {
    const { subscription } = start();
    subscription.setIds({ domain_userid: 'd1' });
    last().fail();
    vi.advanceTimersByTime(1000);
    last().fail();
    vi.advanceTimersByTime(2000);
    expect(streams()).toHaveLength(3);
    last().open();
    vi.advanceTimersByTime(60_000);
    expect(streams()).toHaveLength(3); // open streams are left alone
    last().fail();
    vi.advanceTimersByTime(1000);
    expect(streams()).toHaveLength(4);
  });

  it('leaves a CONNECTING error to the browser, but still times that attempt out', () => {
    const { subscription } = start();
    subscription.setIds({ domain_userid: 'd1' });
    last().open();
    last().fail(0); // dropped; the browser reconnects by itself
    vi.advanceTimersByTime(2000);
    expect(streams()).toHaveLength(1);
    last().open(); // the browser's own reconnect worked
    vi.advanceTimersByTime(10_000);
    expect(streams()).toHaveLength(1);
    last().fail(0);
    vi.advanceTimersByTime(2500); // this time it does not come back
    expect(streams()[0]!.readyState).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(streams()).toHaveLength(2);
  });

  it('ignores events of a stream it already replaced', () => {
    const { subscription, delivered } = start();
    subscription.setIds({ domain_userid: 'd1' });
    const first = last();
    subscription.setIds({ domain_userid: 'd2' });
    last().open();
    first.send(frame());
    first.fail();
    vi.advanceTimersByTime(60_000);
    expect(delivered).toHaveLength(0);
    expect(streams()).toHaveLength(2);
  });

  it('reconnects at once on online and on becoming visible, unless the stream is open', () => {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('window', win);
    vi.stubGlobal('document', doc);
    const { subscription } = start();
    subscription.setIds({ domain_userid: 'd1' });
    last().fail(); // back-off wait of 1 s
    win.dispatchEvent(new Event('online'));
    expect(streams()).toHaveLength(2);
    last().open();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(streams()).toHaveLength(2);
    last().fail();
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(streams()).toHaveLength(2);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(streams()).toHaveLength(3);
    expect(live()).toEqual([last()]);

    subscription.stop();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(streams()).toHaveLength(3);
  });
});

describe('frames', () => {
  it('delivers well-formed unnamed messages, keeping only the InterventionInstance fields', () => {
    const { subscription, delivered, warnings } = start();
    subscription.setIds({ domain_userid: 'duid-1' });
    last().open();
    last().send(frame({ extra: true }));
    last().send(frame({ intervention_id: 'iid-2', attributes: undefined, target_attribute_key: null }));
    last().send(frame({ intervention_id: 'iid-3' }), 'intervention'); // named events are not interventions
    expect(delivered).toEqual([
      // A server sending numbers reaches the handlers as the edge does: text.
      { intervention_id: 'iid-1', name: 'discount', version: 1, attributes: { count: '3' }, target_attribute_key: { name: 'domain_userid', id: 'duid-1' } },
      // no target: the connection's first target; no attributes: {}
      { intervention_id: 'iid-2', name: 'discount', version: 1, attributes: {}, target_attribute_key: { name: 'domain_userid', id: 'duid-1' } },
    ]);
    expect(warnings).toEqual([]);
  });

  it('delivers duplicates as they come (dropping them is the dispatcher’s job)', () => {
    const { subscription, delivered } = start();
    subscription.setIds({ domain_userid: 'duid-1' });
    last().send(frame());
    last().send(frame());
    expect(delivered).toHaveLength(2);
  });

  it('skips a bad frame with one warning each and keeps the stream', () => {
    const { subscription, delivered, warnings } = start();
    subscription.setIds({ domain_userid: 'duid-1' });
    last().open();
    const bad = [
      'not json',
      '',
      '[1,2]',
      'null',
      frame({ intervention_id: undefined }),
      frame({ intervention_id: 7 }),
      frame({ name: 3 }),
      frame({ version: '1' }),
      frame({ version: 1.5 }),
      frame({ target_attribute_key: { name: 'domain_userid' } }),
      frame({ target_attribute_key: 'duid-1' }),
      frame({ attributes: [1] }),
      `{"name":"${'x'.repeat(500)}"}`,
    ];
    for (const data of bad) expect(() => last().send(data)).not.toThrow();
    expect(delivered).toHaveLength(0);
    expect(warnings).toHaveLength(bad.length);
    expect(warnings[0]).toMatch(/frame skipped \(not JSON\): not json/);
    expect(warnings[7]).toMatch(/version: expected an integer/);
    expect(warnings[9]).toMatch(/target_attribute_key/);
    expect(warnings[12]!.length).toBeLessThan(250);
    last().send(frame());
    expect(delivered).toHaveLength(1);
    expect(streams()).toHaveLength(1);
  });

  it('survives a deliver that throws', () => {
    const warnings: string[] = [];
    const subscription = startInterventionSubscription(
      { endpoint: 'x.test' },
      { deliver: () => { throw new Error('boom'); }, warn: (m) => warnings.push(m), EventSource: FakeEventSource as unknown as typeof EventSource },
    );
    subscription.setIds({ domain_userid: 'd' });
    expect(() => last().send(frame())).not.toThrow();
    expect(warnings).toEqual([expect.stringMatching(/boom/)]);
  });
});

describe('bad options and stop', () => {
  it('warns and never connects without an endpoint or an EventSource', () => {
    const warnings: string[] = [];
    const noEndpoint = startInterventionSubscription(
      { endpoint: '' },
      { deliver: () => undefined, warn: (m) => warnings.push(m), EventSource: FakeEventSource as unknown as typeof EventSource },
    );
    noEndpoint.setIds({ domain_userid: 'd' });
    expect(streams()).toHaveLength(0);
    expect(noEndpoint.query()).toBe('domain_userid=d');
    vi.stubGlobal('EventSource', undefined);
    const noSource = startInterventionSubscription({ endpoint: 'x.test' }, { deliver: () => undefined, warn: (m) => warnings.push(m) });
    noSource.setIds({ domain_userid: 'd' });
    expect(warnings).toEqual([expect.stringMatching(/endpoint/), expect.stringMatching(/EventSource is not available/)]);
  });

  it('ignores malformed targets, ids, timeouts and payloads with warnings, without throwing', () => {
    const { subscription, warnings } = start({
      attributeKeyTargets: { bad: 5 as unknown as string, list: ['/a', 1 as unknown as string] },
      attributeKeyIds: { n: 7 as unknown as string, empty: '' },
      connectionTimeoutMs: -1,
    });
    expect(warnings).toHaveLength(4);
    expect(() => subscription.update(null as unknown as Record<string, unknown>)).not.toThrow();
    expect(() => subscription.setIds('x' as unknown as Record<string, string>)).not.toThrow();
    subscription.setIds({ domain_userid: 'd', domain_sessionid: '' });
    expect(subscription.query()).toBe('domain_userid=d');
    vi.advanceTimersByTime(2499);
    expect(last().readyState).toBe(0); // default timeout used
    vi.advanceTimersByTime(1);
    expect(last().readyState).toBe(2);
  });

  it('stop closes the stream, cancels retries and ignores later calls', () => {
    const { subscription, delivered } = start();
    subscription.setIds({ domain_userid: 'd1' });
    const stream = last();
    subscription.stop();
    expect(stream.readyState).toBe(2);
    stream.send(frame());
    subscription.setIds({ domain_userid: 'd2' });
    subscription.update({ duid: 'd3' });
    vi.advanceTimersByTime(120_000);
    expect(streams()).toHaveLength(1);
    expect(delivered).toHaveLength(0);

    const second = start();
    second.subscription.setIds({ domain_userid: 'd1' });
    last().fail(); // waiting for a retry
    second.subscription.stop();
    vi.advanceTimersByTime(120_000);
    expect(streams()).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
