import type { InterventionPayload } from '../rules/intervention-payload.js';
import { isRecord } from '../is-record.js';

/** A Snowplow self-describing JSON: an Iglu URI and its data. */
export interface SelfDescribingJson {
  schema: string;
  data: Record<string, unknown>;
}

export const INTERVENTION_INSTANCE_SCHEMA =
  'iglu:com.snowplowanalytics.signals/intervention_instance/jsonschema/1-0-0';

// Limits of intervention_instance 1-0-0 (iglu-central), in characters (code points).
const NAME_MAX = 128;
const ATTRIBUTE_MIN = 3;
const ATTRIBUTE_MAX = 257;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entity, or null when a required field would not validate; `problems` says what was left out. */
export interface InstanceEntityResult {
  entity: SelfDescribingJson | null;
  problems: string[];
}

/**
 * Builds the `intervention_instance` entity of one intervention so that it validates against the
 * Iglu schema: `attributeKey` from `target_attribute_key`, `attributes` as a list of
 * `{attribute, value: JSON text}` named through `references` (bare name → `group:attribute`).
 * Fields that would not validate are left out (the whole entity when a required one is bad).
 */
export function buildInterventionInstance(
  intervention: InterventionPayload,
  references?: Record<string, string>,
): InstanceEntityResult {
  const { intervention_id: id, name, version } = intervention;
  const label = typeof name === 'string' ? `'${truncateCodePoints(name, 64)}'` : 'an intervention';
  if (typeof id !== 'string' || !UUID.test(id)) {
    return { entity: null, problems: [`intervention_instance entity left out for ${label}: intervention_id is not a UUID`] };
  }
  if (!isNameLike(name, 1, NAME_MAX)) {
    return { entity: null, problems: [`intervention_instance entity left out: name must have 1 to ${NAME_MAX} characters`] };
  }
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    return { entity: null, problems: [`intervention_instance entity left out for ${label}: version is not an integer >= 0`] };
  }
  const problems: string[] = [];
  const data: Record<string, unknown> = { intervention_id: id, name, version };

  const target: unknown = intervention.target_attribute_key;
  if (isRecord(target) && isNameLike(target['name'], 1, NAME_MAX) && typeof target['id'] === 'string') {
    data['attributeKey'] = { name: target['name'], id: target['id'] };
  } else if (target !== undefined) {
    problems.push(`attributeKey left out of the intervention_instance entity for ${label}: target_attribute_key is not {name, id}`);
  }

  const attributes: unknown = intervention.attributes;
  if (isRecord(attributes)) {
    const items: { attribute: string; value: string }[] = [];
    const skipped: string[] = [];
    for (const bare of Object.keys(attributes)) {
      const reference = references !== undefined && Object.hasOwn(references, bare) ? references[bare] : undefined;
      const attribute = typeof reference === 'string' ? reference : bare;
      if (isNameLike(attribute, ATTRIBUTE_MIN, ATTRIBUTE_MAX)) {
        const value = attributes[bare];
        items.push({ attribute, value: typeof value === 'string' ? value : stringifyAttributeValue(value) });
      } else {
        skipped.push(truncateCodePoints(attribute, 64));
      }
    }
    data['attributes'] = items;
    if (skipped.length > 0) {
      problems.push(
        `attributes left out of the intervention_instance entity for ${label}: names need ${ATTRIBUTE_MIN} to ${ATTRIBUTE_MAX} characters (${skipped.join(', ')})`,
      );
    }
  }
  return { entity: { schema: INTERVENTION_INSTANCE_SCHEMA, data }, problems };
}

/** JSON text of an attribute value; never throws (cycles, BigInt, hostile objects give a JSON string). */
export function stringifyAttributeValue(value: unknown): string {
  try {
    const text: unknown = JSON.stringify(value);
    return typeof text === 'string' ? text : 'null';
  } catch {
    return JSON.stringify(printValue(value));
  }
}

/** `String(value)`, or a fixed text when even that throws. */
export function printValue(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable value]';
  }
}

/** `text` cut to at most `max` code points (what JSON Schema's maxLength counts), never splitting a pair. */
export function truncateCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const char of text) {
    if (count === max) break;
    out += char;
    count += 1;
  }
  return out;
}

function isNameLike(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || value.length < min || value.length > 2 * max) return false;
  const count = [...value].length;
  return count >= min && count <= max;
}
