// Valid intervention criteria (signals-model.md §9, §14 item 22): all/any/none trees over attributes
// that exist, with every operator and the value it takes; `changed` only where it may stand (alone or
// under `all` only).
import fc from 'fast-check';
import type { Scalar } from '../../../../src/definitions/types.js';
import type { AttributeReference, WireInterventionCriterion, WireInterventionNode } from '../../../../src/definitions/wire-types.js';
import { rlikePattern } from './rlike-pattern.js';

const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('shoes', 'gold', '', 'add_to_cart', '2026-11-03'),
  fc.boolean(),
);

/** An operator with the value it takes (none for `is null`, `is not null` and `changed`). */
function operatorValue(allowChanged: boolean): fc.Arbitrary<Omit<WireInterventionCriterion, 'attribute'>> {
  const valueless = allowChanged ? ['is null', 'is not null', 'changed'] as const : ['is null', 'is not null'] as const;
  return fc.oneof(
    // Rules that turn true once an attribute has a value, so crossings happen.
    { weight: 3, arbitrary: fc.constantFrom({ operator: '>' as const, value: 0 }, { operator: 'is not null' as const }, { operator: '>=' as const, value: 2 }) },
    fc.record({ operator: fc.constantFrom('=' as const, '!=' as const), value: scalar }),
    fc.record({ operator: fc.constantFrom('<' as const, '>' as const, '<=' as const, '>=' as const), value: fc.oneof(fc.integer({ min: -5, max: 200 }), fc.constantFrom('m', '2026-01-01')) }),
    fc.record({ operator: fc.constantFrom('like' as const, 'not like' as const), value: fc.constantFrom('%', 'sh%', '%o_s', '') }),
    fc.record({ operator: fc.constantFrom('rlike' as const, 'not rlike' as const), value: rlikePattern }),
    fc.record({ operator: fc.constantFrom('in' as const, 'not in' as const), value: fc.array(scalar, { maxLength: 4 }) }),
    fc.record({ operator: fc.constantFrom(...valueless) }),
  );
}

/**
 * A criteria node over `refs` (`group:attribute` references that resolve), at most `depth` levels
 * below this one. `underAnyOrNone`: some ancestor is `any` or `none`, where `changed` may not be used.
 */
export function wireCriteriaNode(refs: readonly AttributeReference[], depth: number, underAnyOrNone = false): fc.Arbitrary<WireInterventionNode> {
  const leaf = fc.record({ attribute: fc.constantFrom(...refs), rest: operatorValue(!underAnyOrNone) })
    .map(({ attribute, rest }) => ({ attribute, ...rest }) as WireInterventionCriterion);
  if (depth <= 0) return leaf;
  const children = (under: boolean) => fc.oneof(
    { weight: 6, arbitrary: fc.array(wireCriteriaNode(refs, depth - 1, under), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant<WireInterventionNode[]>([]) },
  );
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: children(underAnyOrNone).map((all) => ({ all })) },
    { weight: 1, arbitrary: children(true).map((any) => ({ any })) },
    { weight: 1, arbitrary: children(true).map((none) => ({ none })) },
  );
}
