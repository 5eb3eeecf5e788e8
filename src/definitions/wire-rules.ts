/**
 * Rules on one wire object at a time (signals-model.md §5, §9, §11, §14), run as refinements of the
 * wire schemas once the object has the right shape. Each problem names its field, the value and what
 * is allowed.
 */
import { TIMESTAMP_COLUMNS } from '../event/atomic-columns.js';
import { compileRlike } from './compile-rlike.js';
import { describeChoices, describeValue } from './describe-value.js';
import { describeDurationProblem, parseDuration } from './parse-duration.js';
import type { WireStructuredPropertyInput } from './wire-schemas.js';

/** Where rules report problems (a zod refinement context fits). */
export interface IssueSink {
  addIssue(issue: {
    code: 'custom'; message: string; path: PropertyKey[]; input?: unknown;
    params: { code: string; phrase?: boolean };
  }): void;
}

type Value = string | number | boolean | (string | number | boolean)[];

interface AttributeLike {
  type: string;
  aggregation: string;
  property?: string | WireStructuredPropertyInput | null | undefined;
  period?: string | number | null | undefined;
  ttl?: string | number | null | undefined;
  time_unit?: string | null | undefined;
}

interface CriterionLike {
  operator: string;
  value: Value;
}

interface NodeLike {
  all?: unknown;
  any?: unknown;
  none?: unknown;
  attribute?: string | null | undefined;
  operator?: string | null | undefined;
  value?: Value | null | undefined;
}

const NUMERIC = ['int32', 'int64', 'double', 'float'];
const FRACTIONAL = ['float', 'double'];
const INTEGER = ['int32', 'int64'];
const LISTS = [
  'bytes_list', 'string_list', 'int32_list', 'int64_list', 'double_list', 'float_list', 'bool_list', 'unix_timestamp_list',
];
const EXTRACT_PARTS = new Set(['hour_of_day', 'day_of_week', 'month_of_year']);

/** Aggregations that read a property. */
export const PROPERTY_AGGREGATIONS: ReadonlySet<string> = new Set([
  'sum', 'min', 'max', 'mean', 'first', 'last', 'unique_list', 'most_frequent', 'least_frequent',
  'category_count', 'approx_count_distinct',
]);

/** Aggregations that accept a property with `date_part` (§11). */
export const DATE_PART_AGGREGATIONS: readonly string[] = [
  'most_frequent', 'least_frequent', 'first', 'last', 'unique_list', 'category_count', 'approx_count_distinct',
];

const NO_VALUE_OPERATORS = new Set(['is null', 'is not null', 'changed']);
const LIST_OPERATORS = new Set(['in', 'not in']);

/** Aggregation/property/type fit, `time_unit`, `date_part`, `period` vs `ttl` of one attribute. */
export function checkAttribute(attribute: AttributeLike, sink: IssueSink): void {
  const { aggregation, type } = attribute;
  const property = attribute.property ?? null;
  const datePart = typeof property === 'object' && property !== null ? (property.date_part ?? null) : null;
  const agg = `aggregation "${aggregation}"`;
  if (PROPERTY_AGGREGATIONS.has(aggregation) && property === null) {
    report(sink, ['property'], 'required', `property is required for ${agg}`);
  }
  if (aggregation === 'time_since_first' || aggregation === 'time_since_last') {
    if (attribute.time_unit == null) report(sink, ['time_unit'], 'required', `time_unit is required for ${agg}: s, min, h or d`);
    if (property !== null && !isDerivedTstamp(property)) {
      report(sink, ['property'], 'fit', `property must be absent for ${agg}, which always reads derived_tstamp`);
    }
  }
  if (datePart !== null && !DATE_PART_AGGREGATIONS.includes(aggregation)) {
    report(sink, ['property', 'date_part'], 'fit',
      `date_part "${datePart}" cannot be used with ${agg}; only with ${describeChoices(DATE_PART_AGGREGATIONS)}`);
  }
  const allowed = allowedTypes(aggregation, datePart);
  if (allowed !== null && !allowed.includes(type)) {
    const withPart = datePart !== null && DATE_PART_AGGREGATIONS.includes(aggregation) ? ` with date_part "${datePart}"` : '';
    report(sink, ['type'], 'fit', `type "${type}" does not fit ${agg}${withPart}: use ${describeChoices(allowed)}`);
  }
  if (attribute.period != null && attribute.ttl != null) {
    report(sink, ['ttl'], 'fit', 'ttl cannot be combined with period: a TTL applies only to lifetime attributes (no period)');
  }
  checkPositive(sink, 'period', attribute.period);
  checkPositive(sink, 'ttl', attribute.ttl);
}

