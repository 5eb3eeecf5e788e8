import type { Aggregation } from '../definitions/types.js';
import type { PlanUsage } from './plan-usage.js';

/** Where each aggregation lives under `dist/engine/aggregations/` and how the core's switch makes it. */
const AGGREGATION_SOURCES: Readonly<Record<Aggregation, { module: string; name: string; make?: string }>> = {
  counter: { module: 'numeric', name: 'counter' },
  sum: { module: 'numeric', name: 'sum' },
  mean: { module: 'numeric', name: 'mean' },
  min: { module: 'numeric', name: 'min' },
  max: { module: 'numeric', name: 'max' },
  first: { module: 'first-last', name: 'first' },
  last: { module: 'first-last', name: 'last' },
  time_since_first: { module: 'first-last', name: 'createTimeSince', make: "createTimeSince('first', def.timeUnit ?? 's')" },
  time_since_last: { module: 'first-last', name: 'createTimeSince', make: "createTimeSince('last', def.timeUnit ?? 's')" },
  unique_list: { module: 'unique-list', name: 'uniqueList' },
  most_frequent: { module: 'frequency', name: 'mostFrequent' },
  least_frequent: { module: 'frequency', name: 'leastFrequent' },
  category_count: { module: 'frequency', name: 'categoryCount' },
  approx_count_distinct: { module: 'approx-count-distinct', name: 'approxCountDistinct' },
};

const missing = (what: string) => `${what} is not in this build of signals-edge: it was tailored to a plan `
  + 'that does not use it (build again with the plan that does)';

/**
 * The module `engine/create-aggregator` of a build tailored to `aggregations`: the core's switch with
 * only their cases, so a bundler leaves the other aggregations out. `dist` is the absolute path of the
 * package's `dist/` folder, with a trailing slash.
 */
export function aggregatorModule(aggregations: readonly Aggregation[], dist: string): string {
  const imports = new Map<string, Set<string>>();
  const cases: string[] = [];
  for (const aggregation of aggregations) {
    const source = AGGREGATION_SOURCES[aggregation];
    imports.set(source.module, (imports.get(source.module) ?? new Set()).add(source.name));
    cases.push(`    case ${JSON.stringify(aggregation)}: return ${source.make ?? source.name};`);
  }
  const lines = [...imports].map(([module, names]) =>
    `import { ${[...names].join(', ')} } from ${JSON.stringify(`${dist}engine/aggregations/${module}.js`)};`);
  return [
    `import { SignalsEdgeError } from ${JSON.stringify(`${dist}errors.js`)};`,
    ...lines,
    'export function createAggregator(def) {',
    '  switch (def.aggregation) {',
    ...cases,
    '  }',
    `  throw new SignalsEdgeError(\`aggregation "\${def.aggregation}": \` + ${JSON.stringify(missing('it'))});`,
    '}',
    '',
  ].join('\n');
}

/** `match/compile-like` for a plan without LIKE: the same exports, refusing a pattern. */
export function likeStubModule(dist: string): string {
  return [
    `import { SignalsEdgeError } from ${JSON.stringify(`${dist}errors.js`)};`,
    `export function compileLike() { throw new SignalsEdgeError(${JSON.stringify(missing('the operator "like"'))}); }`,
    '',
  ].join('\n');
}

/** `match/compile-rlike` for a plan without RLIKE: the same exports, refusing a pattern. */
export function rlikeStubModule(dist: string): string {
  const refuse = `throw new SignalsEdgeError(${JSON.stringify(missing('the operator "rlike"'))});`;
  return [
    `import { SignalsEdgeError } from ${JSON.stringify(`${dist}errors.js`)};`,
    'export const MAX_RLIKE_PATTERN_LENGTH = 1000;',
    `export function compileRlike() { ${refuse} }`,
    `export function readRlike() { return ${JSON.stringify(`cannot be used: ${missing('the operator "rlike"')}`)}; }`,
    `export function rlikeInputLimit() { ${refuse} }`,
    '',
  ].join('\n');
}

/**
 * The modules of the package's `dist/` a build tailored to `usage` replaces, by path under `dist/`
 * without the extension (`engine/create-aggregator`).
 */
export function tailoredModules(usage: PlanUsage, dist: string): Map<string, string> {
  const modules = new Map([['engine/create-aggregator', aggregatorModule(usage.aggregations, dist)]]);
  if (!usage.like) modules.set('match/compile-like', likeStubModule(dist));
  if (!usage.rlike) modules.set('match/compile-rlike', rlikeStubModule(dist));
  return modules;
}
