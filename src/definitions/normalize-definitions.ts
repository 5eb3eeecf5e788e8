/**
 * A checked definitions bundle → normalised {@link Definitions} (signals-model.md §1–9, §14): defaults
 * filled in, durations in milliseconds, properties parsed, unpublished items left out unless asked for.
 */
import type { Problem } from '../errors.js';
import { BUILT_IN_ATTRIBUTE_KEYS } from './built-in-attribute-keys.js';
import { parseDuration } from './parse-duration.js';
import { parseProperty } from './parse-property.js';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Criterion, Definitions, EventRef, GroupKind,
  InterventionDef, InterventionNode, PropertyRef, ServiceDef,
} from './types.js';
import { PROPERTY_AGGREGATIONS } from './wire-rules.js';
import type {
  WireAttributeGroupInput, WireAttributeInput, WireAttributeKeyInput, WireBundleInput, WireCriterionInput,
  WireInterventionInput, WireNodeInput, WireServiceInput,
} from './wire-schemas.js';

/**
 * Normalises a bundle that passed the schema and the cross-checks. Leaves out each item whose
 * `is_published` is not true (unless `includeUnpublished`), adding an `unpublished` warning for it.
 */
export function normalizeDefinitions(data: WireBundleInput, includeUnpublished: boolean, warnings: Problem[]): Definitions {
  const wireKeys = new Map<string, WireAttributeKeyInput>();
  const keys = new Map<string, AttributeKeyDef>();
  for (const key of data.attribute_keys ?? []) {
    if (wireKeys.has(key.name)) continue;
    wireKeys.set(key.name, key);
    keys.set(key.name, toKey(key, wireKeys));
  }

  const included = (item: { is_published?: boolean | null | undefined }, path: string, label: string): boolean => {
    if (includeUnpublished || item.is_published === true) return true;
    warnings.push({
      code: 'unpublished', path,
      message: `${label} is not published (is_published is not true) and was left out; use includeUnpublished to load it`,
    });
    return false;
  };

  const groups: AttributeGroupDef[] = [];
  (data.attribute_groups ?? []).forEach((group, index) => {
    const label = `group "${group.name}" version ${group.version ?? 1}`;
    if (!included(group, `attribute_groups[${index}]`, label)) return;
    const def = toGroup(group, wireKeys);
    if (!keys.has(def.key.name)) keys.set(def.key.name, def.key);
    groups.push(def);
  });

  const services: ServiceDef[] = [];
  (data.services ?? []).forEach((service, index) => {
    if (included(service, `services[${index}]`, `service "${service.name}"`)) services.push(toService(service));
  });

  const interventions: InterventionDef[] = [];
  (data.interventions ?? []).forEach((intervention, index) => {
    const label = `intervention "${intervention.name}" version ${intervention.version ?? 1}`;
    if (!included(intervention, `interventions[${index}]`, label)) return;
    const def = toIntervention(intervention);
    for (const target of def.targets ?? []) {
      if (!keys.has(target) && BUILT_IN_ATTRIBUTE_KEYS.includes(target)) keys.set(target, builtInKey(target));
    }
    interventions.push(def);
  });

  return { groups, services, interventions, keys: [...keys.values()] };
}

/** A key with neither `key` nor `property` links to the bundle key of its name, else reads the column of its name. */
function toKey(wire: WireAttributeKeyInput, wireKeys: Map<string, WireAttributeKeyInput>): AttributeKeyDef {
  const ttlMs = wire.ttl == null ? null : parseDuration(wire.ttl);
  const description = wire.description ?? null;
  if (wire.property != null) return { name: wire.name, description, property: parseProperty(wire.property), ttlMs };
  if (wire.key != null) return { name: wire.name, description, property: atomic(wire.key), ttlMs };
  const linked = wireKeys.get(wire.name);
  if (linked !== undefined && linked !== wire && (linked.property != null || linked.key != null)) {
    const def = toKey(linked, wireKeys);
    return { ...def, description: description ?? def.description, ttlMs: ttlMs ?? def.ttlMs };
  }
  return { name: wire.name, description, property: atomic(wire.name), ttlMs };
}

function builtInKey(name: string): AttributeKeyDef {
  return { name, description: null, property: atomic(name), ttlMs: null };
}

