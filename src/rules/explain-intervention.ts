import type { Definitions, InterventionDef, InterventionNode, InterventionOperator, Scalar } from '../definitions/types.js';
import { compileOperator, resolveAttribute } from './compile-intervention.js';

/** Where a value came from: this browser alone, the server alone, or the server's value plus pending local events. */
export type ValueSource = 'edge' | 'server' | 'edge+server';

export interface ReadValue {
  value: unknown;
  source: ValueSource;
}

/** An evaluated criteria tree: each node says whether it holds and, for leaves, what it read. */
export type ExplainedNode =
  | { op: 'all' | 'any' | 'none'; holds: boolean; children: ExplainedNode[] }
  | {
      op: 'leaf';
      /** `group:attribute` as written */
      attribute: string;
      operator: InterventionOperator;
      value: Scalar | Scalar[] | null;
      /** What the attribute reads now, and from where; null source when it does not resolve. */
      actual: unknown;
      source: ValueSource | null;
      holds: boolean;
    };

/**
 * Evaluates an intervention's criteria on the current values, keeping every value read. `changed`
 * holds only at the moment of a change, so here (between events) it reads false.
 */
export function explainCriteria(definitions: Definitions, def: InterventionDef, read: (attributeId: string) => ReadValue | null): ExplainedNode {
  const explain = (node: InterventionNode): ExplainedNode => {
    if (node.op !== 'leaf') {
      const children = node.children.map(explain);
      const holds = node.op === 'all' ? children.every((c) => c.holds)
        : node.op === 'any' ? children.some((c) => c.holds) : !children.some((c) => c.holds);
      return { op: node.op, holds, children };
    }
    const ref = resolveAttribute(definitions, node.group, node.attribute);
    const got = ref === null ? null : read(ref.id);
    const actual = got?.value ?? null;
    const holds = node.operator === 'changed' ? false : compileOperator(node.operator, node.value)(actual);
    return {
      op: 'leaf', attribute: `${node.group}:${node.attribute}`, operator: node.operator, value: node.value,
      actual, source: got?.source ?? null, holds,
    };
  };
  return explain(def.criteria);
}

/** One sentence on why the tree does not hold: the first leaf that blocks it, e.g. `g:a is 2, needs > 3`. */
export function describeWhyNot(node: ExplainedNode): string {
  /** The leaf that blocks `n`, and whether it blocks by holding (under `none`). */
  const blocker = (n: ExplainedNode, negated: boolean): [ExplainedNode & { op: 'leaf' }, boolean] | null => {
    const wanted = !negated;
    if (n.op === 'leaf') return n.holds === wanted ? null : [n, negated];
    if (n.holds === wanted) return null;
    const flip = n.op === 'none' ? !negated : negated;
    for (const child of n.children) {
      const found = blocker(child, flip);
      if (found !== null) return found;
    }
    return null;
  };
  const found = blocker(node, false);
  if (found === null) return node.holds ? 'the criteria hold' : 'none of the alternatives holds';
  const [leaf, negated] = found;
  if (leaf.operator === 'changed') return `${leaf.attribute} has not changed just now`;
  const condition = leaf.value === null ? leaf.operator : `${leaf.operator} ${JSON.stringify(leaf.value)}`;
  return `${leaf.attribute} is ${JSON.stringify(leaf.actual)}, ${negated ? 'must not be' : 'needs'} ${condition}`;
}
