/**
 * Parses a definitions bundle (signals-model.md §1–9, §14; design.md decision 1) into normalised
 * {@link Definitions}, listing every problem with its JSON path. Never half-loads.
 */
import type * as z from 'zod/mini';
import { DefinitionsError, type Problem } from '../errors.js';
import { describeChoices, describeValue } from './describe-value.js';
import { parseDuration } from './parse-duration.js';
import { parseProperty } from './parse-property.js';
import type {
  AttributeDef, AttributeGroupDef, AttributeKeyDef, Criterion, Definitions, EventRef, GroupKind,
  InterventionDef, InterventionNode, PropertyRef, ServiceDef,
} from './types.js';
import {
  BundleSchema, type WireAttribute, type WireAttributeGroup, type WireAttributeKey, type WireBundle,
  type WireCriterion, type WireIntervention, type WireNode, type WireService,
} from './wire-schemas.js';

export interface ParseDefinitionsOptions {
  /** Load definitions whose `is_published` is not true (tests, demo, a file named on the CLI). Default false. */
  includeUnpublished?: boolean;
  /**
   * The input is a registry response (§14 item 1): an attribute or intervention with an unknown enum
   * value (a newer Signals feature) is reported once in `warnings` and skipped while the rest loads.
   */
  registry?: boolean;
}

export type ParseDefinitionsResult =
  | { ok: true; definitions: Definitions; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

/** The built-in attribute keys (§6); each reads the atomic column of the same name. */
export const BUILT_IN_ATTRIBUTE_KEYS: readonly string[] = ['domain_userid', 'domain_sessionid', 'network_userid', 'user_id'];

type Path = (string | number)[];
type Issue = z.core.$ZodIssue;

interface Found {
  path: Path;
  code: string;
  message: string;
  /** An unknown enum value (or a direct intervention): skippable in registry mode. */
  skippable: boolean;
}

/**
 * Parses and checks a definitions bundle `{attribute_groups?, services?, interventions?, attribute_keys?}`.
 * On failure returns every problem, each with its JSON path (`attribute_groups[0].attributes[2].aggregation`)
 * and a plain message; on success the normalised definitions and warnings (items left out).
 *
 * Problem codes: `required`, `type`, `enum`, `format`, `range`, `duration`, `path`, `property`, `fit`
 * (aggregation/type/operator/value fit), `rlike`, `node`, `duplicate`, `unresolved`, `group_kind`,
 * `changed_placement`, `too_deep`, `invalid`. Warning codes: `unpublished`, `skipped` (registry mode), `unknown_key`.
 */
export function parseDefinitions(input: unknown, options: ParseDefinitionsOptions = {}): ParseDefinitionsResult {
  const includeUnpublished = options.includeUnpublished === true;
  const registry = options.registry === true;
  const first = safeParse(input);
  if (first === 'too deep') return { ok: false, problems: [tooDeep()] };

  const warnings: Problem[] = [];
  const skip = new Skips();
  let found = first.success ? [] : collectIssues(first.error.issues, input);
  if (registry) found = skipUnknownValues(found, skip, warnings, input);

  const problems: Problem[] = found.map(toProblem);
  crossCheck(input, { includeUnpublished, registry, skip, problems, warnings });
  if (problems.length > 0) return { ok: false, problems };

  let data: WireBundle;
  if (skip.isEmpty()) {
    if (!first.success) return { ok: false, problems: [internal()] };
    data = first.data;
  } else {
    const second = safeParse(prune(input, skip));
    if (second === 'too deep') return { ok: false, problems: [tooDeep()] };
    if (!second.success) return { ok: false, problems: collectIssues(second.error.issues, input).map(toProblem) };
    data = second.data;
  }
  const definitions = normalise(data, includeUnpublished, warnings);
  return { ok: true, definitions, warnings };
}

/**
 * Like {@link parseDefinitions} but returns the definitions directly.
 * @throws DefinitionsError listing every problem.
 */
export function loadDefinitions(input: unknown, options: ParseDefinitionsOptions = {}): Definitions {
  const result = parseDefinitions(input, options);
  if (!result.ok) throw new DefinitionsError(result.problems);
  return result.definitions;
}

function safeParse(input: unknown): ReturnType<typeof BundleSchema.safeParse> | 'too deep' {
  try {
    return BundleSchema.safeParse(input);
  } catch (error) {
    if (error instanceof RangeError) return 'too deep';
    throw error;
  }
}

function tooDeep(): Problem {
  return { code: 'too_deep', path: '', message: 'definitions are nested too deeply to read' };
}

function internal(): Problem {
  return { code: 'internal', path: '', message: 'definitions could not be read' };
}

// ---------------------------------------------------------------------------------------------
// zod issues → problems

function collectIssues(issues: readonly Issue[], input: unknown, base: Path = [], out: Found[] = []): Found[] {
  for (const issue of issues) collectIssue(issue, input, base, out);
  return out;
}

function collectIssue(issue: Issue, input: unknown, base: Path, out: Found[]): void {
  const path = [...base, ...(issue.path as Path)];
  const value = valueAt(input, path);
  const field = fieldName(path);
  const shown = describeValue(value);
  const add = (code: string, message: string, skippable = false): void => {
    out.push({ path, code, message, skippable });
  };
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) add('required', `${field} is required`, isCriteriaOfIntervention(path));
      else add('type', `${field} must be ${expectedPhrase(issue.expected)}, got ${shown}`);
      return;
    case 'invalid_value':
      if (value === undefined) add('required', `${field} is required: ${issue.values.map(String).join(', ')}`);
      else add('enum', `${field} ${shown} is not one of ${issue.values.map(String).join(', ')}`, true);
      return;
    case 'invalid_format':
      add('format', `${field} ${shown} ${issue.message}`);
      return;
    case 'too_small':
    case 'too_big':
      add('range', issue.origin === 'array' ? `${field} ${sizePhrase(issue)}` : `${field} ${shown} ${sizePhrase(issue)}`);
      return;
    case 'invalid_union':
      collectUnion(issue, input, path, value, field, out);
      return;
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: string; phrase?: boolean };
      const code = params.code ?? 'invalid';
      add(code, params.phrase === true ? `${field} ${shown} ${issue.message}` : issue.message, code === 'enum');
      return;
    }
    default:
      add('invalid', `${field} ${shown} is not valid`);
  }
}