function atomic(name: string): PropertyRef {
  return { kind: 'atomic', name, datePart: null };
}

function toGroup(group: WireAttributeGroupInput, wireKeys: Map<string, WireAttributeKeyInput>): AttributeGroupDef {
  const key = toKey(group.attribute_key, wireKeys);
  const ttlMs = group.ttl == null ? null : parseDuration(group.ttl);
  const fallbackTtl = ttlMs ?? key.ttlMs;
  return {
    name: group.name,
    version: group.version ?? 1,
    key,
    kind: groupKind(group),
    online: group.online !== false,
    published: group.is_published === true,
    ttlMs,
    attributes: (group.attributes ?? []).map((attribute) => toAttribute(attribute, fallbackTtl)),
    fields: (group.fields ?? []).map((field) => ({ name: field.name, type: field.type, description: field.description ?? null })),
  };
}

/** §7 table and §14 item 12: fields → external batch; `offline: true` or a batch source → batch; else stream. */
function groupKind(group: WireAttributeGroupInput): GroupKind {
  if ((group.fields ?? []).length > 0) return 'external';
  if (group.offline === true || group.batch_source != null) return 'batch';
  return 'stream';
}

function toAttribute(attribute: WireAttributeInput, groupTtlMs: number | null): AttributeDef {
  const { aggregation, criteria } = attribute;
  const periodMs = attribute.period == null ? null : parseDuration(attribute.period);
  const ownTtl = attribute.ttl == null ? null : parseDuration(attribute.ttl);
  return {
    name: attribute.name,
    description: attribute.description ?? null,
    type: attribute.type,
    aggregation,
    events: toEvents(attribute.events),
    property: PROPERTY_AGGREGATIONS.has(aggregation) && attribute.property != null ? parseProperty(attribute.property) : null,
    criteria: { all: (criteria?.all ?? []).map(toCriterion), any: (criteria?.any ?? []).map(toCriterion) },
    periodMs,
    ttlMs: periodMs === null ? (ownTtl ?? groupTtlMs) : null,
    defaultValue: attribute.default_value ?? (aggregation === 'counter' ? 0 : null),
    timeUnit: attribute.time_unit ?? null,
  };
}

/** Absent, null, `[]` or any wildcard `{}` item → `[]` (every event, §14 item 2). */
function toEvents(events: WireAttributeInput['events']): EventRef[] {
  const refs = (events ?? []).map((e) => ({ vendor: e.vendor ?? null, name: e.name ?? null, version: e.version ?? null }));
  return refs.some((e) => e.vendor === null && e.name === null && e.version === null) ? [] : refs;
}

function toCriterion(criterion: WireCriterionInput): Criterion {
  return {
    property: parseProperty(criterion.property),
    operator: criterion.operator === '==' ? '=' : criterion.operator,
    value: criterion.value,
  };
}

function toService(service: WireServiceInput): ServiceDef {
  return {
    name: service.name,
    groups: (service.attribute_groups ?? []).map((ref) => ({ name: ref.name, version: ref.version ?? 1 })),
    published: service.is_published === true,
  };
}

function toIntervention(intervention: WireInterventionInput): InterventionDef {
  const targets = (intervention.target_attribute_keys ?? []).map((t) => (typeof t === 'string' ? t : t.name));
  return {
    name: intervention.name,
    version: intervention.version ?? 1,
    description: intervention.description ?? null,
    criteria: toNode(intervention.criteria),
    targets: targets.length > 0 ? targets : null,
    published: intervention.is_published === true,
  };
}

function toNode(node: WireNodeInput): InterventionNode {
  if (node.all != null) return { op: 'all', children: node.all.map(toNode) };
  if (node.any != null) return { op: 'any', children: node.any.map(toNode) };
  if (node.none != null) return { op: 'none', children: node.none.map(toNode) };
  const attribute = node.attribute ?? '';
  const colon = attribute.indexOf(':');
  const operator = node.operator ?? '=';
  return {
    op: 'leaf',
    group: attribute.slice(0, colon),
    attribute: attribute.slice(colon + 1),
    operator: operator === '==' ? '=' : operator,
    value: node.value ?? null,
  };
}
