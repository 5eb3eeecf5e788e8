// Chromium page script (an SPA bundle: the browser tracker, the ecommerce plugin and signals-edge from
// dist/full.js (raw definitions and the stream part), bundled together): the cost of track() with and without the plugin, and the time
// from a track() call to the intervention handler, on the edge or through the dev server and SSE.
import { clearUserData, newTracker, trackPageView, type BrowserTracker } from '@snowplow/browser-tracker';
import {
  SnowplowEcommercePlugin, trackAddToCart, trackProductListView, trackProductView, trackRemoveFromCart,
} from '@snowplow/browser-plugin-snowplow-ecommerce';
import {
  SignalsEdgePlugin, addInterventionHandlers, subscribeToInterventions, whenReady, type DeliveredIntervention,
  type SignalsEdgeConfig,
} from '../../dist/full.js';
import { createRandom } from '../../test/reference/random-stream.js';
import { sleep, waitNextTask } from './wait-next-task.js';

type Definitions = NonNullable<SignalsEdgeConfig['definitions']>;

export interface TrackCostOptions {
  definitions: unknown;
  batches: number;
  batchSize: number;
  seed: number;
}

export interface TrackCost {
  /** Per-event mean of each measured batch: time inside track(), ms. */
  without_plugin: number[];
  with_plugin: number[];
  /** The same from the call until the next task starts (the microtasks the call queued included), ms. */
  without_plugin_until_next_task: number[];
  with_plugin_until_next_task: number[];
}

export interface LatencyOptions {
  /** `edge`: the plugin fires; `server`: the plugin has no interventions, the dev server's arrive by SSE. */
  mode: 'edge' | 'server';
  definitions: unknown;
  /** The dev server: the tracker's collector and the interventions stream. */
  endpoint: string;
  samples: number;
  /** Samples run first and dropped (JIT warm-up), default 5. */
  warmup?: number;
}

export interface TrackPage {
  crossOriginIsolated: boolean;
  trackCost(options: TrackCostOptions): Promise<TrackCost>;
  /** Milliseconds from the add-to-cart track() call to the handler receiving its intervention, per sample. */
  latency(options: LatencyOptions): Promise<number[]>;
}

/** The collector answers nothing: the tracker does all its work but the network round trip. */
const answerOk = () => Promise.resolve(new Response('ok', { status: 200 }));
const CATEGORIES = ['shoes', 'jackets', 'socks', 'home', 'gear'];

type Action = (trackers: string[]) => void;

/** A seeded mix of the events a shop tracks: page views, product and list views, adds and removes. */
function createActions(seed: number, count: number): Action[] {
  const random = createRandom(seed);
  const product = () => ({
    id: `sku-${random.int(0, 4999)}`, name: 'Product', category: random.pick(CATEGORIES),
    price: random.int(100, 20000) / 100, currency: 'USD',
  });
  return Array.from({ length: count }, (): Action => {
    const r = random.next();
    if (r < 0.3) return (trackers) => trackPageView({}, trackers);
    if (r < 0.6) {
      const p = product();
      return (trackers) => trackProductView(p, trackers);
    }
    if (r < 0.75) {
      const products = [product(), product(), product()];
      return (trackers) => trackProductListView({ name: 'catalog', products }, trackers);
    }
    const p = product();
    if (r < 0.9) return (trackers) => trackAddToCart({ products: [p], total_value: p.price, currency: 'USD' }, trackers);
    return (trackers) => trackRemoveFromCart({ products: [p], total_value: 0, currency: 'USD' }, trackers);
  });
}


