import type { AttributeDef } from '../definitions/types.js';
import type { Aggregator } from './aggregations/aggregator.js';
import { approxCountDistinct } from './aggregations/approx-count-distinct.js';
import { createTimeSince, first, last } from './aggregations/first-last.js';
import { categoryCount, leastFrequent, mostFrequent } from './aggregations/frequency.js';
import { counter, max, mean, min, sum } from './aggregations/numeric.js';
import { uniqueList } from './aggregations/unique-list.js';

/** The one implementation of an attribute's aggregation, shared by browser, CLI and dev server. */
export function createAggregator(def: AttributeDef): Aggregator {
  switch (def.aggregation) {
    case 'counter': return counter as Aggregator;
    case 'sum': return sum as Aggregator;
    case 'mean': return mean as Aggregator;
    case 'min': return min as Aggregator;
    case 'max': return max as Aggregator;
    case 'first': return first as Aggregator;
    case 'last': return last as Aggregator;
    case 'unique_list': return uniqueList as Aggregator;
    case 'most_frequent': return mostFrequent as Aggregator;
    case 'least_frequent': return leastFrequent as Aggregator;
    case 'category_count': return categoryCount as Aggregator;
    case 'approx_count_distinct': return approxCountDistinct as Aggregator;
    case 'time_since_first': return createTimeSince('first', def.timeUnit ?? 's') as Aggregator;
    case 'time_since_last': return createTimeSince('last', def.timeUnit ?? 's') as Aggregator;
  }
}
