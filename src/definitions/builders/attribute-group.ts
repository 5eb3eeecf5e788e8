import type { AttributeType } from '../types.js';
import type { WireAttribute, WireAttributeGroup, WireAttributeKey, WireBatchSource, WireField } from '../wire-types.js';
import { formatDurationInput, type DurationInput } from './format-duration-input.js';
import { omitNullish } from './omit-nullish.js';

interface AttributeGroupCommon {
  name: string;
  /** Default 1. */
  version?: number;
  /** A full key (e.g. `domain_userid`) or a `LinkAttributeKey`. */
  attribute_key: WireAttributeKey;
  ttl?: DurationInput;
  /** Default true. */
  online?: boolean;
  description?: string;
  owner?: string;
  /** Default false. */
  is_published?: boolean;
}

export interface StreamAttributeGroupOptions extends AttributeGroupCommon {
  attributes: readonly WireAttribute[];
  /** ISO date-time from which Signals backfills the group. */
  backfill_since_tstamp?: string | Date;
}

export interface BatchAttributeGroupOptions extends AttributeGroupCommon {
  attributes: readonly WireAttribute[];
  batch_source?: WireBatchSource;
}

export interface ExternalBatchAttributeGroupOptions extends AttributeGroupCommon {
  fields: readonly WireField[];
  batch_source: WireBatchSource;
}

interface GroupContent {
  offline: boolean;
  attributes?: readonly WireAttribute[];
  fields?: readonly WireField[];
  batch_source?: WireBatchSource | undefined;
  backfill_since_tstamp?: string | Date | undefined;
}

function buildGroup(options: AttributeGroupCommon, content: GroupContent): WireAttributeGroup {
  const { name, ttl } = options;
  const { attributes, fields, backfill_since_tstamp: backfill } = content;
  return omitNullish<WireAttributeGroup>({
    name,
    version: options.version ?? 1,
    attribute_key: { ...options.attribute_key },
    ttl: ttl === undefined ? undefined : formatDurationInput(ttl, `${name}.ttl`),
    batch_source: content.batch_source,
    online: options.online ?? true,
    offline: content.offline,
    description: options.description,
    owner: options.owner,
    is_published: options.is_published ?? false,
    fields: fields && [...fields],
    attributes: attributes && [...attributes],
    backfill_since_tstamp: backfill instanceof Date ? backfill.toISOString() : backfill,
  });
}

/**
 * A group computed from events in real time by the Signals stream engine (and by signals-edge):
 * `offline: false`. Defaults: `version: 1`, `online: true`, `is_published: false`.
 * A bad `ttl` throws a DefinitionsError.
 */
export function StreamAttributeGroup(options: StreamAttributeGroupOptions): WireAttributeGroup {
  const { attributes, backfill_since_tstamp } = options;
  return buildGroup(options, { offline: false, attributes, backfill_since_tstamp });
}

/** A group computed from events in the warehouse by the Signals batch engine: `offline: true`. */
export function BatchAttributeGroup(options: BatchAttributeGroupOptions): WireAttributeGroup {
  return buildGroup(options, { offline: true, attributes: options.attributes, batch_source: options.batch_source });
}

/** A group read from an existing warehouse table (`fields` of `batch_source`): `offline: true`. */
export function ExternalBatchAttributeGroup(options: ExternalBatchAttributeGroupOptions): WireAttributeGroup {
  return buildGroup(options, { offline: true, fields: options.fields, batch_source: options.batch_source });
}

/** A column of an external batch group. */
export function Field(options: { name: string; type: AttributeType; description?: string }): WireField {
  return omitNullish<WireField>({ name: options.name, description: options.description, type: options.type });
}

/** The warehouse table of a batch group. */
export function BatchSource(options: WireBatchSource): WireBatchSource {
  const { name, description, owner, database, schema, table, timestamp_field } = options;
  return omitNullish<WireBatchSource>({ name, description, owner, database, schema, table, timestamp_field });
}
