import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';
import { readPlanUsage } from '../../../src/tailor/plan-usage.js';

const TUTORIAL = JSON.parse(readFileSync(new URL('../../fixtures/tutorial-definitions.json', import.meta.url), 'utf8'));

function definitionsOf(bundle: unknown) {
  const result = parseDefinitions(bundle, { includeUnpublished: true });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.definitions;
}

describe('readPlanUsage', () => {
  it('the tutorial: counter and sum, no LIKE, no RLIKE', () => {
    expect(readPlanUsage(definitionsOf(TUTORIAL))).toEqual({ aggregations: ['counter', 'sum'], like: false, rlike: false });
  });

  it('finds LIKE in an attribute\'s criteria, RLIKE (and NOT RLIKE) in a rule, at any depth', () => {
    const bundle = structuredClone(TUTORIAL);
    const group = bundle.attribute_groups[0];
    group.attributes.push({
      name: 'gear_views', type: 'string_list', aggregation: 'unique_list',
      events: [{ vendor: 'com.snowplowanalytics.snowplow', name: 'page_view' }],
      property: 'page_title',
      criteria: { all: [{ property: 'page_title', operator: 'like', value: '%gear%' }] },
    });
    let usage = readPlanUsage(definitionsOf(bundle));
    expect(usage).toEqual({ aggregations: ['counter', 'sum', 'unique_list'], like: true, rlike: false });
    bundle.interventions[0].criteria = {
      all: [{ any: [{ attribute: `${group.name}:count_product_views`, operator: 'not rlike', value: '^1' }] }],
    };
    usage = readPlanUsage(definitionsOf(bundle));
    expect(usage.rlike).toBe(true);
  });
});
