// Other spellings of a valid bundle that parseDefinitions accepts as meaning the same (signals-model.md
// §3.2, §14; registry responses): `null` for unset fields, `==` for `=`, version null for 1, target keys
// as names, durations as seconds or other ISO-8601 forms, unknown keys, a built-in key's column named
// again. With `rewrite`, also forms that load as other definitions computing the same: legacy property
// strings (`page_url`, `unstruct_event_…:path`, `contexts_…[i].path`) and criteria wrapped in `all`.
import fc from 'fast-check';
import type { WireBundle } from '../../../../src/definitions/wire-types.js';
import { parseDuration } from '../../../../src/definitions/parse-duration.js';
import { BUILT_IN_ATTRIBUTE_KEYS, builtInKeyProperty } from '../../../../src/definitions/built-in-attribute-keys.js';
import { ENTITY_SCHEMAS, EVENT_SCHEMAS } from './event-universe.js';

type Json = Record<string, unknown>;

/** Draws from a fixed list of numbers; shrinking them to 0 shrinks the variant to the bundle itself. */
class Choices {
  private next = 0;
  constructor(private readonly values: readonly number[]) {}
  /** 0 … n−1; 0 (no change) when the list is used up. */
  pick(n: number): number {
    const value = this.values[this.next++];
    return value === undefined ? 0 : value % n;
  }
  /** True one time in `n`. */
  chance(n: number): boolean {
    return this.pick(n) === n - 1;
  }
}

/** The optional fields of each kind of object, which may also be given as null. */
const OPTIONAL: Record<string, readonly string[]> = {
  group: ['ttl', 'batch_source', 'description', 'owner', 'backfill_since_tstamp'],
  key: ['description', 'key', 'property', 'ttl', 'is_published', 'external_column', 'owner'],
  attribute: ['description', 'events', 'property', 'criteria', 'period', 'default_value', 'ttl', 'time_unit'],
  criteria: ['all', 'any'],
  event: ['name', 'vendor', 'version'],
  property: ['date_part'],
  service: ['description', 'owner'],
  intervention: ['description', 'owner', 'target_attribute_keys'],
  node: ['all', 'any', 'none', 'attribute', 'operator', 'value'],
};
const UNKNOWN_KEYS = ['created_at', 'x_note', 'blobl_path', 'id'];
const SCHEMAS = [...EVENT_SCHEMAS, ...ENTITY_SCHEMAS];

class Speller {
  constructor(private readonly choices: Choices, private readonly rewrite: boolean) {}

  /** A copy of `item` with nulls for some unset optional fields and perhaps an unknown key. */
  private fields(kind: string, item: Json): Json {
    const out: Json = { ...item };
    for (const key of OPTIONAL[kind] ?? []) if (out[key] === undefined && this.choices.chance(4)) out[key] = null;
    if (this.choices.chance(6)) out[UNKNOWN_KEYS[this.choices.pick(UNKNOWN_KEYS.length)]!] = 'ignored';
    return out;
  }

  private version(item: Json, key = 'version'): void {
    if (item[key] === 1 && this.choices.chance(3)) item[key] = this.choices.chance(2) ? null : undefined;
    if (item[key] === undefined) delete item[key];
  }

  private operator(item: Json): void {
    if (item.operator === '=' && this.choices.chance(2)) item.operator = '==';
  }

  duration(iso: unknown): unknown {
    if (typeof iso !== 'string') return iso;
    const ms = parseDuration(iso);
    const s = ms / 1000;
    const forms: unknown[] = [iso, s, String(s), ` ${iso.toLowerCase()} `, `PT${s}S`, `P0DT${s}S`];
    if (ms % 604_800_000 === 0) forms.push(`P${ms / 604_800_000}W`);
    return forms[this.choices.pick(forms.length)];
  }

  property(p: unknown): unknown {
    const property = this.fields('property', p as Json);
    if (property.type === 'entity' && property.index === 0 && this.choices.chance(3)) delete property.index;
    if (!this.rewrite || property.date_part != null || !this.choices.chance(2)) return property;
    if (property.type === 'atomic') return property.name;
    const schema = SCHEMAS.find((s) => s.vendor === property.vendor && s.name === property.name && s.major === property.major_version)!;
    const column = this.choices.chance(4) ? schema.column.toUpperCase() : schema.column;
    const separator = this.choices.chance(2) ? '.' : ':';
    if (property.type === 'event') return `${column}${separator}${String(property.path)}`;
    const index = property.index ?? 0;
    return `${column}[${this.choices.chance(2) ? `safe_offset(${String(index)})` : String(index)}]${separator}${String(property.path)}`;
  }

