// The Chromium measurements: each opens a fresh, cross-origin-isolated page on the bench server and
// drives one of the page scripts in bench/pages/. When profiling (`names` set), the V8 sampling profiler runs
// around the measured part and its summary (self time by function and module) comes back too.
import { serialize } from 'node:v8';
import type { Browser, Page } from 'playwright-core';
import { renderDefinitionsScript, renderColdStartPage, type ColdStartMode, type ColdStartTimes } from './render-cold-start-page.js';
import type { EngineMeasurement } from './measure-engine.js';
import { openPage, profilePage } from './open-page.js';
import type { EnginePage } from './pages/engine-page.js';
import type { FeedResult, NaiveResult, StorePage, StoredRecords } from './pages/store-page.js';
import type { TrackCost, TrackPage } from './pages/track-page.js';
import type { BenchServer } from './start-bench-server.js';
import { summarizeProfile, type ProfileSummary } from './summarize-profile.js';

export interface BrowserBench {
  browser: Browser;
  server: BenchServer;
  /** Profile summaries are collected when set (function name → src file, for bundles). */
  names: ReadonlyMap<string, string> | null;
  profiles: Record<string, ProfileSummary>;
  /** CPU slow-down of every page (1: none; 4: a mobile-class CPU). */
  cpuThrottling: number;
}

type Window = { enginePage: EnginePage; trackPage: TrackPage; storePage: StorePage };

/** Runs `work` on `page`, under the profiler when profiling (summaries stored under `label`, one per `under`). */
async function runProfiled<T>(bench: BrowserBench, page: Page, label: string, under: (string | undefined)[], work: () => Promise<T>): Promise<T> {
  if (bench.names === null) return work();
  const { result, profile } = await profilePage(page, work, 100);
  for (const u of under) bench.profiles[u === undefined ? label : `${label} / ${u}`] = summarizeProfile(profile, { names: bench.names, ...(u === undefined ? {} : { under: u }) });
  return result;
}

