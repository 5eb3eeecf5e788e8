// The cold-start page: a script-tag site (the tracker's UMD build, then the core script with a compiled
// plan, or the full script with raw definitions, as a script) that asks getAttributes() as soon as the
// plugin is added. Times, from the page's first inline script: `scripts` when the three scripts have
// run, `answered` at the first answer.

/** What the page leaves in `window.coldStart`. */
export interface ColdStartTimes {
  t0: number;
  scripts: number;
  answered?: number;
  /** Attributes in the first answer. */
  attributes?: number;
  /** The answer's `count_product_view_life` (attrs100). */
  views?: unknown;
}

/** How the page gets its definitions: a plan on the core script (the default setup), or raw definitions on the full one. */
export type ColdStartMode = 'plan' | 'definitions';

/** The HTML of the cold-start page; `/cold/definitions.js` must set `window.benchDefinitions` (a plan in `plan` mode). */
export function renderColdStartPage(namespace: string, mode: ColdStartMode = 'plan'): string {
  return `<!doctype html><meta charset="utf-8"><title>cold start</title>
<script>window.coldStart = { t0: performance.now() };</script>
<script src="/vendor/browser-tracker.js"></script>
<script src="/dist/${mode === 'plan' ? 'signals-edge.iife.js' : 'signals-edge.full.iife.js'}"></script>
<script src="/cold/definitions.js"></script>
<script>
(function () {
  var times = window.coldStart;
  times.scripts = performance.now();
  var edge = window.snowplowSignalsEdge;
  window.snowplowBrowserTracking.newTracker(${JSON.stringify(namespace)}, location.origin, {
    customFetch: function () { return Promise.resolve(new Response('ok')); },
    plugins: [edge.SignalsEdgePlugin({ ${mode === 'plan' ? 'plan' : 'definitions'}: window.benchDefinitions })],
  });
  edge.getAttributes().then(function (values) {
    times.answered = performance.now();
    times.attributes = Object.keys(values).length;
    times.views = values.count_product_view_life;
  });
})();
</script>`;
}

/** The script that hands the page its definitions. */
export function renderDefinitionsScript(definitions: unknown): string {
  return `window.benchDefinitions = ${JSON.stringify(definitions)};`;
}
