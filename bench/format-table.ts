// The goals (issues 6, 14 and 15), checked against the results, and the one table `npm run bench` prints.

type P50 = { p50: number };
type P50P99 = { p50: number; p99: number };

/** The fields of bench/results.json that the goals and the table read. */
export interface BenchResults {
  edge_event_to_intervention_ms: P50P99;
  server_event_to_intervention_ms: P50P99;
  track_without_plugin_ms: P50;
  track_with_plugin_ms: P50;
  per_event_ms: { tutorial: P50P99; attrs100: P50P99 };
  throughput_events_per_s: { tutorial: number; attrs100: number; naive_attrs100: number; in_memory_attrs100: number };
  storage_bytes: { after_1e3: number; after_1e4: number; after_1e5: number };
  cold_start_ms: P50;
  bundle_gzip_bytes: { iife: number; full_iife: number; esm_plugin_import: number; tailored_tutorial: number; react_bindings: number };
  replay_events_per_s: number;
  replay_floor_events_per_s: number;
  replay_peak_rss_mb: number;
  throttled_4x: {
    per_event_ms: { attrs100: P50P99 };
    cold_start_ms: P50;
    track_with_plugin_ms: P50;
    track_without_plugin_ms: P50;
    edge_event_to_intervention_ms: P50P99;
  };
  details: {
    engine: { node: { tutorial: { per_event_ms: P50P99; engine_events_per_s: number }; attrs100: { per_event_ms: P50P99; engine_events_per_s: number } };
      chromium: { tutorial: { engine_events_per_s: number }; attrs100: { engine_events_per_s: number } } };
    timer_resolution_ms: { chromium: number; node: number };
    track_until_next_task_ms: { without_plugin: P50; with_plugin: P50 };
    cold_start_definitions: P50;
    replay: { events: number; events_per_s: number; peak_rss_mb: number }[];
  };
}

export interface Goal {
  goal: string;
  /** The measured value the goal is judged on. */
  value: number;
  target: string;
  met: boolean;
}

const divide = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Each goal of the issue, with the value it is judged on. */
export function evaluateGoals(r: BenchResults): Goal[] {
  const edgeSpeedup = divide(r.server_event_to_intervention_ms.p50, r.edge_event_to_intervention_ms.p50);
  const pluginShare = divide(r.track_with_plugin_ms.p50 - r.track_without_plugin_ms.p50, r.track_without_plugin_ms.p50);
  const persisted = divide(r.throughput_events_per_s.attrs100, r.throughput_events_per_s.naive_attrs100);
  const growth = divide(r.storage_bytes.after_1e5, r.storage_bytes.after_1e4);
  const persistedShare = divide(r.throughput_events_per_s.attrs100, r.throughput_events_per_s.in_memory_attrs100);
  const replayShare = divide(r.replay_events_per_s, r.replay_floor_events_per_s);
  const t = r.throttled_4x;
  const [small, large] = [r.details.replay[0], r.details.replay.at(-1)];
  const rssGrowth = small === undefined || large === undefined ? Number.NaN : divide(large.peak_rss_mb, small.peak_rss_mb);
  return [
    { goal: 'edge vs server event→intervention (p50 speed-up, lag 0)', value: edgeSpeedup, target: '≥ 20×', met: edgeSpeedup >= 20 },
    { goal: 'track() with the plugin / without (p50 of batch means)', value: 1 + pluginShare, target: '≤ 1.25', met: pluginShare <= 0.25 },
    { goal: 'attrs100 per-event p99 (Chromium), ms', value: r.per_event_ms.attrs100.p99, target: '≤ 1 ms', met: r.per_event_ms.attrs100.p99 <= 1 },
    { goal: 'persisted throughput attrs100 / naive', value: persisted, target: '≥ 10×', met: persisted >= 10 },
    { goal: 'persisted throughput attrs100 / in memory', value: persistedShare, target: '≥ 0.5', met: persistedShare >= 0.5 },
    { goal: 'storage after 1e5 / after 1e4 events', value: growth, target: '≤ 1.2', met: growth <= 1.2 },
    { goal: 'IIFE gzip bytes', value: r.bundle_gzip_bytes.iife, target: '≤ 16384', met: r.bundle_gzip_bytes.iife <= 16_384 },
    { goal: 'tailored tutorial script tag gzip bytes', value: r.bundle_gzip_bytes.tailored_tutorial, target: '≤ 10240', met: r.bundle_gzip_bytes.tailored_tutorial <= 10_240 },
    { goal: 'cold start p50, ms', value: r.cold_start_ms.p50, target: '≤ 50 ms', met: r.cold_start_ms.p50 <= 50 },
    { goal: 'cold start p50 at 4× CPU throttling, ms', value: t.cold_start_ms.p50, target: '≤ 150 ms', met: t.cold_start_ms.p50 <= 150 },
    { goal: 'attrs100 per-event p99 at 4× CPU throttling, ms', value: t.per_event_ms.attrs100.p99, target: '≤ 0.25 ms', met: t.per_event_ms.attrs100.p99 <= 0.25 },
    { goal: 'replay events/s / read + parse floor', value: replayShare, target: '≥ 0.5', met: replayShare >= 0.5 },
    { goal: 'replay events/s (1e6 events)', value: r.replay_events_per_s, target: '≥ 100000', met: r.replay_events_per_s >= 100_000 },
    { goal: `replay peak RSS, 1e6 / ${formatNumber(small?.events ?? 0)} events`, value: rssGrowth, target: '≤ 1.1 (independent of input size)', met: rssGrowth <= 1.1 },
  ];
}