function collectUnion(
  issue: Extract<Issue, { code: 'invalid_union' }>, input: unknown, path: Path, value: unknown, field: string, out: Found[],
): void {
  if ('discriminator' in issue && issue.discriminator !== undefined) {
    const options = describeChoices(((issue as { options?: unknown[] }).options ?? []).map(String));
    if (value === undefined) out.push({ path, code: 'required', message: `${field} is required: ${options}`, skippable: false });
    else out.push({ path, code: 'enum', message: `${field} ${describeValue(value)} is not one of ${options}`, skippable: true });
    return;
  }
  const branches = issue.errors;
  const typed = branches.filter((branch) => rootExpected(branch) === null);
  if (typed.length === 0) {
    const expected = [...new Set(branches.flatMap((branch) => rootExpected(branch) ?? []))];
    const message = value === undefined
      ? `${field} is required`
      : `${field} must be ${describeChoices(expected.map(expectedPhrase))}, got ${describeValue(value)}`;
    out.push({ path, code: value === undefined ? 'required' : 'type', message, skippable: false });
    return;
  }
  const best = typed.reduce((a, b) => (b.length < a.length ? b : a));
  collectIssues(best, input, path, out);
}

/** The types a union branch expected when it failed on the value's own type; null when the type fit. */
function rootExpected(branch: readonly Issue[]): string[] | null {
  if (branch.length !== 1) return null;
  const issue = branch[0] as Issue;
  if (issue.path.length !== 0) return null;
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code === 'invalid_union' && !('discriminator' in issue && issue.discriminator !== undefined)) {
    const nested = issue.errors.map(rootExpected);
    return nested.every((e) => e !== null) ? nested.flat() as string[] : null;
  }
  return null;
}