/** A `date_part` on an atomic property needs a date-time column (§11). */
export function checkAtomicProperty(property: { name: string; date_part?: string | null | undefined }, sink: IssueSink): void {
  if (property.date_part != null && !TIMESTAMP_COLUMNS.has(property.name)) {
    report(sink, ['date_part'], 'fit',
      `date_part "${property.date_part}" needs a date-time property; "${property.name}" is not one ` +
        '(derived_tstamp, collector_tstamp, dvce_created_tstamp, dvce_sent_tstamp, refr_dvce_tstamp, etl_tstamp, true_tstamp)');
  }
}

/** `in` takes a list, the other attribute-criterion operators one value; `like` a string. */
export function checkCriterion(criterion: CriterionLike, sink: IssueSink): void {
  const { operator, value } = criterion;
  if (operator === 'in') {
    if (!Array.isArray(value)) report(sink, ['value'], 'fit', `value ${describeValue(value)} must be a list for operator "in"`);
    return;
  }
  if (Array.isArray(value)) {
    report(sink, ['value'], 'fit', `value must be a single string, number or boolean for operator "${operator}"; only "in" takes a list`);
  } else if (operator === 'like' && typeof value !== 'string') {
    report(sink, ['value'], 'fit', `value ${describeValue(value)} must be a string for operator "like"`);
  }
}

/** One form per node; a leaf's operator and value fit (§9, §14 item 22); rlike patterns compile safely. */
export function checkNode(node: NodeLike, sink: IssueSink): void {
  const forms = (['all', 'any', 'none', 'attribute'] as const).filter((key) => node[key] != null);
  if (forms.length !== 1) {
    const found = forms.length === 0 ? 'none of them' : forms.join(' and ');
    report(sink, [], 'node', `a criteria node needs exactly one of all, any, none or attribute; found ${found}`);
    return;
  }
  if (forms[0] !== 'attribute') return;
  const operator = node.operator;
  if (operator == null) {
    report(sink, ['operator'], 'required', 'operator is required next to attribute');
    return;
  }
  const value = node.value ?? null;
  const op = `operator "${operator}"`;
  if (NO_VALUE_OPERATORS.has(operator)) {
    if (value !== null) report(sink, ['value'], 'fit', `value must be absent for ${op}, which takes no value`);
    return;
  }
  if (LIST_OPERATORS.has(operator)) {
    if (!Array.isArray(value)) report(sink, ['value'], 'fit', `value ${describeValue(value)} must be a list for ${op}`);
    return;
  }
  if (value === null) {
    report(sink, ['value'], 'required', `value is required for ${op}`);
  } else if (Array.isArray(value)) {
    report(sink, ['value'], 'fit', `value must be a single string, number or boolean for ${op}; only "in" and "not in" take a list`);
  } else if (operator.endsWith('like') && typeof value !== 'string') {
    report(sink, ['value'], 'fit', `value ${describeValue(value)} must be a string for ${op}`);
  } else if (operator.endsWith('rlike') && typeof value === 'string') {
    const problem = describeRlikeProblem(value);
    if (problem !== null) report(sink, ['value'], 'rlike', `value ${describeValue(value)} ${problem}`);
  }
}

/** Why an rlike pattern is refused, as a phrase to follow the value, or null when it compiles safely. */
export function describeRlikeProblem(pattern: string): string | null {
  try {
    compileRlike(pattern);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const prefix = `rlike pattern ${describeValue(pattern)} `;
    return `is not a usable rlike pattern: it ${message.startsWith(prefix) ? message.slice(prefix.length) : message}`;
  }
}

function allowedTypes(aggregation: string, datePart: string | null): readonly string[] | null {
  const extract = datePart !== null && EXTRACT_PARTS.has(datePart);
  const truncate = datePart !== null && !extract;
  switch (aggregation) {
    case 'sum': case 'min': case 'max': case 'mean':
      return NUMERIC;
    case 'time_since_first': case 'time_since_last':
      return FRACTIONAL;
    case 'unique_list':
      return extract ? ['int32_list', 'int64_list'] : truncate ? ['string_list'] : LISTS;
    case 'category_count':
      return ['dict'];
    case 'approx_count_distinct':
      return INTEGER;
    case 'first': case 'last': case 'most_frequent': case 'least_frequent':
      return extract ? INTEGER : truncate ? ['string'] : null;
    default:
      return null;
  }
}

function isDerivedTstamp(property: string | WireStructuredPropertyInput): boolean {
  if (typeof property === 'string') return property === 'derived_tstamp';
  return property.type === 'atomic' && property.name === 'derived_tstamp' && property.date_part == null;
}

function checkPositive(sink: IssueSink, field: 'period' | 'ttl', value: string | number | null | undefined): void {
  if (value == null || describeDurationProblem(value) !== null) return;
  if (parseDuration(value) === 0) report(sink, [field], 'range', `${field} ${describeValue(value)} must be longer than 0`);
}

function report(sink: IssueSink, path: PropertyKey[], code: string, message: string): void {
  sink.addIssue({ code: 'custom', message, path, params: { code } });
}
