// Definitions fuzzing (issue 7): seeded random mutations of the valid bundles of the fixtures and of
// bench/attrs100.json. parseDefinitions never throws; a refusal lists problems, each with a code, a
// path into the input (never "undefined") and a message; a success compiles, runs events and reads
// values without throwing. The seed is fixed (fuzz-budget.ts); a failure names the case to replay.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePayloads } from '../../../bench/generate-payloads.js';
import { formatProblems, type Problem } from '../../../src/errors.js';
import { parseDefinitions, type ParseDefinitionsOptions } from '../../../src/definitions/parse-definitions.js';
import { createEngine } from '../../../src/pipeline/create-engine.js';
import type { AtomicEvent } from '../../../src/event/atomic-event.js';
import { fromTrackerPayload } from '../../../src/event/from-tracker-payload.js';
import { createRandom, generateStream } from '../../reference/random-stream.js';
import { loadSpecTables } from '../../reference/spec-table.js';
import { toAtomicEvent, type CompactEvent } from '../../reference/compact-event.js';
import { FUZZ_SEED, fuzzCases, startBudget } from './fuzz-budget.js';
import { collectStrings, isContainer, mutateOnce, type Step } from './mutate-value.js';

const read = (path: string): unknown => JSON.parse(readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8'));

interface Source {
  name: string;
  bundle: unknown;
  options: ParseDefinitionsOptions;
  events: AtomicEvent[];
}

const streamEvents = generateStream(FUZZ_SEED, { events: 40, users: 2 });
const payloadEvents = generatePayloads({ seed: FUZZ_SEED, events: 40, users: 2 }).map((p) => fromTrackerPayload(p));

const sources: Source[] = [
  ...['examples/tutorial-definitions.json', 'test/fixtures/tutorial-definitions.json', 'test/fixtures/tutorial-definitions-sync.json',
    'test/fixtures/cli/windowed-definitions.json', 'bench/attrs100.json'].map((path) => ({
    name: path, bundle: read(path), options: { includeUnpublished: true }, events: [...payloadEvents, ...streamEvents],
  })),
  { name: 'registry-response', bundle: read('test/fixtures/definitions/registry-response.json'), options: { registry: true, includeUnpublished: true }, events: streamEvents },
  ...loadSpecTables().flatMap(({ file, table }) => table.cases.map((c) => ({
    name: `${file}: ${c.name}`,
    bundle: c.definitions,
    options: { includeUnpublished: true },
    events: (c.events as CompactEvent[]).map((e, i) => toAtomicEvent(e, i)),
  }))),
];

const strings = collectStrings(sources.map((s) => s.bundle));
const donors = sources.map((s) => s.bundle);

/** The steps of a problem path such as `attribute_groups[0].attributes[2].aggregation` or `…property["com.acme"]`. */
function parsePath(path: string): Step[] | null {
  const steps: Step[] = [];
  const re = /(?:^|\.)([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(path)) !== null) {
    steps.push(m[2] !== undefined ? Number(m[2]) : m[3] !== undefined ? JSON.parse(m[3]) as string : m[1]!);
    end = re.lastIndex;
  }
  return end === path.length ? steps : null;
}

/** Whether every step but the last exists in the input (the last may name a missing required field). */
function parentExists(input: unknown, steps: readonly Step[]): boolean {
  let current = input;
  for (const step of steps.slice(0, -1)) {
    if (!isContainer(current)) return false;
    if (Array.isArray(current)) {
      if (typeof step !== 'number' || step >= current.length) return false;
      current = current[step];
    } else {
      if (typeof step !== 'string' || !Object.prototype.hasOwnProperty.call(current, step)) return false;
      current = current[step];
    }
  }
  return true;
}

/** What is wrong with one reported problem, or null. */
function checkProblem(input: unknown, problem: Problem): string | null {
  if (typeof problem.code !== 'string' || !/^[a-z_]+$/.test(problem.code)) return `bad code ${String(problem.code)}`;
  if (typeof problem.message !== 'string' || problem.message.trim().length < 5) return 'empty message';
  if (/\[object |undefined\]|\bNaN\]/.test(problem.message)) return `message shows a raw value: ${problem.message}`;
  if (typeof problem.path !== 'string') return 'path is not a string';
  // An unknown field's path ends in a key the input has, whatever it is ("NaN"); the rest is the validator's.
  const known = problem.code === 'unknown_field' ? problem.path.replace(/(?:(?:^|\.)[^.[\]"]+|\["(?:[^"\\]|\\.)*"\])$/, '') : problem.path;
  if (/undefined|NaN|\[object /.test(known)) return `path ${problem.path}`;
  if (problem.path === '') return isContainer(input) && !Array.isArray(input) && problem.code !== 'too_deep' ? 'empty path on an object bundle' : null;
  const steps = parsePath(problem.path);
  if (steps === null) return `unreadable path ${problem.path}`;
  if (!parentExists(input, steps)) return `path ${problem.path} is not in the input`;
  return null;
}

/** Runs events through an engine of the definitions and reads every id; returns what threw, or null. */
function runEngine(definitions: Parameters<typeof createEngine>[0], events: readonly AtomicEvent[]): string | null {
  try {
    const engine = createEngine(definitions, { newId: () => 'id' });
    let last = 0;
    for (const event of events) {
      engine.process(event);
      last = Math.max(last, event.derivedTstamp);
    }
    for (const { key, id } of engine.ids()) {
      for (const now of [last, last + 86_400_000 * 30]) JSON.stringify(engine.read(key, id, now));
    }
    return null;
  } catch (error) {
    return `the engine threw ${(error as Error)?.stack ?? String(error)}`;
  }
}

describe('definitions fuzzing', () => {
  it('every source bundle is valid and runs (the fuzzer starts from good input)', () => {
    expect(sources.length).toBeGreaterThan(50);
    for (const source of sources) {
      const result = parseDefinitions(source.bundle, source.options);
      expect(result.ok, source.name).toBe(true);
      if (result.ok) expect(runEngine(result.definitions, source.events), source.name).toBeNull();
    }
  });

  it(`random mutations: never a throw, a path-named refusal or a load that runs (seed ${FUZZ_SEED})`, { timeout: 60_000 }, () => {
    const random = createRandom(FUZZ_SEED);
    const budget = startBudget(10_000);
    const cases = fuzzCases(6000);
    const failures: string[] = [];
    let refused = 0;
    let loaded = 0;
    let ran = 0;
    for (let n = 0; n < cases && !budget.spent() && failures.length < 5; n++) {
      const source = random.pick(sources);
      let value = source.bundle;
      const steps: string[] = [];
      for (let k = random.int(1, 4); k > 0; k--) {
        const mutation = mutateOnce(value, random, donors, strings);
        value = mutation.value;
        steps.push(mutation.describe);
      }
      const options = random.chance(0.15) ? { ...source.options, registry: true } : source.options;
      const label = `case ${n} (${source.name}; ${steps.join('; ')}; ${JSON.stringify(options)})`;
      let result: ReturnType<typeof parseDefinitions>;
      try {
        result = parseDefinitions(value, options);
      } catch (error) {
        failures.push(`${label}: parseDefinitions threw ${(error as Error)?.stack ?? String(error)}`);
        continue;
      }
      if (!result.ok) {
        refused++;
        if (!Array.isArray(result.problems) || result.problems.length === 0) failures.push(`${label}: refused without problems`);
        for (const problem of result.problems) {
          const wrong = checkProblem(value, problem);
          if (wrong !== null) failures.push(`${label}: ${wrong} (${JSON.stringify(problem)})`);
        }
        try {
          formatProblems(result.problems);
        } catch (error) {
          failures.push(`${label}: formatProblems threw ${String(error)}`);
        }
        continue;
      }
      loaded++;
      for (const warning of result.warnings) {
        const wrong = checkProblem(value, warning);
        if (wrong !== null) failures.push(`${label}: warning ${wrong} (${JSON.stringify(warning)})`);
      }
      const thrown = runEngine(result.definitions, source.events);
      if (thrown !== null) failures.push(`${label}: ${thrown}`);
      else ran++;
    }
    if (process.env.FUZZ_VERBOSE) console.log({ refused, loaded, ran, ms: budget.elapsed() });
    expect(failures).toEqual([]);
    // The mix exercised both outcomes.
    expect(refused).toBeGreaterThan(50);
    expect(loaded).toBeGreaterThan(10);
    expect(ran).toBe(loaded);
  });
});
