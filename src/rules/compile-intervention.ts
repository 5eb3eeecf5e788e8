import type { Definitions, InterventionDef, InterventionNode, InterventionOperator, Scalar } from '../definitions/types.js';
import { compileRlike, rlikeInputLimit } from '../match/compile-rlike.js';
import { compareValues, isIn } from '../match/compare-values.js';
import { compileLike } from '../match/compile-like.js';

/** `rlike` tests at most this many characters of a value (the start of it); fewer for patterns with `*`/`+`. */
export const MAX_RLIKE_INPUT = 4096;

/** Reads an attribute's current value by attribute id (`<group>_v<version>:<attribute>`). */
export type ValueLookup = (attributeId: string) => unknown;

/** A referenced attribute, resolved to a group version. */
export interface AttributeRef {
  /** `<group>_v<version>:<attribute>` */
  id: string;
  group: string;
  version: number;
  attribute: string;
  /** The key of the group: criteria read the id the event carries for it (docs/semantics.md#crossings). */
  keyName: string;
  /** Name in payloads: the bare attribute name, `group:attribute` when two groups share it. */
  payloadName: string;
}

export interface CompiledIntervention {
  def: InterventionDef;
  refs: AttributeRef[];
  /** Key names the intervention targets: explicit, else the keys of the referenced groups. */
  targets: string[];
  /** Evaluates the tree; `changed` holds the attribute ids the current event changed (null = before). */
  test: (values: ValueLookup, changed: ReadonlySet<string> | null) => boolean;
}

/**
 * Resolves `group:attribute` to the latest version of that group holding the attribute
 * (docs/semantics.md#criteria-trees), or null.
 */
export function resolveAttribute(definitions: Definitions, group: string, attribute: string): AttributeRef | null {
  let best: { version: number; keyName: string } | null = null;
  for (const g of definitions.groups) {
    if (g.name !== group || (best !== null && g.version <= best.version)) continue;
    const holds = g.attributes.some((a) => a.name === attribute) || g.fields.some((f) => f.name === attribute);
    if (holds) best = { version: g.version, keyName: g.key.name };
  }
  if (best === null) return null;
  const id = `${group}_v${best.version}:${attribute}`;
  return { id, group, version: best.version, attribute, keyName: best.keyName, payloadName: attribute };
}

/** Compiles one rule intervention; references that do not resolve read as null. */
export function compileIntervention(definitions: Definitions, def: InterventionDef): CompiledIntervention {
  const refs = new Map<string, AttributeRef>();
  const test = compileNode(def.criteria, (group, attribute) => {
    const ref = resolveAttribute(definitions, group, attribute)
      ?? { id: `${group}:${attribute}`, group, version: 0, attribute, keyName: '', payloadName: attribute };
    refs.set(ref.id, ref);
    return ref.id;
  });
  const list = [...refs.values()];
  for (const ref of list) {
    if (list.some((other) => other !== ref && other.attribute === ref.attribute)) ref.payloadName = `${ref.group}:${ref.attribute}`;
  }
  const targets = def.targets ?? [...new Set(list.map((r) => r.keyName).filter((k) => k !== ''))];
  return { def, refs: list, targets, test };
}

type NodeTest = (values: ValueLookup, changed: ReadonlySet<string> | null) => boolean;

function compileNode(node: InterventionNode, resolve: (group: string, attribute: string) => string): NodeTest {
  if (node.op !== 'leaf') {
    const children = node.children.map((child) => compileNode(child, resolve));
    if (node.op === 'all') return (v, c) => children.every((test) => test(v, c));
    if (node.op === 'any') return (v, c) => children.some((test) => test(v, c));
    return (v, c) => !children.some((test) => test(v, c));
  }
  const id = resolve(node.group, node.attribute);
  if (node.operator === 'changed') return (_v, changed) => changed !== null && changed.has(id);
  const holds = compileOperator(node.operator, node.value);
  return (values) => holds(values(id));
}

/** One leaf operator (docs/semantics.md#rule-operators): a null or missing value fails all but `is null`. */
export function compileOperator(operator: InterventionOperator, value: Scalar | Scalar[] | null): (actual: unknown) => boolean {
  const present = (actual: unknown) => actual !== null && actual !== undefined;
  switch (operator) {
    case 'is null': return (actual) => !present(actual);
    case 'is not null': return present;
    case 'in': return (actual) => present(actual) && value !== null && isIn(actual, value);
    case 'not in': return (actual) => present(actual) && value !== null && !isIn(actual, value);
    case 'like':
    case 'not like': {
      const like = compileLike(String(value));
      const want = operator === 'like';
      return (actual) => typeof actual === 'string' && like(actual) === want;
    }
    case 'rlike':
    case 'not rlike': {
      const re = compileRlike(String(value));
      const want = operator === 'rlike';
      // Patterns prone to catastrophic backtracking are refused when definitions load; the input is also
      // bounded by the pattern's unbounded quantifiers, so even a polynomial pattern stays fast.
      const limit = rlikeInputLimit(String(value), MAX_RLIKE_INPUT);
      return (actual) => typeof actual === 'string' && re.test(actual.length > limit ? actual.slice(0, limit) : actual) === want;
    }
    case 'changed': return () => false;
    default: return (actual) => present(actual) && compareValues(operator, actual, value);
  }
}