async function trackCost(options: TrackCostOptions): Promise<TrackCost> {
  // The trackers' defaults (event queue in localStorage, one POST per event), minus the network.
  const plain = newTracker('plain', location.origin, { customFetch: answerOk, plugins: [SnowplowEcommercePlugin()] }) ?? null;
  const edge = newTracker('edge', location.origin, {
    customFetch: answerOk,
    plugins: [SnowplowEcommercePlugin(), SignalsEdgePlugin({ definitions: options.definitions as Definitions })],
  }) ?? null;
  if (plain === null || edge === null) throw new Error('trackers not created');
  await whenReady({ timeoutMs: 10_000 });
  const actions = createActions(options.seed, options.batchSize);
  /**
   * One batch: each track() call timed on its own, a new task between calls (as events come in a page:
   * the tracker's queue and the plugin's write-behind run between them, outside the calls).
   */
  const run = async (tracker: BrowserTracker): Promise<[number, number]> => {
    const ids = [tracker.id];
    let inside = 0;
    let untilNextTask = 0;
    for (const action of actions) {
      const started = performance.now();
      action(ids);
      inside += performance.now() - started;
      await waitNextTask();
      untilNextTask += performance.now() - started;
    }
    return [inside / actions.length, untilNextTask / actions.length];
  };
  const result: TrackCost = { without_plugin: [], with_plugin: [], without_plugin_until_next_task: [], with_plugin_until_next_task: [] };
  // One warm-up batch each, then alternating batches (the order flips every round).
  await run(plain);
  await run(edge);
  for (let b = 0; b < options.batches; b++) {
    const order: [BrowserTracker, number[], number[]][] = [
      [plain, result.without_plugin, result.without_plugin_until_next_task],
      [edge, result.with_plugin, result.with_plugin_until_next_task],
    ];
    if (b % 2 === 1) order.reverse();
    for (const [tracker, inside, untilNextTask] of order) {
      await sleep(30);
      const [a, b2] = await run(tracker);
      inside.push(a);
      untilNextTask.push(b2);
    }
  }
  return result;
}

/** The EventSources the page created, to wait until the stream of the current ids is open. */
const sources: EventSource[] = [];
const NativeEventSource = globalThis.EventSource;
class RecordingEventSource extends NativeEventSource {
  constructor(url: string | URL, init?: EventSourceInit) {
    super(url, init);
    sources.push(this);
  }
}
globalThis.EventSource = RecordingEventSource;

async function waitForStream(duid: string): Promise<void> {
  const end = performance.now() + 10_000;
  for (;;) {
    const last = sources.at(-1);
    if (last !== undefined && last.readyState === 1 && last.url.includes(`domain_userid=${duid}`)) return;
    if (performance.now() > end) throw new Error(`the interventions stream for ${duid} did not open`);
    await sleep(2);
  }
}

async function latency(options: LatencyOptions): Promise<number[]> {
  const definitions = options.mode === 'edge' ? options.definitions : { ...(options.definitions as object), interventions: [] };
  const tracker = newTracker('sp', options.endpoint, {
    eventMethod: 'post',
    bufferSize: 1,
    plugins: [SnowplowEcommercePlugin(), SignalsEdgePlugin({ definitions: definitions as Definitions })],
  }) ?? null;
  if (tracker === null) throw new Error('tracker not created');
  let waiting: ((at: number) => void) | null = null;
  addInterventionHandlers({
    bench: (intervention: DeliveredIntervention) => {
      const at = performance.now();
      if (intervention.name === 'cart_abandonment' && intervention.source === options.mode) waiting?.(at);
    },
  });
  if (options.mode === 'server') subscribeToInterventions({ endpoint: options.endpoint });
  await whenReady({ timeoutMs: 10_000 });

  const samples: number[] = [];
  const warmup = options.warmup ?? 5;
  for (let i = 0; i < warmup + options.samples; i++) {
    // A new user each time (a crossing fires once per user), first seen on a page view.
    clearUserData();
    trackPageView();
    if (options.mode === 'server') await waitForStream(tracker.getDomainUserId());
    await sleep(5);
    const handled = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${options.mode} intervention within 5 s (sample ${i})`)), 5000);
      waiting = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
    const started = performance.now();
    trackAddToCart({ products: [{ id: `sku-${i}`, name: 'Mug', category: 'home', price: 20, currency: 'USD' }], total_value: 20, currency: 'USD' });
    const elapsed = (await handled) - started;
    if (i >= warmup) samples.push(elapsed);
    waiting = null;
  }
  return samples;
}

const page: TrackPage = { crossOriginIsolated: globalThis.crossOriginIsolated === true, trackCost, latency };
(globalThis as unknown as { trackPage: TrackPage }).trackPage = page;
