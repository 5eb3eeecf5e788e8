// The modules a tailored build swaps in: the aggregation switch gives the very aggregators the core's
// does, for every aggregation; the LIKE/RLIKE stand-ins export what the real modules export and refuse
// with a message saying the build was tailored. Loaded from the built package (dist/).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AGGREGATIONS, type Aggregation, type AttributeDef } from '../../../src/definitions/types.js';
import { aggregatorModule, likeStubModule, rlikeStubModule, tailoredModules } from '../../../src/tailor/tailored-modules.js';

const DIST = new URL('../../../dist/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'signals-edge-tailored-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
async function load<T>(code: string): Promise<T> {
  const file = join(dir, `module-${written++}.mjs`);
  writeFileSync(file, code);
  return import(pathToFileURL(file).href) as Promise<T>;
}

type AggregatorModule = { createAggregator(def: Pick<AttributeDef, 'aggregation' | 'timeUnit'>): any };
const core = () => import(pathToFileURL(`${DIST}engine/create-aggregator.js`).href) as Promise<AggregatorModule>;
const def = (aggregation: Aggregation) => ({ aggregation, timeUnit: 'min' as const });

describe('the tailored aggregation module', () => {
  it('gives the core\'s aggregator for every aggregation, when built with all of them', async () => {
    const tailored = await load<AggregatorModule>(aggregatorModule(AGGREGATIONS, DIST));
    const { createAggregator } = await core();
    for (const aggregation of AGGREGATIONS) {
      const mine = tailored.createAggregator(def(aggregation));
      const theirs = createAggregator(def(aggregation));
      if (aggregation.startsWith('time_since')) {
        // A new object per call: the same readings instead.
        const state = (a: any) => a.add(a.init(), null, 60_000, 1);
        expect(mine.read(state(mine), 600_000), aggregation).toBe(theirs.read(state(theirs), 600_000));
        expect(mine.read(state(mine), 600_000), aggregation).toBe(9);
      } else {
        expect(mine, aggregation).toBe(theirs);
      }
    }
  });

  it('imports only the modules of the aggregations it holds, and refuses the others by name', async () => {
    const code = aggregatorModule(['counter', 'sum'], DIST);
    expect(code.match(/^import .*aggregations\/.*$/gm)).toEqual([`import { counter, sum } from ${JSON.stringify(`${DIST}engine/aggregations/numeric.js`)};`]);
    const tailored = await load<AggregatorModule>(code);
    expect(tailored.createAggregator(def('sum'))).toBe((await core()).createAggregator(def('sum')));
    expect(() => tailored.createAggregator(def('unique_list'))).toThrow(/aggregation "unique_list": it is not in this build of signals-edge: it was tailored to a plan/);
  });
});

describe('the LIKE and RLIKE stand-ins', () => {
  for (const [name, stub] of [['compile-like', likeStubModule], ['compile-rlike', rlikeStubModule]] as const) {
    it(`match/${name}: the same exports as the real module, each refusing`, async () => {
      const real = await import(pathToFileURL(`${DIST}match/${name}.js`).href);
      const mine = await load<Record<string, unknown>>(stub(DIST));
      expect(Object.keys(mine).sort()).toEqual(Object.keys(real).sort());
      for (const [exported, value] of Object.entries(mine)) {
        if (typeof value !== 'function') {
          expect(value, exported).toBe(real[exported]);
        } else if (exported === 'readRlike') {
          expect(value('a.*')).toMatch(/^cannot be used: the operator "rlike" is not in this build/);
        } else {
          expect(() => (value as (p: string) => unknown)('a%'), exported).toThrow(/the operator "r?like" is not in this build of signals-edge/);
        }
      }
    });
  }

  it('are swapped in only when the plan does not use the operator', () => {
    const keys = (like: boolean, rlike: boolean) => [...tailoredModules({ aggregations: ['counter'], like, rlike }, DIST).keys()];
    expect(keys(false, false)).toEqual(['engine/create-aggregator', 'match/compile-like', 'match/compile-rlike']);
    expect(keys(true, true)).toEqual(['engine/create-aggregator']);
    expect(keys(true, false)).toEqual(['engine/create-aggregator', 'match/compile-rlike']);
  });
});
