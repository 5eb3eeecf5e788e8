// Seeded simulations of reconciliation (reconcile.md "What the tests must show"): a fake Signals that
// processes events after a random lag (in exact mode also out of order), other devices adding events for
// the same user, fetches at random moments, storage loss. The truth is the engine over every event.
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { compileProgram } from '../../../src/pipeline/compile-program.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import { processEvent } from '../../../src/pipeline/process-event.js';
import { createEngineState, stateKey } from '../../../src/engine/engine-state.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { ACK_HORIZON_MS } from '../../../src/sync/acknowledge-pending.js';
import { createReconciler } from '../../../src/sync/create-reconciler.js';
import { toAtomicEvent } from '../../reference/compact-event.js';
import { createRandom } from '../../reference/random-stream.js';

const ECOM = 'com.snowplowanalytics.snowplow.ecommerce';
const action = [{ vendor: ECOM, name: 'snowplow_ecommerce_action' }];
const price = { type: 'entity', vendor: ECOM, name: 'product', major_version: 1, path: 'price' };
const category = { type: 'entity', vendor: ECOM, name: 'product', major_version: 1, path: 'category' };
const isAdd = { all: [{ property: { type: 'event', vendor: ECOM, name: 'snowplow_ecommerce_action', major_version: 1, path: 'type' }, operator: '=', value: 'add_to_cart' }] };
const attr = (name: string, aggregation: string, type: string, extra: Record<string, unknown> = {}) => ({ name, aggregation, type, events: action, ...extra });

const EXACT = ['n', 'total', 'lo', 'hi', 'first_cat', 'last_cat', 'cats', 'cat_counts', 'since_last', 'since_first'];
const ADDITIVE = ['n', 'total'];

function bundle(withSync: boolean) {
  const groups: unknown[] = [{
    name: 'shop', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
    attributes: [
      attr('n', 'counter', 'int32', { criteria: isAdd }),
      attr('total', 'sum', 'double', { property: price, criteria: isAdd }),
      attr('avg', 'mean', 'double', { property: price, criteria: isAdd }),
      attr('lo', 'min', 'double', { property: price }),
      attr('hi', 'max', 'double', { property: price }),
      attr('first_cat', 'first', 'string', { property: category }),
      attr('last_cat', 'last', 'string', { property: category }),
      attr('cats', 'unique_list', 'string_list', { property: category }),
      attr('cat_counts', 'category_count', 'dict', { property: category }),
      attr('top_cat', 'most_frequent', 'string', { property: category }),
      attr('distinct_cats', 'approx_count_distinct', 'int32', { property: category }),
      attr('since_last', 'time_since_last', 'double', { time_unit: 's' }),
      attr('since_first', 'time_since_first', 'double', { time_unit: 's' }),
      attr('recent_n', 'counter', 'int32', { period: 'PT10M', criteria: isAdd }),
    ],
  }];
  if (withSync) {
    groups.push({
      name: 'signals_edge_sync', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
      attributes: [{ name: 'event_ids', type: 'string_list', aggregation: 'unique_list', property: { type: 'atomic', name: 'event_id' } }],
    });
  }
  return { attribute_groups: groups, services: [], interventions: [] };
}

const USER = 'u-1';
const CATEGORIES = ['shoes', 'socks', 'hats', 'bags'];

interface Step { event: AtomicEvent; local: boolean }

function makeSteps(seed: number, count: number): Step[] {
  const random = createRandom(seed);
  let t = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    t += random.int(0, 20) * 1000;
    const local = random.chance(0.75);
    const event = toAtomicEvent({
      t: new Date(t).toISOString(), duid: USER, eid: `00000000-0000-4000-8000-${String(seed * 10_000 + i).padStart(12, '0')}`,
      action: random.pick(['add_to_cart', 'add_to_cart', 'product_view']),
      products: [{ id: `p${i}`, price: random.int(1, 50), category: random.pick(CATEGORIES), currency: 'USD' }],
    }, i);
    return { event, local };
  });
}

/** Equal values; numbers within rounding, dicts (category_count) whatever their key order. */
function close(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  const sorted = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v);
  return JSON.stringify(sorted(actual)) === JSON.stringify(sorted(expected));
}

/**
 * Runs one simulation; returns the problems found. Time advances with the events; each event reaches
 * the fake server when it happens and is processed `lag` later; the browser fetches at random moments.
 */
