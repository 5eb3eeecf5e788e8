/**
 * Checks across the objects of a definitions bundle (signals-model.md §6–9, §14): duplicates, names that
 * must resolve, group kinds, criteria nesting. They read the raw input, so they run even when some
 * objects are malformed.
 */
import type { Problem } from '../errors.js';
import { BUILT_IN_ATTRIBUTE_KEYS } from './built-in-attribute-keys.js';
import { describeChoices } from './describe-value.js';
import { isRecord } from '../is-record.js';
import type { SkippedItems } from './skip-unknown-values.js';

/** What the cross-checks read (the options, the items skipped so far) and where they report. */
export interface CrossCheckContext {
  includeUnpublished: boolean;
  registry: boolean;
  /** Items skipped in registry mode; interventions naming a skipped attribute are added. */
  skip: SkippedItems;
  problems: Problem[];
  warnings: Problem[];
}

interface RawGroup {
  name: string;
  version: number;
  published: boolean;
  /** Attribute and field names usable in intervention criteria. */
  names: Set<string>;
  /** Attribute names skipped in registry mode. */
  skipped: Set<string>;
  keyName: string | null;
}

/** Deepest accepted nesting of intervention criteria. */
const MAX_CRITERIA_DEPTH = 100;

const GROUP_ATTRIBUTE = /^([A-Za-z0-9_]{1,128}):([A-Za-z0-9_]{1,128})$/;

/**
 * Checks the bundle `input` across objects, adding to `ctx.problems` and `ctx.warnings`; in registry
 * mode, marks in `ctx.skip` the interventions that name a skipped attribute.
 */
export function crossCheckDefinitions(input: unknown, ctx: CrossCheckContext): void {
  if (!isRecord(input)) return;
  const keyNames = checkKeys(rawList(input.attribute_keys), ctx);
  const groups = rawList(input.attribute_groups).map((group, index) => readGroup(group, index, ctx, keyNames));
  checkDuplicates(ctx, 'attribute_groups', groups, 'group');
  checkServices(rawList(input.services), groups, ctx);
  const interventions = rawList(input.interventions);
  checkDuplicates(ctx, 'interventions', interventions.map((i) => (
    isRecord(i) && typeof i.name === 'string' ? { name: i.name, version: rawVersion(i.version) } : null
  )), 'intervention');
  const knownKeys = new Set([...BUILT_IN_ATTRIBUTE_KEYS, ...keyNames]);
  for (const g of groups) if (g?.keyName != null) knownKeys.add(g.keyName);
  interventions.forEach((intervention, index) => {
    if (!isRecord(intervention) || ctx.skip.interventions.has(index)) return;
    if (!ctx.includeUnpublished && intervention.is_published !== true) return;
    checkIntervention(intervention, index, groups, knownKeys, ctx);
  });
}

/** Bundle keys: duplicates, name-only keys that are not built-ins. Returns the declared names. */
function checkKeys(keys: unknown[], ctx: CrossCheckContext): Set<string> {
  const names = new Set<string>();
  checkDuplicates(ctx, 'attribute_keys', keys.map(nameOnly), 'attribute key');
  keys.forEach((key, index) => {
    if (!isRecord(key) || typeof key.name !== 'string') return;
    names.add(key.name);
    if (isBareKey(key, key.name)) {
      ctx.problems.push({
        code: 'unresolved', path: `attribute_keys[${index}]`,
        message: `attribute key "${key.name}" has neither key nor property and is not a built-in key (${describeChoices(BUILT_IN_ATTRIBUTE_KEYS)})`,
      });
    }
  });
  return names;
}

