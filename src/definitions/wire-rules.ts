/**
 * Rules on one wire object at a time (docs/semantics.md#aggregations, docs/semantics.md#rules), run by the checks of the wire
 * schema (`wire-schema.ts`) once the object has the right shape. Each problem names its field, the
 * value and what is allowed.
 */
import { TIMESTAMP_COLUMNS } from '../event/atomic-columns.js';
import { readRlike } from '../match/compile-rlike.js';
import { describeChoices, describeValue } from '../describe-value.js';
import { readDuration } from './parse-duration.js';
import { SCALAR_TYPES } from './types.js';
import type { WireAttributeInput, WireCriterionInput, WireNodeInput, WireStructuredPropertyInput } from './wire-input-types.js';

/** Where rules report a problem: its code, message and path below the object checked. */
export type Report = (code: string, message: string, ...at: string[]) => void;

/** The `_list` variants of the scalar attribute types. */
export const LIST_TYPES = SCALAR_TYPES.map((type) => `${type}_list`);
/** int32, int64, double, float. */
const NUMERIC = SCALAR_TYPES.slice(2, 6);
/** int32, int64. */
const INTEGER = NUMERIC.slice(0, 2);

/** Aggregations that read a property. */
export const PROPERTY_AGGREGATIONS: readonly string[] = [
  'sum', 'min', 'max', 'mean', 'most_frequent', 'least_frequent', 'first', 'last', 'unique_list',
  'category_count', 'approx_count_distinct',
];

/** Aggregations that accept a property with `date_part` (docs/semantics.md#date_part), in the order messages list them. */
const DATE_PART_AGGREGATIONS = PROPERTY_AGGREGATIONS.slice(4);

/** Aggregation/property/type fit, `time_unit`, `date_part`, `period` vs `ttl` of one attribute. */
export function checkAttribute(attribute: WireAttributeInput, report: Report): void {
  const { aggregation, type, period, ttl } = attribute;
  const property = attribute.property ?? null;
  const datePart = (property as WireStructuredPropertyInput | null)?.date_part ?? null;
  const agg = `aggregation "${aggregation}"`;
  const fitsDatePart = DATE_PART_AGGREGATIONS.includes(aggregation);
  if (PROPERTY_AGGREGATIONS.includes(aggregation) && property === null) {
    report('required', `property is required for ${agg}`, 'property');
  }
  if (aggregation.startsWith('time_since')) {
    if (attribute.time_unit == null) report('required', `time_unit is required for ${agg}: s, min, h or d`, 'time_unit');
    if (property !== null && !(typeof property === 'string'
      ? property === 'derived_tstamp'
      : property.type === 'atomic' && property.name === 'derived_tstamp' && datePart === null)) {
      report('fit', `property must be absent for ${agg}, which always reads derived_tstamp`, 'property');
    }
  }
  if (datePart !== null && !fitsDatePart) {
    report('fit', `date_part "${datePart}" cannot be used with ${agg}; only with ${describeChoices(DATE_PART_AGGREGATIONS)}`,
      'property', 'date_part');
  }
  const allowed = allowedTypes(aggregation, datePart);
  if (allowed && !allowed.includes(type)) {
    const withPart = datePart !== null && fitsDatePart ? ` with date_part "${datePart}"` : '';
    report('fit', `type "${type}" does not fit ${agg}${withPart}: use ${describeChoices(allowed)}`, 'type');
  }
  if (period != null && ttl != null) {
    report('fit', 'ttl cannot be combined with period: a TTL applies only to lifetime attributes (no period)', 'ttl');
  }
  for (const [field, value] of [['period', period], ['ttl', ttl]] as const) {
    if (readDuration(value) === 0) report('range', `${field} ${describeValue(value)} must be longer than 0`, field);
  }
}

/** A `date_part` on an atomic property needs a date-time column. */
export function checkAtomicProperty(property: { name: string; date_part?: string | null }, report: Report): void {
  if (property.date_part != null && !TIMESTAMP_COLUMNS.has(property.name)) {
    report('fit',
      `date_part "${property.date_part}" needs a date-time property; "${property.name}" is not one ` +
        '(derived_tstamp, collector_tstamp, dvce_created_tstamp, dvce_sent_tstamp, refr_dvce_tstamp, etl_tstamp, true_tstamp)',
      'date_part');
  }
}

/** `in` takes a list, the other attribute-criterion operators one value; `like` a string. */
export function checkCriterion({ operator, value }: WireCriterionInput, report: Report): void {
  checkValue(operator, value, report, '"in" takes');
}

/** One form per node; a leaf's operator and value fit (docs/semantics.md#rule-operators); rlike patterns compile safely. */
export function checkNode(node: WireNodeInput, report: Report): void {
  const forms = (['all', 'any', 'none', 'attribute'] as const).filter((key) => node[key] != null);
  if (forms.length != 1) {
    report('node', `a criteria node needs exactly one of all, any, none or attribute; found ${forms.join(' and ') || 'none of them'}`);
  } else if (forms[0] === 'attribute') {
    const { operator } = node;
    if (operator == null) report('required', 'operator is required next to attribute', 'operator');
    else checkValue(operator, node.value ?? null, report, '"in" and "not in" take');
  }
}

/** Whether the operator takes no value, a list or one value, and that the value fits. */
function checkValue(operator: string, value: WireNodeInput['value'], report: Report, lists: string): void {
  const op = `operator "${operator}"`;
  const fit = (message: string): void => report('fit', message, 'value');
  if (['is null', 'is not null', 'changed'].includes(operator)) {
    if (value !== null) fit(`value must be absent for ${op}, which takes no value`);
  } else if (operator.endsWith('in')) {
    if (!Array.isArray(value)) fit(`value ${describeValue(value)} must be a list for ${op}`);
  } else if (value === null) {
    report('required', `value is required for ${op}`, 'value');
  } else if (Array.isArray(value)) {
    fit(`value must be a single string, number or boolean for ${op}; only ${lists} a list`);
  } else if (operator.endsWith('like')) {
    if (typeof value !== 'string') fit(`value ${describeValue(value)} must be a string for ${op}`);
    else if (operator.endsWith('rlike')) {
      const problem = readRlike(value);
      if (typeof problem === 'string') {
        report('rlike', `value ${describeValue(value)} is not a usable rlike pattern: it ${problem}`, 'value');
      }
    }
  }
}

/** The types an aggregation allows (with `date_part`, if any), or null for any type. */
function allowedTypes(aggregation: string, datePart: string | null): readonly string[] | null {
  /** A date part extracts an integer or truncates to a date string. */
  const parted = (list: readonly string[] | null, extract: readonly string[], truncated: string): readonly string[] | null =>
    datePart === null ? list : datePart.startsWith('active') ? [truncated] : extract;
  return /^(sum|min|max|mean)$/.test(aggregation) ? NUMERIC
    : aggregation.startsWith('time_since') ? ['float', 'double']
    : aggregation === 'unique_list' ? parted(LIST_TYPES, LIST_TYPES.slice(2, 4), 'string_list')
    : aggregation === 'category_count' ? ['dict']
    : aggregation === 'approx_count_distinct' ? INTEGER
    : aggregation === 'counter' ? null
    : parted(null, INTEGER, 'string'); // first, last, most_frequent, least_frequent
}
