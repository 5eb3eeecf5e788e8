// Chromium page script (SPA bundle): the plugin fed with seeded tracker payloads through its afterTrack
// hook, as the tracker calls it, until they are durably in IndexedDB; the naive design on the same
// payloads; what IndexedDB holds. Stateful across calls: start() once per page, then feed() and the rest.
import { newTracker, type BrowserTracker } from '@snowplow/browser-tracker';
import type { BrowserPlugin } from '@snowplow/browser-tracker-core';
import { openDB } from 'idb';
import { SignalsEdgePlugin, getAttributes, whenReady, type SignalsEdgeConfig } from '../../dist/full.js';
import { iteratePayloads } from '../generate-payloads.js';
import { openNaiveStore } from '../naive/open-naive-store.js';
import { summarize } from '../summarize.js';
import { sleep, waitNextTask } from './wait-next-task.js';

export interface FeedResult {
  events: number;
  /** performance.now() when the first payload was handed over. */
  startedAt: number;
  /** performance.now() when the last one was handed over. */
  endedAt: number;
  /** Time of each afterTrack call, ms. */
  after_track_ms: { p50: number; p99: number };
  lastEventId: string;
}

export interface NaiveResult {
  events: number;
  ms: number;
  events_per_s: number;
  /** Events/s over each block of 100 events: the rate falls as the stored log grows. */
  events_per_s_by_block: { up_to: number; events_per_s: number }[];
  /** The stored `count_product_view_life` of the user afterwards (a check that every event counted). */
  value: unknown;
}

export interface StoredRecords {
  ids: unknown[];
  ledger: unknown[];
  meta: unknown[];
}

export interface StorePage {
  crossOriginIsolated: boolean;
  /** A tracker `namespace` with the plugin on `definitions`; payloads of one user (this tracker's duid when `ownUser`). */
  start(options: { namespace: string; definitions: unknown; seed: number; events: number; ownUser: boolean; storage?: 'memory' }): Promise<void>;
  /** Hands the next `count` payloads to the plugin's afterTrack, a new task every `chunk` payloads. */
  feed(count: number, chunk: number): Promise<FeedResult>;
  /** Resolves with performance.now() once IndexedDB holds every event fed so far. */
  waitDurable(): Promise<number>;
  /** Every record of the namespace's database. */
  dump(): Promise<StoredRecords>;
  /** navigator.storage.estimate() usage (bytes) and its IndexedDB part when the browser reports one. */
  estimate(): Promise<{ usage: number; indexedDB: number | null }>;
  /** Values of one attribute for the fed user (getAttributes). */
  read(attribute: string): Promise<unknown>;
  /** The naive design on `count` payloads (one user, its own database): events/s until the last commit. */
  naive(options: { definitions: unknown; seed: number; count: number; start: number }): Promise<NaiveResult>;
}

const answerOk = () => Promise.resolve(new Response('ok', { status: 200 }));


let plugin: BrowserPlugin | null = null;
let tracker: BrowserTracker | null = null;
let namespace = '';
let payloads: Iterator<Record<string, unknown>> | null = null;
let lastEventId = '';
let userId = '';

const page: StorePage = {
  crossOriginIsolated: globalThis.crossOriginIsolated === true,

  async start(options) {
    namespace = options.namespace;
    plugin = SignalsEdgePlugin({
      definitions: options.definitions as NonNullable<SignalsEdgeConfig['definitions']>,
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    });
    tracker = newTracker(namespace, location.origin, { customFetch: answerOk, plugins: [plugin] }) ?? null;
    if (tracker === null) throw new Error('tracker not created');
    await whenReady({ timeoutMs: 10_000 });
    const start = Date.now() - options.events * 2000;
    payloads = iteratePayloads({ seed: options.seed, events: options.events, users: 1, start });
    userId = options.ownUser ? tracker.getDomainUserId() : '';
  },

  async feed(count, chunk) {
    if (plugin?.afterTrack === undefined || payloads === null) throw new Error('start() first');
    const times = new Float64Array(count);
    const startedAt = performance.now();
    let fed = 0;
    for (; fed < count; fed++) {
      const next = payloads.next();
      if (next.done === true) break;
      const payload = next.value;
      payload.tna = namespace;
      if (userId !== '') payload.duid = userId;
      else userId = String(payload.duid);
      lastEventId = String(payload.eid);
      const s = performance.now();
      plugin.afterTrack(payload as Parameters<NonNullable<BrowserPlugin['afterTrack']>>[0]);
      times[fed] = performance.now() - s;
      if ((fed + 1) % chunk === 0) await waitNextTask();
    }
    return { events: fed, startedAt, endedAt: performance.now(), after_track_ms: summarize(Array.from(times.subarray(0, fed))), lastEventId };
  },

  async waitDurable() {
    const db = await openDB(`signals-edge.${namespace}`);
    try {
      const end = performance.now() + 30_000;
      for (;;) {
        // A read transaction made after a write transaction on the same store sees it committed.
        const recent = (await db.get('meta', 'recent')) as { value?: unknown } | undefined;
        if (Array.isArray(recent?.value) && recent.value.includes(lastEventId)) return performance.now();
        if (performance.now() > end) throw new Error(`event ${lastEventId} not in IndexedDB after 30 s`);
        await sleep(1);
      }
    } finally {
      db.close();
    }
  },

  async dump() {
    const db = await openDB(`signals-edge.${namespace}`);
    try {
      const [ids, ledger, meta] = await Promise.all([db.getAll('ids'), db.getAll('ledger'), db.getAll('meta')]);
      return { ids, ledger, meta };
    } finally {
      db.close();
    }
  },

  async estimate() {
    const estimate = await navigator.storage.estimate();
    const details = (estimate as { usageDetails?: { indexedDB?: number } }).usageDetails;
    return { usage: estimate.usage ?? 0, indexedDB: details?.indexedDB ?? null };
  },

  async read(attribute) {
    const values = await getAttributes({ attributeKey: 'domain_userid', id: userId });
    return values[attribute];
  },

  async naive(options) {
    const store = await openNaiveStore(`naive-${options.seed}-${options.count}`, options.definitions);
    const list = [...iteratePayloads({ seed: options.seed, events: options.count, users: 1, start: options.start })];
    const started = performance.now();
    const blocks: NaiveResult['events_per_s_by_block'] = [];
    let blockStart = started;
    for (let i = 0; i < list.length; i++) {
      await store.track(list[i]!);
      if ((i + 1) % 100 === 0) {
        const now = performance.now();
        blocks.push({ up_to: i + 1, events_per_s: Math.round(100 / ((now - blockStart) / 1000)) });
        blockStart = now;
      }
    }
    const ms = performance.now() - started;
    const duid = String(list[0]?.duid);
    const value = (await store.read('domain_userid', duid))?.['bench_user_v1:count_product_view_life'] ?? null;
    store.close();
    return { events: list.length, ms: Math.round(ms), events_per_s: Math.round(list.length / (ms / 1000)), events_per_s_by_block: blocks, value };
  },
};
(globalThis as unknown as { storePage: StorePage }).storePage = page;
