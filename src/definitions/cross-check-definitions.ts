/**
 * Checks across the objects of a definitions bundle (docs/semantics.md#wire-format): duplicates, names that
 * must resolve, group kinds, criteria nesting. They read the raw input, so they run even when some
 * objects are malformed.
 */
import type { Problem } from '../errors.js';
import { BUILT_IN_ATTRIBUTE_KEYS } from './built-in-attribute-keys.js';
import { describeChoices } from '../describe-value.js';
import { isRecord } from '../is-record.js';
import type { SkippedItems } from './skip-unknown-values.js';

/** What the cross-checks read (the options, the items skipped so far) and where they report. */
export interface CrossCheckContext {
  includeUnpublished: boolean;
  /** Items skipped in registry mode; interventions naming a skipped attribute are added. */
  skip: SkippedItems;
  problems: Problem[];
  warnings: Problem[];
}

/** A group with a name and a valid version. */
interface RawGroup {
  name: string;
  version: number;
  published: boolean;
  /** Attribute and field names usable in intervention criteria. */
  names: Set<string>;
  /** Attribute names skipped in registry mode. */
  skipped: Set<string>;
}

type Raw = Record<string, unknown>;

/** Deepest accepted nesting of intervention criteria. */
const MAX_CRITERIA_DEPTH = 100;

/**
 * Checks the bundle `input` across objects, adding to `ctx.problems` and `ctx.warnings`; in registry
 * mode, marks in `ctx.skip` the interventions that name a skipped attribute.
 */