/** Checks one group's kind, key and names; returns what later checks need, or null (no name, bad version). */
function readGroup(group: unknown, index: number, ctx: CrossCheckContext, keyNames: Set<string>): RawGroup | null {
  if (!isRecord(group)) return null;
  const path = `attribute_groups[${index}]`;
  const name = typeof group.name === 'string' ? group.name : null;
  const label = name === null ? 'the group' : `group "${name}"`;
  const attributes = rawList(group.attributes);
  const fields = rawList(group.fields);
  if (attributes.length > 0 && fields.length > 0) {
    ctx.problems.push({
      code: 'group_kind', path,
      message: `${label} has both attributes and fields: attributes make a stream or batch group, fields an external batch group`,
    });
  } else if (attributes.length === 0 && fields.length === 0) {
    ctx.problems.push({ code: 'group_kind', path, message: `${label} needs at least one attribute (or fields, for an external batch source)` });
  } else if (fields.length > 0 && group.batch_source == null) {
    ctx.problems.push({
      code: 'required', path: `${path}.batch_source`,
      message: `batch_source is required for ${label}, which has fields (an external batch source)`,
    });
  }
  const key = group.attribute_key;
  let keyName: string | null = null;
  if (isRecord(key) && typeof key.name === 'string') {
    keyName = key.name;
    if (isBareKey(key, key.name) && !keyNames.has(key.name)) {
      ctx.problems.push({
        code: 'unresolved', path: `${path}.attribute_key`,
        message: `attribute key "${key.name}" has neither key nor property, is not a built-in key ` +
          `(${describeChoices(BUILT_IN_ATTRIBUTE_KEYS)}) and is not defined in attribute_keys`,
      });
    }
  }
  const names = new Set<string>();
  const skipped = new Set<string>();
  const firstAt = new Map<string, string>();
  const visit = (items: unknown[], list: 'attributes' | 'fields'): void => {
    items.forEach((item, i) => {
      if (!isRecord(item) || typeof item.name !== 'string') return;
      const itemPath = `${path}.${list}[${i}]`;
      const earlier = firstAt.get(item.name);
      if (earlier !== undefined) {
        ctx.problems.push({
          code: 'duplicate', path: `${itemPath}.name`,
          message: `name "${item.name}" appears twice in ${label} (first at ${earlier})`,
        });
        return;
      }
      firstAt.set(item.name, itemPath);
      if (list === 'attributes' && ctx.skip.hasAttribute(index, i)) skipped.add(item.name);
      else names.add(item.name);
    });
  };
  visit(attributes, 'attributes');
  visit(fields, 'fields');
  if (name === null) return null;
  const version = rawVersion(group.version);
  if (version === null) return null;
  return { name, version, published: group.is_published === true, names, skipped, keyName };
}

/** Reports each item with the name (and version, if any) of an earlier one; passes over nulls and bad versions. */
function checkDuplicates(
  ctx: CrossCheckContext, list: string, items: ({ name: string; version?: number | null } | null)[], what: string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (item === null || item.version === null) return;
    const id = item.version === undefined ? item.name : `${item.name}\u0000${item.version}`;
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, index);
      return;
    }
    const version = item.version === undefined ? '' : ` version ${item.version}`;
    ctx.problems.push({
      code: 'duplicate', path: `${list}[${index}]`,
      message: `${what} "${item.name}"${version} is defined twice (first at ${list}[${earlier}])`,
    });
  });
}

function checkServices(services: unknown[], groups: (RawGroup | null)[], ctx: CrossCheckContext): void {
  checkDuplicates(ctx, 'services', services.map(nameOnly), 'service');
  services.forEach((service, s) => {
    if (!isRecord(service) || (!ctx.includeUnpublished && service.is_published !== true)) return;
    rawList(service.attribute_groups).forEach((ref, r) => {
      if (!isRecord(ref) || typeof ref.name !== 'string') return;
      const version = rawVersion(ref.version);
      if (version === null) return;
      if (groups.some((g) => g !== null && g.name === ref.name && g.version === version)) return;
      ctx.problems.push({
        code: 'unresolved', path: `services[${s}].attribute_groups[${r}]`,
        message: `group "${ref.name}" version ${version} is not in attribute_groups`,
      });
    });
  });
}

/**
 * Criteria nesting, `changed` placement and attribute references of one intervention, then its target
 * keys. In registry mode an intervention whose only problem is naming a skipped attribute is skipped.
 */
