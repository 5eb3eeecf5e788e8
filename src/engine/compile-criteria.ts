import type { Criteria, Criterion } from '../definitions/types.js';
import type { AtomicEvent } from '../event/atomic-event.js';
import { compareValues, isIn } from './compare-values.js';
import { compileLike } from './compile-like.js';
import { compileProperty } from './compile-property.js';

export type EventPredicate = (event: AtomicEvent) => boolean;

const always: EventPredicate = () => true;

/**
 * Compiles an attribute's event filter (spec §4, §14 item 15): every `all` criterion holds and, when
 * `any` is non-empty, at least one `any` criterion holds. A missing property makes a criterion false.
 */
export function compileCriteria(criteria: Criteria): EventPredicate {
  const all = criteria.all.map(compileCriterion);
  const any = criteria.any.map(compileCriterion);
  if (all.length === 0 && any.length === 0) return always;
  return (event) => {
    for (const test of all) if (!test(event)) return false;
    if (any.length === 0) return true;
    for (const test of any) if (test(event)) return true;
    return false;
  };
}

function compileCriterion(criterion: Criterion): EventPredicate {
  const get = compileProperty(criterion.property);
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