function simulate(seed: number, options: { exact: boolean; reorder: boolean; storageLoss: boolean }): string[] {
  const definitions = loadDefinitions(bundle(options.exact));
  const program = compileProgram(definitions);
  const random = createRandom(seed + 7);
  const steps = makeSteps(seed, 120);
  const truth = createEngine(definitions);
  let state = createEngineState();
  let reconciler = createReconciler(program.plan, state);
  const queue: { event: AtomicEvent; due: number; order: number }[] = [];
  let server = createEngine(definitions);
  // What this browser can know: its own events, and the others' the server had processed at the last fetch.
  let known = createEngine(definitions);
  const isLocal = new Set<unknown>();
  let processedRemote: AtomicEvent[] = [];
  const processedAll: AtomicEvent[] = [];
  let fetched = false;
  let order = 0;
  const problems: string[] = [];
  const attrs = program.plan.groups[0]!.attributes;
  const newId = () => `id-${++order}`;

  const processDue = (now: number) => {
    const due = queue.filter((q) => q.due <= now).sort((a, b) => a.due - b.due || a.order - b.order);
    for (const item of due) {
      server.process(item.event);
      processedAll.push(item.event);
      if (!isLocal.has(item.event.atomic.event_id)) processedRemote.push(item.event);
      queue.splice(queue.indexOf(item), 1);
    }
  };
  const fetch = (now: number) => {
    const values = server.read('domain_userid', USER, now);
    if (values !== null) reconciler.receive('domain_userid', USER, { values, fetchedAt: now }, now);
    fetched ||= values !== null;
    if (values !== null) {
      for (const event of processedRemote) known.process(event);
      processedRemote = [];
    }
  };
  const check = (now: number, label: string, exactOnly: boolean) => {
    const idState = state.ids.get(stateKey('domain_userid', USER));
    const expected = truth.read('domain_userid', USER, now)!;
    const knowable = known.read('domain_userid', USER, now);
    for (const a of attrs) {
      const name = a.def.name;
      const shown = idState === undefined ? null : reconciler.read(a, idState, now);
      const want = expected[a.id];
      // Exact mode after a fetch, processing in order: counters and sums show every event this browser
      // can know of, no fewer (out of order, past 100 processed ids, an event older than the list's
      // start cannot be told from one rolled off it, and is taken as processed: an undercount).
      const knowableValue = knowable?.[a.id];
      if (options.exact && !options.reorder && fetched && ADDITIVE.includes(name) && typeof knowableValue === 'number' && !close(shown ?? 0, knowableValue)) {
        problems.push(`${label}: ${name} shows ${JSON.stringify(shown)}, this browser knows of ${knowableValue}`);
      }
      if (ADDITIVE.includes(name) && typeof shown === 'number' && typeof want === 'number' && shown > want + 1e-6) {
        problems.push(`${label}: ${name} shows ${shown}, above the truth ${want}`);
      }
      if (exactOnly && EXACT.includes(name) && !close(shown, want)) problems.push(`${label}: ${name} shows ${JSON.stringify(shown)}, truth ${JSON.stringify(want)}`);
    }
  };

  for (const [i, { event, local }] of steps.entries()) {
    const now = event.derivedTstamp;
    processDue(now);
    truth.process(event);
    const lag = random.int(0, 40) * 1000;
    const jitter = options.reorder ? random.int(0, 15) * 1000 : 0;
    queue.push({ event, due: now + lag + jitter, order: options.reorder ? random.next() : order++ });
    if (!options.reorder) {
      // In order: nothing overtakes an earlier event.
      const last = queue.length > 1 ? queue[queue.length - 2]!.due : 0;
      queue[queue.length - 1]!.due = Math.max(queue[queue.length - 1]!.due, last);
    }
    if (local) {
      isLocal.add(event.atomic.event_id);
      known.process(event);
      const r = reconciler;
      processEvent(program, state, event, { newId, readShown: r.read, onApplied: (c, t, q) => r.journal(String(event.atomic.event_id), c, t, q, now) });
    }
    if (random.chance(0.25)) fetch(now);
    if (options.storageLoss && i === 70) {
      state = createEngineState();
      reconciler = createReconciler(program.plan, state);
      // The journal went with the storage: this browser's unprocessed events are unknowable until the
      // server has them; what it knows is what the server processed.
      known = createEngine(definitions);
      for (const e of processedAll) known.process(e);
      isLocal.clear();
      processedRemote = [];
      fetched = false;
      fetch(now);
    }
    check(now, `step ${i}`, false);
    if (problems.length > 5) return problems;
  }
  // The server catches up; one more fetch; every exact aggregation shows the truth. Without a sync
  // attribute, events no additive attribute covers (product views here) are known processed only past
  // the horizon, so the final fetch comes after it.
  const end = steps.at(-1)!.event.derivedTstamp + (options.exact ? 120_000 : ACK_HORIZON_MS + 60_000);
  processDue(end);
  fetch(end);
  check(end, 'caught up', true);
  // Other devices' events counted once: the local journal is empty now.
  const pending = reconciler.sync.get(stateKey('domain_userid', USER))?.pending ?? [];
  if (pending.length > 0) problems.push(`${pending.length} events still pending after the server caught up`);
  return problems;
}

describe('reconciliation', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`value evidence, in-order processing, other devices: seed ${seed}`, () => {
      expect(simulate(seed, { exact: false, reorder: false, storageLoss: false })).toEqual([]);
    });
    it(`exact mode, out-of-order processing, other devices, storage loss: seed ${seed}`, () => {
      expect(simulate(seed, { exact: true, reorder: true, storageLoss: seed % 2 === 0 })).toEqual([]);
    });
    it(`exact mode, in-order processing, other devices, storage loss, past 100 ids: every knowable event shown: seed ${seed}`, () => {
      expect(simulate(seed, { exact: true, reorder: false, storageLoss: seed % 2 === 0 })).toEqual([]);
    });
  }
});
