// Child process for rlike-bounded-time.test.ts (a process, so that a runaway regular expression can be
// killed): runs one event whose page_url is `unit` repeated `times` times plus `tail` through an engine
// whose intervention tests that page_url with `rlike pattern`, and prints how long process() took.
//   node --import tsx rlike-worker.ts '{"pattern":"…","unit":"a","times":1000000,"tail":"!"}'
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';

const { pattern, unit, times, tail } = JSON.parse(process.argv[2] ?? '{}') as { pattern: string; unit: string; times: number; tail: string };
const definitions = loadDefinitions({
  attribute_groups: [{
    name: 'g', version: 1, is_published: true, attribute_key: { name: 'domain_userid' },
    attributes: [{ name: 'last_url', type: 'string', aggregation: 'last', property: { type: 'atomic', name: 'page_url' } }],
  }],
  interventions: [{ name: 'match', version: 1, is_published: true, criteria: { attribute: 'g:last_url', operator: 'rlike', value: pattern } }],
});
const engine = createEngine(definitions);
const value = unit.repeat(times) + tail;
const started = performance.now();
const { fired } = engine.process({
  atomic: { event: 'page_view', event_id: 'e1', domain_userid: 'u', page_url: value, derived_tstamp: '2026-01-01T00:00:00.000Z' },
  derivedTstamp: Date.UTC(2026, 0, 1),
  unstruct: null,
  contexts: [],
});
process.stdout.write(JSON.stringify({ ms: performance.now() - started, fired: fired.length, length: value.length }));
