import type { Aggregation, Criteria, Definitions, InterventionNode } from '../definitions/types.js';

/** What of the engine a plan runs: its aggregations and whether any filter or rule uses LIKE or RLIKE. */
export interface PlanUsage {
  /** Sorted, each once. */
  aggregations: Aggregation[];
  like: boolean;
  rlike: boolean;
}

/** Reads what a plan's definitions use, for a build that carries only that. */
export function readPlanUsage(definitions: Definitions): PlanUsage {
  const aggregations = new Set<Aggregation>();
  const criterionOperators = new Set<string>();
  const ruleOperators = new Set<string>();
  const readCriteria = (criteria: Criteria) => {
    for (const c of [...criteria.all, ...criteria.any]) criterionOperators.add(c.operator);
  };
  const readNode = (node: InterventionNode) => {
    if (node.op === 'leaf') ruleOperators.add(node.operator);
    else node.children.forEach(readNode);
  };
  for (const group of definitions.groups) {
    for (const attribute of group.attributes) {
      aggregations.add(attribute.aggregation);
      readCriteria(attribute.criteria);
    }
  }
  for (const intervention of definitions.interventions) readNode(intervention.criteria);
  return {
    aggregations: [...aggregations].sort(),
    like: criterionOperators.has('like') || ruleOperators.has('like') || ruleOperators.has('not like'),
    rlike: ruleOperators.has('rlike') || ruleOperators.has('not rlike'),
  };
}
