// The same bundle written with the project's Python-style builders (src/definitions/builders), from a
// generated wire bundle: every group, attribute, property, criterion, key, service and intervention
// goes through its builder; durations are handed over as seconds, parts or ISO text, so the
// builders' formatting is checked against the generator's.
import {
  AtomicProperty, Attribute, AttributeKey, BatchAttributeGroup, BatchSource, Bundle, Criteria, Criterion, EntityProperty,
  Event, EventProperty, ExternalBatchAttributeGroup, Field, InterventionCriteriaAll, InterventionCriteriaAny,
  InterventionCriteriaNone, InterventionCriterion, LinkAttributeKey, RuleIntervention, Service, StreamAttributeGroup,
  domain_sessionid, domain_userid, network_userid, user_id,
  type AttributeOptions, type CriterionOptions, type DurationInput, type InterventionCriterionOptions,
} from '../../../../src/definitions/builders.js';
import { parseDuration } from '../../../../src/definitions/parse-duration.js';
import type {
  WireAttribute, WireAttributeGroup, WireAttributeKey, WireBundle, WireCriteria, WireInterventionNode, WireProperty,
} from '../../../../src/definitions/wire-types.js';

const BUILT_INS = new Map([domain_userid, domain_sessionid, network_userid, user_id].map((key) => [key.name, key]));

/** Copies the listed keys that are set (`exactOptionalPropertyTypes`: no explicit undefined). */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

const seconds = (iso: string): number => parseDuration(iso) / 1000;
const parts = (iso: string): DurationInput => ({ seconds: seconds(iso) });

function property(p: WireProperty): WireProperty {
  if (p.type === 'atomic') return AtomicProperty({ name: p.name, ...pick(p, ['date_part']) });
  const base = { vendor: p.vendor, name: p.name, major_version: p.major_version, path: p.path, ...pick(p, ['date_part']) };
  return p.type === 'event' ? EventProperty(base) : EntityProperty({ ...base, index: p.index });
}

function attributeKey(key: WireAttributeKey): WireAttributeKey {
  const builtIn = BUILT_INS.get(key.name);
  if (builtIn !== undefined && key.key === builtIn.key && key.description === builtIn.description) return builtIn;
  if (key.key === undefined && key.property === undefined) return LinkAttributeKey({ name: key.name });
  return AttributeKey({
    name: key.name, ...pick(key, ['key', 'description']),
    ...(key.property === undefined ? {} : { property: property(key.property) }),
    ...(key.ttl === undefined ? {} : { ttl: seconds(key.ttl) }),
  });
}

function criteria(c: WireCriteria): WireCriteria {
  const list = (items: WireCriteria['all']) =>
    items?.map((item) => Criterion({ ...item, property: property(item.property) } as CriterionOptions));
  return Criteria({ ...(c.all ? { all: list(c.all)! } : {}), ...(c.any ? { any: list(c.any)! } : {}) });
}

function attribute(a: WireAttribute): WireAttribute {
  return Attribute({
    ...pick(a, ['name', 'type', 'aggregation', 'description', 'default_value', 'time_unit']),
    ...(a.events === undefined ? {} : { events: a.events.map((e) => Event(e)) }),
    ...(a.property === undefined ? {} : { property: property(a.property) }),
    ...(a.criteria === undefined ? {} : { criteria: criteria(a.criteria) }),
    ...(a.period === undefined ? {} : { period: seconds(a.period) }),
    ...(a.ttl === undefined ? {} : { ttl: parts(a.ttl) }),
  } as unknown as AttributeOptions);
}

function group(g: WireAttributeGroup): WireAttributeGroup {
  const common = {
    name: g.name, version: g.version, attribute_key: attributeKey(g.attribute_key), online: g.online, is_published: g.is_published,
    ...pick(g, ['description', 'owner']),
    ...(g.ttl === undefined ? {} : { ttl: g.ttl as DurationInput }),
  };
  const source = g.batch_source && BatchSource(g.batch_source);
  if (g.fields) return ExternalBatchAttributeGroup({ ...common, fields: g.fields.map((f) => Field(f)), batch_source: source! });
  const attributes = (g.attributes ?? []).map(attribute);
  if (g.offline) return BatchAttributeGroup({ ...common, attributes, ...(source ? { batch_source: source } : {}) });
  return StreamAttributeGroup({ ...common, attributes, ...pick(g, ['backfill_since_tstamp']) });
}

function node(n: WireInterventionNode): WireInterventionNode {
  if ('all' in n) return InterventionCriteriaAll({ all: n.all.map(node) });
  if ('any' in n) return InterventionCriteriaAny({ any: n.any.map(node) });
  if ('none' in n) return InterventionCriteriaNone({ none: n.none.map(node) });
  return InterventionCriterion(n as InterventionCriterionOptions);
}

/** `bundle` rebuilt with the builders; equal to it when the generator writes what the builders write. */
export function rebuildWithBuilders(bundle: WireBundle): WireBundle {
  return Bundle({
    attribute_groups: bundle.attribute_groups.map(group),
    services: bundle.services.map((s) => Service({
      name: s.name, attribute_groups: s.attribute_groups, is_published: s.is_published, ...pick(s, ['description', 'owner']),
    })),
    interventions: bundle.interventions.map((i) => RuleIntervention({
      name: i.name, version: i.version, is_published: i.is_published, criteria: node(i.criteria),
      ...pick(i, ['description', 'owner']),
      ...(i.target_attribute_keys === undefined ? {} : { target_attribute_keys: i.target_attribute_keys.map((k) => k.name) }),
    })),
    ...(bundle.attribute_keys === undefined ? {} : { attribute_keys: bundle.attribute_keys.map(attributeKey) }),
  });
}
