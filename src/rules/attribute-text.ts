import { setOwn } from '../set-own.js';

/**
 * An attribute value as Signals sends it in an intervention's `attributes` (a map of strings in its API
 * schema and the `intervention_instance` Iglu schema): strings as they are, numbers and booleans in their
 * JSON text, lists and objects as JSON; null (and what has no JSON text) is left out.
 */
export function toAttributeText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  try {
    const text: unknown = JSON.stringify(value);
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/** Every value as text (see toAttributeText), those without one left out: a server sending numbers reads as the edge does. */
export function toAttributeTexts(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    const text = toAttributeText(values[name]);
    if (text !== null) setOwn(out, name, text);
  }
  return out;
}