export function crossCheckDefinitions(input: unknown, ctx: CrossCheckContext): void {
  if (!isRecord(input)) return;
  const { includeUnpublished, skip, problems, warnings } = ctx;
  const problem = (code: string, path: string, message: string): void => {
    problems.push({ code, path, message });
  };
  const visible = (item: Raw): boolean => includeUnpublished || item.is_published === true;
  /** The list under `list` in the input; reports each item with the name (and version) of an earlier one. */
  const listWithoutDuplicates = (list: string, what: string, versioned?: boolean): unknown[] => {
    const items = rawList(input[list]);
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const name = nameOf(item);
      // Items without a name or with a bad version are passed over.
      const version = name === undefined ? null : versioned ? rawVersion((item as Raw).version) : '';
      if (version === null) return;
      const id = `${name}\u0000${version}`;
      const earlier = seen.get(id);
      if (earlier === undefined) seen.set(id, index);
      else {
        problem('duplicate', `${list}[${index}]`,
          `${what} "${name}"${versioned ? ` version ${version}` : ''} is defined twice (first at ${list}[${earlier}])`);
      }
    });
    return items;
  };
  /** A key with neither `key` nor `property` that is not a built-in: it must link to a bundle key. */
  const checkKey = (key: unknown, path: string, keyNames?: Set<string>): string | undefined => {
    const name = nameOf(key);
    if (name !== undefined && (key as Raw).key == null && (key as Raw).property == null &&
      !BUILT_IN_ATTRIBUTE_KEYS.includes(name) && !(keyNames && keyNames.has(name))) {
      const builtIns = `a built-in key (${describeChoices(BUILT_IN_ATTRIBUTE_KEYS)})`;
      problem('unresolved', path, `attribute key "${name}" has neither key nor property${keyNames
        ? `, is not ${builtIns} and is not defined in attribute_keys`
        : ` and is not ${builtIns}`}`);
    }
    return name;
  };

  const keyNames = new Set<string>();
  listWithoutDuplicates('attribute_keys', 'attribute key').forEach((key, index) => {
    const name = checkKey(key, `attribute_keys[${index}]`);
    if (name !== undefined) keyNames.add(name);
  });
  const knownKeys = new Set([...BUILT_IN_ATTRIBUTE_KEYS, ...keyNames]);

  const groups: RawGroup[] = [];
  rawList(input.attribute_groups).forEach((group, index) => {
    if (!isRecord(group)) return;
    const path = `attribute_groups[${index}]`;
    const name = nameOf(group);
    const label = name === undefined ? 'the group' : `group "${name}"`;
    const attributes = rawList(group.attributes).length;
    const fields = rawList(group.fields).length;
    if (attributes && fields) {
      problem('group_kind', path,
        `${label} has both attributes and fields: attributes make a stream or batch group, fields an external batch group`);
    } else if (!attributes && !fields) {
      problem('group_kind', path, `${label} needs at least one attribute (or fields, for an external batch source)`);
    } else if (fields && group.batch_source == null) {
      problem('required', `${path}.batch_source`, `batch_source is required for ${label}, which has fields (an external batch source)`);
    }
    const keyName = checkKey(group.attribute_key, `${path}.attribute_key`, keyNames);
    if (keyName !== undefined) knownKeys.add(keyName);
    const names = new Set<string>();
    const skipped = new Set<string>();
    const firstAt = new Map<string, string>();
    for (const list of ['attributes', 'fields']) {
      rawList(group[list]).forEach((item, i) => {
        const itemName = nameOf(item);
        if (itemName === undefined) return;
        const itemPath = `${path}.${list}[${i}]`;
        const earlier = firstAt.get(itemName);
        if (earlier !== undefined) {
          problem('duplicate', `${itemPath}.name`, `name "${itemName}" appears twice in ${label} (first at ${earlier})`);
        } else {
          firstAt.set(itemName, itemPath);
          (skip.has(itemPath) ? skipped : names).add(itemName);
        }
      });
    }
    const version = rawVersion(group.version);
    if (name !== undefined && version !== null) groups.push({ name, version, published: group.is_published === true, names, skipped });
  });
  listWithoutDuplicates('attribute_groups', 'group', true);

  listWithoutDuplicates('services', 'service').forEach((service, s) => {
    if (!isRecord(service) || !visible(service)) return;
    rawList(service.attribute_groups).forEach((ref, r) => {
      const name = nameOf(ref);
      const version = name === undefined ? null : rawVersion((ref as Raw).version);
      if (version === null || groups.some((g) => g.name === name && g.version === version)) return;
      problem('unresolved', `services[${s}].attribute_groups[${r}]`, `group "${name}" version ${version} is not in attribute_groups`);
    });
  });

  listWithoutDuplicates('interventions', 'intervention', true).forEach((intervention, index) => {
    const base = `interventions[${index}]`;
    if (!isRecord(intervention) || skip.has(base) || !visible(intervention)) return;
    const before = problems.length;
    let skipReason: string | undefined;
    const walk = (node: unknown, path: string, under: string | null, depth: number): void => {
      if (!isRecord(node)) return;
      if (depth > MAX_CRITERIA_DEPTH) {
        problem('too_deep', path, `criteria are nested more than ${MAX_CRITERIA_DEPTH} levels deep`);
        return;
      }
      for (const op of ['all', 'any', 'none']) {
        const children = node[op];
        if (Array.isArray(children)) {
          children.forEach((child, i) => walk(child, `${path}.${op}[${i}]`, op === 'all' ? under : op, depth + 1));
        }
      }
      if (node.operator === 'changed' && under !== null) {
        problem('changed_placement', `${path}.operator`,
          `operator "changed" cannot be used inside "${under}"; use it alone or inside "all"`);
      }
      const match = typeof node.attribute === 'string' && /^(\w{1,128}):(\w{1,128})$/.exec(node.attribute);
      if (!match) return;
      const [reference, group, attribute] = match as unknown as [string, string, string];
      const named = groups.filter((g) => g.name === group);
      const usable = named.filter((g) => includeUnpublished || g.published);
      let why = `names group "${group}", which `;
      if (!named.length) why += 'is not in attribute_groups';
      else if (!usable.length) why += 'has no published version (is_published is not true)';
      else if (usable.some((g) => g.names.has(attribute))) return;
      else if (usable.some((g) => g.skipped.has(attribute))) {
        if (skipReason === undefined) skipReason = `it uses ${reference}, which was skipped`;
        return;
      } else {
        why = `does not resolve: no ${includeUnpublished ? '' : 'published '}version of group "${group}" has an attribute "${attribute}"`;
      }
      problem('unresolved', `${path}.attribute`, `attribute "${reference}" ${why}`);
    };
    walk(intervention.criteria, `${base}.criteria`, null, 0);
    if (skipReason && problems.length == before) {
      const name = nameOf(intervention);
      skip.add(base);
      warnings.push({
        code: 'skipped', path: base,
        message: `${name === undefined ? 'the intervention' : `intervention "${name}"`} was skipped: ${skipReason}`,
      });
      return;
    }
    rawList(intervention.target_attribute_keys).forEach((target, t) => {
      const key = typeof target === 'string' ? target : nameOf(target);
      if (key === undefined || knownKeys.has(key)) return;
      warnings.push({
        code: 'unknown_key', path: `${base}.target_attribute_keys[${t}]`,
        message: `target attribute key "${key}" is not a built-in key nor defined in this bundle, so it has no ID on the client`,
      });
    });
  });
}

/** The name of a raw object with a string name. */
function nameOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.name === 'string' ? value.name : undefined;
}

function rawList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function rawVersion(value: unknown): number | null {
  return value == null ? 1 : Number.isInteger(value) ? (value as number) : null;
}