  key(k: unknown): Json {
    const key = this.fields('key', k as Json);
    if (key.property != null) key.property = this.property(key.property);
    if (key.ttl != null) key.ttl = this.duration(key.ttl);
    const name = key.name as string;
    // A built-in key on an atomic column may also be spelt with `key` (the client_session ones read an entity).
    if (BUILT_IN_ATTRIBUTE_KEYS.includes(name) && builtInKeyProperty(name).kind === 'atomic' && key.key == null && key.property == null
      && this.choices.chance(3)) key.key = name;
    return key;
  }

  criterion(c: unknown): Json {
    const criterion = this.fields('', c as Json);
    criterion.property = this.property(criterion.property);
    this.operator(criterion);
    return criterion;
  }

  attribute(a: unknown): Json {
    const attribute = this.fields('attribute', a as Json);
    if (attribute.property != null) attribute.property = this.property(attribute.property);
    if (Array.isArray(attribute.events)) attribute.events = attribute.events.map((e) => this.fields('event', e as Json));
    if (attribute.criteria != null) {
      const criteria = this.fields('criteria', attribute.criteria as Json);
      for (const list of ['all', 'any']) if (Array.isArray(criteria[list])) criteria[list] = criteria[list].map((c) => this.criterion(c));
      attribute.criteria = criteria;
    }
    for (const field of ['period', 'ttl']) if (attribute[field] != null) attribute[field] = this.duration(attribute[field]);
    return attribute;
  }

  node(n: unknown): Json {
    const node = this.fields('node', n as Json);
    for (const list of ['all', 'any', 'none']) if (Array.isArray(node[list])) node[list] = node[list].map((child) => this.node(child));
    this.operator(node);
    return node;
  }

  bundle(b: WireBundle): Json {
    const groups = b.attribute_groups.map((g) => {
      const group = this.fields('group', g as unknown as Json);
      this.version(group);
      group.attribute_key = this.key(group.attribute_key);
      if (group.ttl != null) group.ttl = this.duration(group.ttl);
      if (Array.isArray(group.attributes)) group.attributes = group.attributes.map((a) => this.attribute(a));
      if (group.fields === undefined && this.choices.chance(4)) group.fields = null;
      if (group.attributes === undefined && this.choices.chance(4)) group.attributes = null;
      return group;
    });
    const services = b.services.map((s) => {
      const service = this.fields('service', s as unknown as Json);
      service.attribute_groups = s.attribute_groups.map((ref) => {
        const copy: Json = { ...ref };
        this.version(copy);
        return copy;
      });
      return service;
    });
    const interventions = b.interventions.map((i) => {
      const intervention = this.fields('intervention', i as unknown as Json);
      this.version(intervention);
      intervention.criteria = this.node(intervention.criteria);
      // `{all: [node]}` holds when the node does: wrapped up to the deepest nesting accepted (100 levels).
      if (this.rewrite && this.choices.chance(4)) for (let n = this.choices.pick(96); n >= 0; n--) intervention.criteria = { all: [intervention.criteria] };
      if (Array.isArray(intervention.target_attribute_keys)) {
        intervention.target_attribute_keys = intervention.target_attribute_keys.map((t: Json) => (this.choices.chance(2) ? t.name : t));
      }
      return intervention;
    });
    const out: Json = { attribute_groups: groups, services, interventions };
    if (b.attribute_keys !== undefined) out.attribute_keys = b.attribute_keys.map((k) => this.key(k));
    return out;
  }
}

/** Accepted spellings of `bundle` (with `rewrite`, forms that load differently too); shrinks to the bundle itself. */
export function spellingVariant(bundle: WireBundle, rewrite: boolean): fc.Arbitrary<unknown> {
  return fc.array(fc.nat(1000), { minLength: 400, maxLength: 400 }).map((values) => new Speller(new Choices(values), rewrite).bundle(bundle));
}