async function runInPage<T>(bench: BrowserBench, name: string, work: (page: Page) => Promise<T>): Promise<T> {
  const { context, page, errors } = await openPage(bench.browser, bench.server, name, bench.cpuThrottling);
  try {
    const result = await work(page);
    if (errors.length > 0) throw new Error(`${name}: page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

/** engine.process per event in Chromium, on `events` seeded payloads of one user. */
export function measureEngineInChromium(bench: BrowserBench, bundle: unknown, events: number): Promise<EngineMeasurement> {
  return runInPage(bench, 'engine-page', (page) =>
    page.evaluate(([b, n]) => (globalThis as unknown as Window).enginePage.measure(b, { seed: 42, events: n, users: 1 }), [bundle, events] as const));
}

/** track() with and without the plugin (tutorial), alternating batches in one page. */
export function measureTrackCost(bench: BrowserBench, definitions: unknown, batches: number, batchSize: number): Promise<TrackCost> {
  return runInPage(bench, 'track-page', (page) => runProfiled(bench, page, 'track cost', ['afterTrack'], () =>
    page.evaluate(([d, b, s]) => (globalThis as unknown as Window).trackPage.trackCost({ definitions: d, batches: b, batchSize: s, seed: 7 }), [definitions, batches, batchSize] as const)));
}

/** track() → handler, on the edge or through the dev server (`endpoint`) and SSE. */
export function measureLatency(bench: BrowserBench, mode: 'edge' | 'server', definitions: unknown, endpoint: string, samples: number): Promise<number[]> {
  return runInPage(bench, 'track-page', (page) => runProfiled(bench, page, `${mode} latency`, mode === 'edge' ? ['trackAddToCart'] : [undefined], () =>
    page.evaluate(([m, d, e, n]) => (globalThis as unknown as Window).trackPage.latency({ mode: m, definitions: d, endpoint: e, samples: n }), [mode, definitions, endpoint, samples] as const)));
}

export interface ThroughputResult {
  events: number;
  events_per_s: number;
  /** Handing the payloads over (the synchronous part), ms. */
  feed_ms: number;
  /** From the last afterTrack call until IndexedDB holds the last event, ms. */
  drain_ms: number;
  after_track_ms: { p50: number; p99: number };
  /** getAttributes' `attribute` for the user afterwards (a check that every event counted). */
  value: unknown;
}

/**
 * Payloads through the plugin's afterTrack until durably in IndexedDB (one user, a new task every 100);
 * with `memory`, the same plugin with `storage: 'memory'`, until the last afterTrack returned.
 */
export function measureThroughput(bench: BrowserBench, label: string, definitions: unknown, events: number, attribute: string, memory = false): Promise<ThroughputResult> {
  return runInPage(bench, 'store-page', async (page) => {
    await page.evaluate(([d, n, m]) => (globalThis as unknown as Window).storePage.start({
      namespace: 'sp', definitions: d, seed: 42, events: n, ownUser: false, ...(m ? { storage: 'memory' as const } : {}),
    }), [definitions, events, memory] as const);
    const run = await runProfiled(bench, page, `throughput ${label}`, ['afterTrack'], () => page.evaluate(async ([n, m]) => {
      const store = (globalThis as unknown as Window).storePage;
      const fed = await store.feed(n, 100);
      return { fed, durableAt: m ? fed.endedAt : await store.waitDurable() };
    }, [events, memory] as const));
    const value = await page.evaluate(([a]) => (globalThis as unknown as Window).storePage.read(a), [attribute] as const);
    return {
      events: run.fed.events,
      events_per_s: Math.round(run.fed.events / ((run.durableAt - run.fed.startedAt) / 1000)),
      feed_ms: Math.round(run.fed.endedAt - run.fed.startedAt),
      drain_ms: Math.round(run.durableAt - run.fed.endedAt),
      after_track_ms: run.fed.after_track_ms,
      value,
    };
  });
}

/** The naive design on `events` payloads (one user). */
export function measureNaive(bench: BrowserBench, definitions: unknown, events: number): Promise<NaiveResult> {
  return runInPage(bench, 'store-page', (page) => runProfiled(bench, page, 'naive', [undefined], () =>
    page.evaluate(([d, n]) => (globalThis as unknown as Window).storePage.naive({ definitions: d, seed: 42, count: n, start: Date.now() - n * 2000 }), [definitions, events] as const)));
}

export interface StorageCheckpoint {
  events: number;
  /** Sum of the structured-clone (V8 serializer) sizes of every stored record and its key. */
  bytes: number;
  /** navigator.storage.estimate() usage (the LevelDB files of this origin, compressed, with logs). */
  estimate_usage: number;
  records: { user: number; sessions: number; session_records: number; ledger: number; meta: number };
  /** The largest attributes of the user record, by bytes. */
  largest_user_attributes: { attribute: string; bytes: number }[];
}

/**
 * V8 serializer bytes of a value as the page holds it. Values come from the page through Playwright, whose
 * arrays of numbers arrive as double arrays (9 bytes an element where the page's small integers take 2):
 * a JSON round trip gives them back their in-page kinds (stored values are JSON data).
 */
const countBytes = (value: unknown) => serialize(JSON.parse(JSON.stringify(value))).length;

function describeRecords(events: number, dump: StoredRecords, usage: number): StorageCheckpoint {
  let user = 0;
  let sessions = 0;
  let sessionRecords = 0;
  let largest: { attribute: string; bytes: number }[] = [];
  for (const record of dump.ids as { key: string; id: string; attributes: Record<string, unknown> }[]) {
    const bytes = countBytes(record) + countBytes([record.key, record.id]);
    if (record.key === 'domain_userid') {
      user += bytes;
      largest = Object.entries(record.attributes).map(([attribute, state]) => ({ attribute, bytes: countBytes(state) }));
    } else {
      sessions += bytes;
      sessionRecords++;
    }
  }
  const ledger = dump.ledger.reduce<number>((n, r) => n + countBytes(r) + countBytes((r as { k: string }).k), 0);
  const meta = dump.meta.reduce<number>((n, r) => n + countBytes(r) + countBytes((r as { name: string }).name), 0);
  largest.sort((a, b) => b.bytes - a.bytes);
  return {
    events,
    bytes: user + sessions + ledger + meta,
    estimate_usage: usage,
    records: { user, sessions, session_records: sessionRecords, ledger, meta },
    largest_user_attributes: largest.slice(0, 5),
  };
}

/** One user's IndexedDB bytes after each checkpoint (events fed through afterTrack, then durable). */
export function measureStorage(bench: BrowserBench, definitions: unknown, checkpoints: readonly number[]): Promise<StorageCheckpoint[]> {
  const total = checkpoints.at(-1) ?? 0;
  return runInPage(bench, 'store-page', async (page) => {
    await page.evaluate(([d, n]) => (globalThis as unknown as Window).storePage.start({ namespace: 'sp', definitions: d, seed: 43, events: n, ownUser: false }), [definitions, total] as const);
    const out: StorageCheckpoint[] = [];
    let fed = 0;
    for (const checkpoint of checkpoints) {
      const result = await page.evaluate(async ([n]) => {
        const store = (globalThis as unknown as Window).storePage;
        const feed: FeedResult = await store.feed(n, 100);
        await store.waitDurable();
        return { events: feed.events, dump: await store.dump(), estimate: await store.estimate() };
      }, [checkpoint - fed] as const);
      fed += result.events;
      out.push(describeRecords(fed, result.dump, result.estimate.usage));
    }
    return out;
  });
}

/**
 * Fills IndexedDB with `events` payloads of the page's own user (raw `definitions`), then loads the
 * cold-start page `loads` times: with `plan` (compiled from them) on the core script, else with the raw
 * definitions on the full script.
 */
export async function measureColdStart(
  bench: BrowserBench, definitions: unknown, events: number, loads: number, plan: unknown = null,
): Promise<ColdStartTimes[]> {
  const mode: ColdStartMode = plan === null ? 'definitions' : 'plan';
  bench.server.addFile('/cold/index.html', renderColdStartPage('sp', mode));
  bench.server.addFile('/cold/definitions.js', renderDefinitionsScript(plan ?? definitions));
  const { context, page, errors } = await openPage(bench.browser, bench.server, 'store-page', bench.cpuThrottling);
  try {
    await page.evaluate(async ([d, n]) => {
      const store = (globalThis as unknown as Window).storePage;
      await store.start({ namespace: 'sp', definitions: d, seed: 44, events: n, ownUser: true });
      await store.feed(n, 100);
      await store.waitDurable();
    }, [definitions, events] as const);
    const times: ColdStartTimes[] = [];
    for (let i = 0; i < loads; i++) {
      const load = async () => {
        await page.goto(`${bench.server.origin}/cold/index.html`);
        await page.waitForFunction(() => (globalThis as unknown as { coldStart: ColdStartTimes }).coldStart.answered !== undefined, null, { timeout: 15_000 });
        return page.evaluate(() => (globalThis as unknown as { coldStart: ColdStartTimes }).coldStart);
      };
      // The last load runs under the profiler when profiling.
      times.push(i === loads - 1 ? await runProfiled(bench, page, `cold start (${mode})`, [undefined], load) : await load());
    }
    if (errors.length > 0) throw new Error(`cold start: page errors: ${errors.join('; ')}`);
    return times;
  } finally {
    await context.close();
  }
}

