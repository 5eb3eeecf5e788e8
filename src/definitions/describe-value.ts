const MAX_SHOWN = 80;

/**
 * Shows a JSON value in a message: strings quoted (long ones cut), numbers and booleans as written,
 * `null`, `a list`, `an object`, `nothing` for undefined.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Joins allowed values for a message: `a, b or c`. */
export function describeChoices(values: readonly unknown[]): string {
  const shown = values.map((v) => String(v));
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