const formatNumber = (x: number, digits = 3) => (Number.isInteger(x) && Math.abs(x) >= 10 ? x.toLocaleString('en-US') : x.toFixed(digits));
const formatPair = (x: P50P99, digits = 3) => `${formatNumber(x.p50, digits)} / ${formatNumber(x.p99, digits)}`;

/** The printed table: one row per measurement (Chromium and Node side by side), then the goals. */
export function formatTable(r: BenchResults, goals: Goal[]): string {
  const node = r.details.engine.node;
  const chromium = r.details.engine.chromium;
  const rows: [string, string, string][] = [
    ['edge event → intervention, ms p50 / p99', formatPair(r.edge_event_to_intervention_ms), ''],
    ['server (SSE, lag 0) event → intervention, ms p50 / p99', formatPair(r.server_event_to_intervention_ms), ''],
    ['track() without plugin, ms per event (p50 of batch means)', formatNumber(r.track_without_plugin_ms.p50, 4), ''],
    ['track() with plugin, ms per event (p50 of batch means)', formatNumber(r.track_with_plugin_ms.p50, 4), ''],
    ['track() + the microtasks it queues, without / with plugin, ms', `${formatNumber(r.details.track_until_next_task_ms.without_plugin.p50, 4)} / ${formatNumber(r.details.track_until_next_task_ms.with_plugin.p50, 4)}`, ''],
    ['timer resolution, ms', formatNumber(r.details.timer_resolution_ms.chromium, 6), formatNumber(r.details.timer_resolution_ms.node, 6)],
    ['engine + rules per event, tutorial, ms p50 / p99', formatPair(r.per_event_ms.tutorial, 4), formatPair(node.tutorial.per_event_ms, 4)],
    ['engine + rules per event, attrs100, ms p50 / p99', formatPair(r.per_event_ms.attrs100, 4), formatPair(node.attrs100.per_event_ms, 4)],
    ['engine in memory, events/s, tutorial', formatNumber(chromium.tutorial.engine_events_per_s), formatNumber(node.tutorial.engine_events_per_s)],
    ['engine in memory, events/s, attrs100', formatNumber(chromium.attrs100.engine_events_per_s), formatNumber(node.attrs100.engine_events_per_s)],
    ['persisted in IndexedDB, events/s, tutorial', formatNumber(r.throughput_events_per_s.tutorial), ''],
    ['persisted in IndexedDB, events/s, attrs100', formatNumber(r.throughput_events_per_s.attrs100), ''],
    ['persisted in IndexedDB, events/s, naive attrs100', formatNumber(r.throughput_events_per_s.naive_attrs100), ''],
    ['the plugin in memory (storage: memory), events/s, attrs100', formatNumber(r.throughput_events_per_s.in_memory_attrs100), ''],
    ['IndexedDB bytes, one user, attrs100, 1e3 / 1e4 / 1e5 events',
      `${formatNumber(r.storage_bytes.after_1e3)} / ${formatNumber(r.storage_bytes.after_1e4)} / ${formatNumber(r.storage_bytes.after_1e5)}`, ''],
    ['cold start to first getAttributes (1e4 events stored), core + plan, ms p50', formatNumber(r.cold_start_ms.p50, 1), ''],
    ['cold start, full build + raw definitions (validated on the page), ms p50', formatNumber(r.details.cold_start_definitions.p50, 1), ''],
    ['bundle gzip bytes: core IIFE / full IIFE / ESM plugin import / tailored tutorial / React bindings added',
      [r.bundle_gzip_bytes.iife, r.bundle_gzip_bytes.full_iife, r.bundle_gzip_bytes.esm_plugin_import, r.bundle_gzip_bytes.tailored_tutorial, r.bundle_gzip_bytes.react_bindings]
        .map((x) => formatNumber(x)).join(' / '), ''],
    ['4× CPU throttling: track() without / with plugin, ms', `${formatNumber(r.throttled_4x.track_without_plugin_ms.p50, 4)} / ${formatNumber(r.throttled_4x.track_with_plugin_ms.p50, 4)}`, ''],
    ['4× CPU throttling: edge event → intervention, ms p50 / p99', formatPair(r.throttled_4x.edge_event_to_intervention_ms), ''],
    ['4× CPU throttling: engine + rules per event, attrs100, ms p50 / p99', formatPair(r.throttled_4x.per_event_ms.attrs100, 4), ''],
    ['4× CPU throttling: cold start, ms p50', formatNumber(r.throttled_4x.cold_start_ms.p50, 1), ''],
    ['replay floor (read + JSON.parse per line), events/s', '', formatNumber(r.replay_floor_events_per_s)],
    ...r.details.replay.map((run): [string, string, string] => [
      `replay CLI, ${formatNumber(run.events)} events: events/s, peak RSS MB`, '', `${formatNumber(run.events_per_s)}, ${formatNumber(run.peak_rss_mb, 1)}`,
    ]),
  ];
  const header: [string, string, string] = ['measurement', 'Chromium', 'Node'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)];
  const goalLines = goals.map((g) => `${g.met ? 'MET   ' : 'MISSED'}  ${g.goal}: ${formatNumber(g.value, 2)} (goal ${g.target})`);
  return [...table, '', ...goalLines].join('\n');
}
