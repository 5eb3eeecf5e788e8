import type { Criteria, Criterion } from '../definitions/types.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { compareValues, isIn } from '../match/compare-values.js';
import { compileLike } from '../match/compile-like.js';
import { compileProperty, type PropertyGetter } from './compile-property.js';
import type { PropertyRef } from '../definitions/types.js';

export type EventPredicate = (event: AtomicEvent) => boolean;

const always: EventPredicate = () => true;

/**
 * Compiles an attribute's event filter (docs/semantics.md#criteria): every `all` criterion holds and, when
 * `any` is non-empty, at least one `any` criterion holds. A missing property makes a criterion false.
 */
export function compileCriteria(criteria: Criteria, property: (ref: PropertyRef) => PropertyGetter = compileProperty): EventPredicate {
  const all = criteria.all.map((c) => compileCriterion(c, property));
  const any = criteria.any.map((c) => compileCriterion(c, property));
  if (all.length === 0 && any.length === 0) return always;
  return (event) => {
    for (const test of all) if (!test(event)) return false;
    if (any.length === 0) return true;
    for (const test of any) if (test(event)) return true;
    return false;
  };
}

function compileCriterion(criterion: Criterion, property: (ref: PropertyRef) => PropertyGetter): EventPredicate {
  const get = property(criterion.property);
  const { operator, value } = criterion;
  switch (operator) {
    case 'like': {
      const matches = compileLike(String(value));
      return (event) => matches(get(event));
    }
    case 'in':
      return (event) => {
        const actual = get(event);
        return actual !== undefined && isIn(actual, value);
      };
    default:
      return (event) => {
        const actual = get(event);
        return actual !== undefined && compareValues(operator, actual, value);
      };
  }
}
