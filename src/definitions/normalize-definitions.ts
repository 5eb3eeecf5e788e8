/**
 * A checked definitions bundle → normalised {@link Definitions} (docs/semantics.md#wire-format): defaults
 * filled in, durations in milliseconds, properties parsed, unpublished items left out unless asked for.
 */
import type { Problem } from '../errors.js';
import { BUILT_IN_ATTRIBUTE_KEYS, builtInKeyProperty } from './built-in-attribute-keys.js';
import { readDuration } from './parse-duration.js';
import { readProperty } from './parse-property.js';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Criterion, Definitions, InterventionDef, InterventionNode, PropertyRef,
} from './types.js';
import type { SkippedItems } from './skip-unknown-values.js';
import { PROPERTY_AGGREGATIONS } from './wire-rules.js';
import type {
  WireAttributeInput, WireAttributeKeyInput, WireBundleInput, WireCriterionInput, WireNodeInput,
} from './wire-input-types.js';

/**
 * Normalises a bundle that passed the wire schema (`wire-schema.ts`) and the cross-checks, without the items in `skip`
 * (registry mode; the paths of later interventions then count without them). Leaves out each item whose
 * `is_published` is not true (unless `includeUnpublished`), adding an `unpublished` warning for it.
 */
export function normalizeDefinitions(
  data: WireBundleInput, includeUnpublished: boolean, warnings: Problem[], skip: SkippedItems,
): Definitions {
  const wireKeys = new Map<string, WireAttributeKeyInput>();
  const keys = new Map<string, AttributeKeyDef>();
  /** A key with neither `key` nor `property` links to the bundle key of its name, else reads the column of its name. */
  const toKey = (wire: WireAttributeKeyInput): AttributeKeyDef => {
    const { name, property, key } = wire;
    const description = wire.description ?? null;
    const ttlMs = toMs(wire.ttl);
    const linked = wireKeys.get(name);
    if (property == null && key == null && linked && linked != wire && (linked.property != null || linked.key != null)) {
      const def = toKey(linked);
      return { ...def, description: description ?? def.description, ttlMs: ttlMs ?? def.ttlMs };
    }
    return { name, description, property: property != null ? readProperty(property) as PropertyRef : key != null ? atomic(key) : builtInKeyProperty(name), ttlMs };
  };
  const included = (item: { is_published?: boolean | null | undefined }, path: string, label: string): boolean => {
    if (includeUnpublished || item.is_published === true) return true;
    warnings.push({
      code: 'unpublished', path,
      message: `${label} is not published (is_published is not true) and was left out; use includeUnpublished to load it`,
    });
    return false;
  };

  for (const key of data.attribute_keys ?? []) {
    if (!wireKeys.has(key.name)) {
      wireKeys.set(key.name, key);
      keys.set(key.name, toKey(key));
    }
  }

  const groups: AttributeGroupDef[] = [];
  (data.attribute_groups ?? []).forEach((group, index) => {
    const version = group.version ?? 1;
    if (!included(group, `attribute_groups[${index}]`, `group "${group.name}" version ${version}`)) return;
    const key = toKey(group.attribute_key);
    const ttlMs = toMs(group.ttl);
    const fields = group.fields ?? [];
    if (!keys.has(key.name)) keys.set(key.name, key);
    groups.push({
      name: group.name,
      version,
      key,
      // Group kinds (docs/semantics.md#groups-services-and-interventions): fields → external batch; `offline: true` or a batch source → batch; else stream.
      kind: fields.length ? 'external' : group.offline === true || group.batch_source != null ? 'batch' : 'stream',
      online: group.online !== false,
      published: group.is_published === true,
      ttlMs,
      attributes: (group.attributes ?? []).filter((_, a) => !skip.has(`attribute_groups[${index}].attributes[${a}]`))
        .map((attribute) => toAttribute(attribute, ttlMs ?? key.ttlMs)),
      fields: fields.map((field) => ({ name: field.name, type: field.type, description: field.description ?? null })),
    });
  });

  const services = (data.services ?? []).filter((service, index) => included(service, `services[${index}]`, `service "${service.name}"`))
    .map((service) => ({
      name: service.name,
      groups: (service.attribute_groups ?? []).map((ref) => ({ name: ref.name, version: ref.version ?? 1 })),
      published: service.is_published === true,
      accessMode: service.access_mode ?? 'authenticated',
    }));

  const interventions: InterventionDef[] = [];
  (data.interventions ?? []).filter((_, i) => !skip.has(`interventions[${i}]`)).forEach((intervention, index) => {
    const version = intervention.version ?? 1;
    if (!included(intervention, `interventions[${index}]`, `intervention "${intervention.name}" version ${version}`)) return;
    const targets = (intervention.target_attribute_keys ?? []).map((t) => (typeof t === 'string' ? t : t.name));
    for (const target of targets) {
      if (!keys.has(target) && BUILT_IN_ATTRIBUTE_KEYS.includes(target)) {
        keys.set(target, { name: target, description: null, property: builtInKeyProperty(target), ttlMs: null });
      }
    }
    interventions.push({
      name: intervention.name,
      version,
      description: intervention.description ?? null,
      criteria: toNode(intervention.criteria),
      targets: targets.length ? targets : null,
      published: intervention.is_published === true,
    });
  });

  return { groups, services, interventions, keys: [...keys.values()] };
}

function toMs(duration: string | number | null | undefined): number | null {
  return duration == null ? null : (readDuration(duration) as number);
}

function atomic(name: string): PropertyRef {
  return { kind: 'atomic', name, datePart: null };
}

function toAttribute(attribute: WireAttributeInput, groupTtlMs: number | null): AttributeDef {
  const { aggregation, criteria, property } = attribute;
  const periodMs = toMs(attribute.period);
  const events = (attribute.events ?? []).map((e) => ({ vendor: e.vendor ?? null, name: e.name ?? null, version: e.version ?? null }));
  return {
    name: attribute.name,
    description: attribute.description ?? null,
    type: attribute.type,
    aggregation,
    // Absent, null, `[]` or any wildcard `{}` item → every event (docs/semantics.md#event-selectors).
    events: events.some((e) => !e.vendor && !e.name && !e.version) ? [] : events,
    property: PROPERTY_AGGREGATIONS.includes(aggregation) && property != null ? readProperty(property) as PropertyRef : null,
    criteria: { all: (criteria?.all ?? []).map(toCriterion), any: (criteria?.any ?? []).map(toCriterion) },
    periodMs,
    ttlMs: periodMs === null ? (toMs(attribute.ttl) ?? groupTtlMs) : null,
    defaultValue: attribute.default_value ?? (aggregation === 'counter' ? 0 : null),
    timeUnit: attribute.time_unit ?? null,
  };
}

function toCriterion({ property, operator, value }: WireCriterionInput): Criterion {
  return { property: readProperty(property) as PropertyRef, operator: operator === '==' ? '=' : operator, value };
}

function toNode(node: WireNodeInput): InterventionNode {
  for (const op of ['all', 'any', 'none'] as const) {
    const children = node[op];
    if (children != null) return { op, children: children.map(toNode) };
  }
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
