import type {
  WireAttributeGroup, WireAttributeKey, WireBundle, WireRuleIntervention, WireService,
} from '../wire-types.js';
import type { ServiceAccessMode } from '../types.js';
import { omitNullish } from './omit-nullish.js';

export interface ServiceOptions {
  name: string;
  /** Groups, given as built groups or as `{ name, version? }` references (version default 1). */
  attribute_groups: readonly (WireAttributeGroup | { name: string; version?: number })[];
  description?: string;
  owner?: string;
  /** Default false. */
  is_published?: boolean;
  /** `authenticated` (default) or `public`: read without a token, one UUID per request. */
  access_mode?: ServiceAccessMode;
}

/** A service: a named set of attribute group versions served together. */
export function Service(options: ServiceOptions): WireService {
  return omitNullish<WireService>({
    name: options.name,
    description: options.description,
    attribute_groups: options.attribute_groups.map((group) => ({ name: group.name, version: group.version ?? 1 })),
    owner: options.owner,
    is_published: options.is_published ?? false,
    access_mode: options.access_mode,
  });
}

export interface BundleOptions {
  attribute_groups?: readonly WireAttributeGroup[];
  services?: readonly WireService[];
  interventions?: readonly WireRuleIntervention[];
  /** Attribute keys declared on their own (keys used by groups need not be listed). */
  attribute_keys?: readonly WireAttributeKey[];
}

/**
 * A definitions bundle file: `{ attribute_groups, services, interventions }` (each `[]` when left
 * out), plus `attribute_keys` when given. This is what `SignalsEdgePlugin({ definitions })`,
 * `parseDefinitions` and the CLI read.
 */
export function Bundle(options: BundleOptions): WireBundle {
  return omitNullish<WireBundle>({
    attribute_groups: [...(options.attribute_groups ?? [])],
    services: [...(options.services ?? [])],
    interventions: [...(options.interventions ?? [])],
    attribute_keys: options.attribute_keys && [...options.attribute_keys],
  });
}
