import type { Definitions } from '../../src/definitions/types.js';
import type { WireBundleInput } from '../../src/definitions/wire-input-types.js';
import { isRecord } from '../../src/is-record.js';

type Json = Record<string, unknown>;

/** The definitions as the Signals registry returns them (signals-model.md §7, §12.3, §14 item 17). */
export interface RegistryView {
  attributeGroups: Json[];
  services: Json[];
  interventions: Json[];
  attributeKeys: Json[];
}

/**
 * Builds the registry's answers from a bundle that {@link parseDefinitions} accepted: each object in the
 * wire format as written, with the defaults the API fills in (`version: 1`, `online: true`,
 * `is_published: false`), `==` emitted as `=` and targets as `[{name}]` (§14 items 5, 6), plus the
 * registry output fields: `attribute_key.blobl_path`, `attribute_key_or_name`,
 * `attribute_group_or_attribute_key_ttl`, `feast_name` and `full_name` (`<name>_v<version>`), `stream_source_name: null`.
 * `definitions` gives the parsed keys (for `blobl_path`); the bundle need not parse as a whole (the stored registry).
 */
export function createRegistryView(bundle: unknown, definitions: Pick<Definitions, 'keys'>): RegistryView {
  const input = bundle as WireBundleInput;
  const declaredKeys = new Map<string, Json>();
  for (const key of input.attribute_keys ?? []) if (!declaredKeys.has(key.name)) declaredKeys.set(key.name, { ...key });
  const bloblPath = (name: string): string | null => {
    const property = definitions.keys.find((k) => k.name === name)?.property;
    return property?.kind === 'atomic' ? property.name : null;
  };
  const keyOutput = (key: Json & { name: string }): Json => ({
    ...(Object.keys(key).length > 1 ? key : declaredKeys.get(key.name) ?? key),
    blobl_path: bloblPath(key.name),
  });

  const attributeGroups = (input.attribute_groups ?? []).map((group) => {
    const version = group.version ?? 1;
    const key = keyOutput(group.attribute_key as unknown as Json & { name: string });
    return {
      ...(normalizeOperators(group) as Json),
      version,
      online: group.online ?? true,
      is_published: group.is_published ?? false,
      attribute_key: key,
      attribute_key_or_name: group.attribute_key.name,
      attribute_group_or_attribute_key_ttl: group.ttl ?? group.attribute_key.ttl ?? declaredKeys.get(group.attribute_key.name)?.['ttl'] ?? null,
      feast_name: `${group.name}_v${version}`,
      full_name: `${group.name}_v${version}`,
      stream_source_name: null,
    };
  });

  const services = (input.services ?? []).map((service) => ({
    ...service,
    attribute_groups: (service.attribute_groups ?? []).map((g) => ({ ...g, version: g.version ?? 1 })),
    is_published: service.is_published ?? false,
  }));

  const interventions = (input.interventions ?? []).map((intervention) => {
    const out: Json = { ...(normalizeOperators(intervention) as Json), version: intervention.version ?? 1, is_published: intervention.is_published ?? false };
    if (intervention.target_attribute_keys != null) {
      out['target_attribute_keys'] = intervention.target_attribute_keys.map((t) => (typeof t === 'string' ? { name: t } : t));
    }
    return out;
  });

  const keys = new Map<string, Json>();
  for (const [name, key] of declaredKeys) keys.set(name, { ...key, blobl_path: bloblPath(name) });
  for (const group of attributeGroups) {
    const key = group.attribute_key;
    const name = group.attribute_key_or_name;
    if (!keys.has(name)) keys.set(name, key);
  }
  return { attributeGroups, services, interventions, attributeKeys: [...keys.values()] };
}

/** A deep copy of JSON data with every `"operator": "=="` written as `"="`. */
function normalizeOperators(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeOperators);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'operator' && v === '==' ? '=' : normalizeOperators(v)]));
}
