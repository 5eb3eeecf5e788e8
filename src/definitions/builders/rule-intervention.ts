import { DefinitionsError } from '../../errors.js';
import type { Scalar } from '../types.js';
import type {
  AttributeReference, WireAttributeKey, WireInterventionCriteriaAll, WireInterventionCriteriaAny,
  WireInterventionCriteriaNone, WireInterventionCriterion, WireInterventionNode, WireRuleIntervention,
} from '../wire-types.js';
import { attributeReference } from '../wire-schema.js';
import { omitNullish } from './omit-nullish.js';

/**
 * Options of `InterventionCriterion`. `attribute` is `group:attribute` (no version); the value's type
 * follows the operator, and `is null`, `is not null` and `changed` take no value.
 */
export type InterventionCriterionOptions =
  | { attribute: AttributeReference; operator: '=' | '!='; value: Scalar }
  | { attribute: AttributeReference; operator: '<' | '>' | '<=' | '>='; value: number | string }
  | { attribute: AttributeReference; operator: 'like' | 'not like' | 'rlike' | 'not rlike'; value: string }
  | { attribute: AttributeReference; operator: 'in' | 'not in'; value: readonly Scalar[] }
  | { attribute: AttributeReference; operator: 'is null' | 'is not null' | 'changed'; value?: never };

/**
 * A leaf of an intervention rule: compares the attribute `group:attribute` with `value`.
 * Throws a DefinitionsError (path `attribute`) when the reference is not `group:attribute`.
 */
export function InterventionCriterion(options: InterventionCriterionOptions): WireInterventionCriterion {
  const { attribute, operator, value } = options;
  if (!attributeReference.safeParse(attribute).success) {
    throw new DefinitionsError([{
      code: 'invalid_attribute_reference',
      path: 'attribute',
      message: `"${attribute}" is not a group:attribute reference (names of letters, digits and _)`,
    }]);
  }
  return omitNullish<WireInterventionCriterion>({
    attribute, operator, value: Array.isArray(value) ? [...value] : (value as Scalar | undefined),
  });
}

/** Holds when every child holds. */
export function InterventionCriteriaAll(
  options: { all: readonly WireInterventionNode[] },
): WireInterventionCriteriaAll {
  return { all: [...options.all] };
}

/** Holds when at least one child holds. */
export function InterventionCriteriaAny(
  options: { any: readonly WireInterventionNode[] },
): WireInterventionCriteriaAny {
  return { any: [...options.any] };
}

/** Holds when no child holds. */
export function InterventionCriteriaNone(
  options: { none: readonly WireInterventionNode[] },
): WireInterventionCriteriaNone {
  return { none: [...options.none] };
}

export interface RuleInterventionOptions {
  name: string;
  /** Default 1. */
  version?: number;
  criteria: WireInterventionNode;
  /** Keys whose IDs receive the intervention, as keys or key names; default: the keys of the referenced groups. */
  target_attribute_keys?: readonly (string | WireAttributeKey)[];
  description?: string;
  owner?: string;
  /** Default false. */
  is_published?: boolean;
}

/** A rule intervention: fires for a target when `criteria` turns from false to true. */
export function RuleIntervention(options: RuleInterventionOptions): WireRuleIntervention {
  const targets = options.target_attribute_keys;
  return omitNullish<WireRuleIntervention>({
    name: options.name,
    version: options.version ?? 1,
    owner: options.owner,
    is_published: options.is_published ?? false,
    description: options.description,
    criteria: options.criteria,
    target_attribute_keys: targets?.map((key) => ({ name: typeof key === 'string' ? key : key.name })),
  });
}
