import { isRecord } from '../is-record.js';
import { toAttributeTexts } from '../rules/attribute-text.js';
import type { InterventionPayload } from '../rules/intervention-payload.js';

/**
 * Checks one stream frame against the InterventionInstance shape (docs/semantics.md#interventions-stream) and returns
 * the payload, or a message saying what is wrong. A missing `target_attribute_key` is the first target
 * of the connection's query; missing `attributes` are `{}`.
 */
export function readIntervention(value: unknown, query: string): InterventionPayload | string {
  if (!isRecord(value)) return 'expected a JSON object';
  const { intervention_id: id, name, version, target_attribute_key: target, attributes } = value;
  if (typeof id !== 'string' || id === '') return 'intervention_id: expected a non-empty string';
  if (typeof name !== 'string' || name === '') return 'name: expected a non-empty string';
  if (typeof version !== 'number' || !Number.isInteger(version)) return 'version: expected an integer';
  if (attributes != null && !isRecord(attributes)) return 'attributes: expected an object';
  let key: { name: string; id: string };
  if (target != null) {
    if (!isRecord(target) || typeof target['name'] !== 'string' || typeof target['id'] !== 'string') {
      return 'target_attribute_key: expected {"name": string, "id": string}';
    }
    key = { name: target['name'], id: target['id'] };
  } else {
    const first = new URLSearchParams(query).entries().next();
    key = first.done === true ? { name: '', id: '' } : { name: first.value[0], id: first.value[1] };
  }
  return { intervention_id: id, name, version, attributes: isRecord(attributes) ? toAttributeTexts(attributes) : {}, target_attribute_key: key };
}
