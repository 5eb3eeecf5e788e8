const MAX_SHOWN = 80;

/**
 * Shows a JSON value in a message: strings quoted (long ones cut), numbers and booleans as written,
 * `null`, `a list`, `an object`, `nothing` for undefined.
 */
export function describeValue(value: unknown): string {
  const type = typeof value;
  return value === null ? 'null'
    : type === 'undefined' ? 'nothing'
    : typeof value === 'string' ? JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value)
    : type === 'number' || type === 'boolean' ? String(value)
    : Array.isArray(value) ? 'a list'
    : type === 'object' ? 'an object' : type;
}

/** Joins allowed values for a message: `a, b or c`. */
export function describeChoices(values: readonly string[]): string {
  const last = values.length - 1;
  return last > 0 ? `${values.slice(0, last).join(', ')} or ${values[last]}` : values.join('');
}