function expectedPhrase(expected: string): string {
  switch (expected) {
    case 'array': return 'a list';
    case 'object': return 'an object';
    case 'int': return 'an integer';
    case 'undefined': return 'absent';
    default: return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function sizePhrase(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      return small ? (limit <= 1 ? 'must not be empty' : `must have at least ${limit} characters`) : `must have at most ${limit} characters`;
    case 'array':
      return small ? `must have at least ${limit} items` : `must have at most ${limit} items`;
    default:
      if (small) return inclusive ? `must be ${limit} or more` : `must be greater than ${limit}`;
      return inclusive ? `must be ${limit} or less` : `must be less than ${limit}`;
  }
}

function isCriteriaOfIntervention(path: Path): boolean {
  return path.length === 3 && path[0] === 'interventions' && path[2] === 'criteria';
}

function toProblem(found: Found): Problem {
  return { code: found.code, path: formatPath(found.path), message: found.message };
}

/** `attribute_groups[0].attributes[2].aggregation` */
export function formatPath(path: readonly (string | number | symbol)[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/** The field a message names: the last key with any indexes after it (`events[0]`). */
function fieldName(path: Path): string {
  let end = path.length;
  let suffix = '';
  while (end > 0 && typeof path[end - 1] === 'number') {
    suffix = `[${path[end - 1]}]${suffix}`;
    end--;
  }
  return end === 0 ? `definitions${suffix}` : `${String(path[end - 1])}${suffix}`;
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Registry mode: skip attributes and interventions with unknown enum values

class Skips {
  /** `groupIndex:attributeIndex` */
  readonly attributes = new Set<string>();
  readonly interventions = new Set<number>();
  isEmpty(): boolean {
    return this.attributes.size === 0 && this.interventions.size === 0;
  }
}

/** Moves problems inside a skippable item to one warning per item; returns the rest. */
function skipUnknownValues(found: Found[], skip: Skips, warnings: Problem[], input: unknown): Found[] {
  const items = new Map<string, { path: Path; reason: Found }>();
  for (const f of found) {
    const item = itemOf(f.path);
    if (f.skippable && item !== null && !items.has(formatPath(item))) items.set(formatPath(item), { path: item, reason: f });
  }
  for (const [text, { path, reason }] of items) {
    if (path[0] === 'interventions') skip.interventions.add(path[1] as number);
    else skip.attributes.add(`${path[1] as number}:${path[3] as number}`);
    warnings.push({ code: 'skipped', path: text, message: `${describeItem(input, path)}: ${reason.message}` });
  }
  return found.filter((f) => {
    const item = itemOf(f.path);
    return item === null || !items.has(formatPath(item));
  });
}

/** The attribute or intervention a path is inside, or null. */
function itemOf(path: Path): Path | null {
  if (path[0] === 'interventions' && typeof path[1] === 'number') return path.slice(0, 2);
  if (path[0] === 'attribute_groups' && path[2] === 'attributes' && typeof path[1] === 'number' && typeof path[3] === 'number') {
    return path.slice(0, 4);
  }
  return null;
}

function describeItem(input: unknown, path: Path): string {
  const name = valueAt(input, [...path, 'name']);
  const shown = typeof name === 'string' ? ` "${name}"` : '';
  if (path[0] === 'interventions') return `intervention${shown} was skipped`;
  const group = valueAt(input, path.slice(0, 2).concat('name'));
  const of = typeof group === 'string' ? ` of group "${group}"` : '';
  return `attribute${shown}${of} was skipped (its value comes from the server only)`;
}

/** A copy of the input without the skipped attributes and interventions. */
function prune(input: unknown, skip: Skips): unknown {
  if (!isRecord(input)) return input;
  const copy: Record<string, unknown> = { ...input };
  if (Array.isArray(input.attribute_groups)) {
    copy.attribute_groups = input.attribute_groups.map((group: unknown, g) => {
      if (!isRecord(group) || !Array.isArray(group.attributes)) return group;
      return { ...group, attributes: group.attributes.filter((_a: unknown, a) => !skip.attributes.has(`${g}:${a}`)) };
    });
  }
  if (Array.isArray(input.interventions)) {
    copy.interventions = input.interventions.filter((_i: unknown, i) => !skip.interventions.has(i));
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Checks across objects, on the raw input (so they run even when some objects are malformed)

interface CrossContext {
  includeUnpublished: boolean;
  registry: boolean;
  skip: Skips;
  problems: Problem[];
  warnings: Problem[];
}

interface RawGroup {
  index: number;
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

function crossCheck(input: unknown, ctx: CrossContext): void {
  if (!isRecord(input)) return;
  const keys = rawList(input.attribute_keys);
  const keyNames = checkKeys(keys, ctx);
  const groups = rawList(input.attribute_groups).map((group, index) => readGroup(group, index, ctx, keyNames));
  checkDuplicates(ctx, 'attribute_groups', groups.map((g) => g && { name: g.name, version: g.version }), 'group');
  checkServices(rawList(input.services), groups, ctx);
  const interventions = rawList(input.interventions);
  checkDuplicates(ctx, 'interventions', interventions.map((i) => {
    const name = isRecord(i) ? i.name : undefined;
    return typeof name === 'string' && isRecord(i) ? { name, version: rawVersion(i.version) } : null;
  }), 'intervention');
  const knownKeys = new Set([...BUILT_IN_ATTRIBUTE_KEYS, ...keyNames]);
  for (const g of groups) if (g?.keyName != null) knownKeys.add(g.keyName);
  interventions.forEach((intervention, index) => {
    if (!isRecord(intervention) || ctx.skip.interventions.has(index)) return;
    if (!ctx.includeUnpublished && intervention.is_published !== true) return;
    checkIntervention(intervention, index, groups, knownKeys, ctx);
  });
}

/** Bundle keys: duplicates, name-only keys that are not built-ins. Returns the declared names. */
function checkKeys(keys: unknown[], ctx: CrossContext): Set<string> {
  const names = new Set<string>();
  checkDuplicates(ctx, 'attribute_keys', keys.map((k) => (isRecord(k) && typeof k.name === 'string' ? { name: k.name } : null)), 'attribute key');
  keys.forEach((key, index) => {
    if (!isRecord(key) || typeof key.name !== 'string') return;
    names.add(key.name);
    if (key.key == null && key.property == null && !BUILT_IN_ATTRIBUTE_KEYS.includes(key.name)) {
      ctx.problems.push({
        code: 'unresolved', path: `attribute_keys[${index}]`,
        message: `attribute key "${key.name}" has neither key nor property and is not a built-in key (${describeChoices(BUILT_IN_ATTRIBUTE_KEYS)})`,
      });
    }
  });
  return names;
}

function readGroup(group: unknown, index: number, ctx: CrossContext, keyNames: Set<string>): RawGroup | null {
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
    if (key.key == null && key.property == null && !BUILT_IN_ATTRIBUTE_KEYS.includes(key.name) && !keyNames.has(key.name)) {
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
      if (list === 'attributes' && ctx.skip.attributes.has(`${index}:${i}`)) skipped.add(item.name);
      else names.add(item.name);
    });
  };
  visit(attributes, 'attributes');
  visit(fields, 'fields');
  if (name === null) return null;
  const version = rawVersion(group.version);
  if (version === null) return null;
  return { index, name, version, published: group.is_published === true, names, skipped, keyName };
}

function checkDuplicates(
  ctx: CrossContext, list: string, items: ({ name: string; version?: number | null } | null)[], what: string,
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

function checkServices(services: unknown[], groups: (RawGroup | null)[], ctx: CrossContext): void {
  checkDuplicates(ctx, 'services', services.map((s) => (isRecord(s) && typeof s.name === 'string' ? { name: s.name } : null)), 'service');
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

function checkIntervention(
  intervention: Record<string, unknown>, index: number, groups: (RawGroup | null)[], knownKeys: Set<string>, ctx: CrossContext,
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

function rawList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function rawVersion(value: unknown): number | null {
  if (value == null) return 1;
  return Number.isInteger(value) ? (value as number) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Normalisation (input already checked)

function normalise(data: WireBundle, includeUnpublished: boolean, warnings: Problem[]): Definitions {
  const wireKeys = new Map<string, WireAttributeKey>();
  for (const key of data.attribute_keys ?? []) if (!wireKeys.has(key.name)) wireKeys.set(key.name, key);
  const keys = new Map<string, AttributeKeyDef>();
  for (const key of data.attribute_keys ?? []) if (!keys.has(key.name)) keys.set(key.name, toKey(key, wireKeys));

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

function toKey(wire: WireAttributeKey, wireKeys: Map<string, WireAttributeKey>): AttributeKeyDef {
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

function toGroup(group: WireAttributeGroup, wireKeys: Map<string, WireAttributeKey>): AttributeGroupDef {
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
function groupKind(group: WireAttributeGroup): GroupKind {
  if ((group.fields ?? []).length > 0) return 'external';
  if (group.offline === true || group.batch_source != null) return 'batch';
  return 'stream';
}

function toAttribute(attribute: WireAttribute, groupTtlMs: number | null): AttributeDef {
  const { aggregation } = attribute;
  const readsProperty = aggregation !== 'counter' && aggregation !== 'time_since_first' && aggregation !== 'time_since_last';
  const periodMs = attribute.period == null ? null : parseDuration(attribute.period);
  const ownTtl = attribute.ttl == null ? null : parseDuration(attribute.ttl);
  const criteria = attribute.criteria;
  return {
    name: attribute.name,
    description: attribute.description ?? null,
    type: attribute.type,
    aggregation,
    events: toEvents(attribute.events),
    property: readsProperty && attribute.property != null ? parseProperty(attribute.property) : null,
    criteria: { all: (criteria?.all ?? []).map(toCriterion), any: (criteria?.any ?? []).map(toCriterion) },
    periodMs,
    ttlMs: periodMs === null ? (ownTtl ?? groupTtlMs) : null,
    defaultValue: attribute.default_value ?? (aggregation === 'counter' ? 0 : null),
    timeUnit: attribute.time_unit ?? null,
  };
}

/** Absent, null, `[]` or any wildcard `{}` item → `[]` (every event, §14 item 2). */
function toEvents(events: WireAttribute['events']): EventRef[] {
  const list = events ?? [];
  const refs = list.map((e) => ({ vendor: e.vendor ?? null, name: e.name ?? null, version: e.version ?? null }));
  return refs.some((e) => e.vendor === null && e.name === null && e.version === null) ? [] : refs;
}

function toCriterion(criterion: WireCriterion): Criterion {
  return {
    property: parseProperty(criterion.property),
    operator: criterion.operator === '==' ? '=' : criterion.operator,
    value: criterion.value,
  };
}

function toService(service: WireService): ServiceDef {
  return {
    name: service.name,
    groups: (service.attribute_groups ?? []).map((ref) => ({ name: ref.name, version: ref.version ?? 1 })),
    published: service.is_published === true,
  };
}

function toIntervention(intervention: WireIntervention): InterventionDef {
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

function toNode(node: WireNode): InterventionNode {
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