function checkIntervention(
  intervention: Record<string, unknown>, index: number, groups: (RawGroup | null)[], knownKeys: Set<string>,
  ctx: CrossCheckContext,
): void {
  const base = `interventions[${index}]`;
  const label = typeof intervention.name === 'string' ? `intervention "${intervention.name}"` : 'the intervention';
  const problems: Problem[] = [];
  let skipReason: string | null = null;
  const walk = (node: unknown, path: string, under: string | null, depth: number): void => {
    if (!isRecord(node)) return;
    if (depth > MAX_CRITERIA_DEPTH) {
      problems.push({ code: 'too_deep', path, message: `criteria are nested more than ${MAX_CRITERIA_DEPTH} levels deep` });
      return;
    }
    for (const op of ['all', 'any', 'none'] as const) {
      const children = node[op];
      if (Array.isArray(children)) {
        children.forEach((child, i) => walk(child, `${path}.${op}[${i}]`, op === 'all' ? under : op, depth + 1));
      }
    }
    if (node.operator === 'changed' && under !== null) {
      problems.push({
        code: 'changed_placement', path: `${path}.operator`,
        message: `operator "changed" cannot be used inside "${under}"; use it alone or inside "all"`,
      });
    }
    const match = typeof node.attribute === 'string' ? GROUP_ATTRIBUTE.exec(node.attribute) : null;
    if (match === null) return;
    const [, group, attribute] = match as unknown as [string, string, string];
    const resolved = resolveAttribute(group, attribute, groups, ctx.includeUnpublished);
    if (resolved === 'ok') return;
    if (resolved === 'skipped' && ctx.registry) {
      skipReason ??= `it uses ${group}:${attribute}, which was skipped`;
      return;
    }
    problems.push({ code: 'unresolved', path: `${path}.attribute`, message: `attribute "${group}:${attribute}" ${resolved}` });
  };
  walk(intervention.criteria, `${base}.criteria`, null, 0);
  if (skipReason !== null && problems.length === 0) {
    ctx.skip.interventions.add(index);
    ctx.warnings.push({ code: 'skipped', path: base, message: `${label} was skipped: ${skipReason}` });
    return;
  }
  ctx.problems.push(...problems);
  rawList(intervention.target_attribute_keys).forEach((target, t) => {
    const name = typeof target === 'string' ? target : isRecord(target) && typeof target.name === 'string' ? target.name : null;
    if (name === null || knownKeys.has(name)) return;
    ctx.warnings.push({
      code: 'unknown_key', path: `${base}.target_attribute_keys[${t}]`,
      message: `target attribute key "${name}" is not a built-in key nor defined in this bundle, so it has no ID on the client`,
    });
  });
}

/** 'ok', 'skipped' (only a registry-skipped attribute matches), or a phrase saying why it does not resolve. */
function resolveAttribute(group: string, attribute: string, groups: (RawGroup | null)[], includeUnpublished: boolean): string {
  const named = groups.filter((g): g is RawGroup => g !== null && g.name === group);
  if (named.length === 0) return `names group "${group}", which is not in attribute_groups`;
  const usable = named.filter((g) => includeUnpublished || g.published);
  if (usable.length === 0) return `names group "${group}", which has no published version (is_published is not true)`;
  if (usable.some((g) => g.names.has(attribute))) return 'ok';
  if (usable.some((g) => g.skipped.has(attribute))) return 'skipped';
  const which = includeUnpublished ? 'no version' : 'no published version';
  return `does not resolve: ${which} of group "${group}" has an attribute "${attribute}"`;
}

/** A key with neither `key` nor `property` that is not a built-in: it must link to a bundle key. */
function isBareKey(key: Record<string, unknown>, name: string): boolean {
  return key.key == null && key.property == null && !BUILT_IN_ATTRIBUTE_KEYS.includes(name);
}

/** `{name}` of a raw object with a string name, else null (for {@link checkDuplicates}). */
function nameOnly(value: unknown): { name: string } | null {
  return isRecord(value) && typeof value.name === 'string' ? { name: value.name } : null;
}

function rawList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function rawVersion(value: unknown): number | null {
  if (value == null) return 1;
  return Number.isInteger(value) ? (value as number) : null;
}
