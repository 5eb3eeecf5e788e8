/**
 * Registry mode (signals-model.md §14 item 1): an attribute or intervention with an unknown enum value
 * (a newer Signals feature) is reported once in the warnings and left out, while the rest loads.
 */
import type { Problem } from '../errors.js';
import { type FoundProblem, formatPath, type JsonPath, valueAt } from './collect-problems.js';
import { isRecord } from '../is-record.js';

/** The attributes and interventions left out in registry mode, by their indexes in the input. */
export class SkippedItems {
  /** `groupIndex:attributeIndex` */
  private readonly attributes = new Set<string>();
  readonly interventions = new Set<number>();

  addAttribute(group: number, attribute: number): void {
    this.attributes.add(`${group}:${attribute}`);
  }

  hasAttribute(group: number, attribute: number): boolean {
    return this.attributes.has(`${group}:${attribute}`);
  }

  isEmpty(): boolean {
    return this.attributes.size === 0 && this.interventions.size === 0;
  }
}

/**
 * Marks in `skip` each attribute or intervention that has a skippable problem, adds one `skipped`
 * warning per item and returns the problems outside those items.
 */
export function skipUnknownValues(
  found: FoundProblem[], skip: SkippedItems, warnings: Problem[], input: unknown,
): FoundProblem[] {
  const items = new Map<string, { path: JsonPath; reason: FoundProblem }>();
  for (const f of found) {
    const item = itemOf(f.path);
    if (!f.skippable || item === null) continue;
    const text = formatPath(item);
    if (!items.has(text)) items.set(text, { path: item, reason: f });
  }
  for (const [text, { path, reason }] of items) {
    if (path[0] === 'interventions') skip.interventions.add(path[1] as number);
    else skip.addAttribute(path[1] as number, path[3] as number);
    warnings.push({ code: 'skipped', path: text, message: `${describeItem(input, path)}: ${reason.message}` });
  }
  return found.filter((f) => {
    const item = itemOf(f.path);
    return item === null || !items.has(formatPath(item));
  });
}

/** Copies the input without the skipped attributes and interventions. */
export function pruneSkipped(input: unknown, skip: SkippedItems): unknown {
  if (!isRecord(input)) return input;
  const copy: Record<string, unknown> = { ...input };
  if (Array.isArray(input.attribute_groups)) {
    copy.attribute_groups = input.attribute_groups.map((group: unknown, g) => {
      if (!isRecord(group) || !Array.isArray(group.attributes)) return group;
      return { ...group, attributes: group.attributes.filter((_a: unknown, a) => !skip.hasAttribute(g, a)) };
    });
  }
  if (Array.isArray(input.interventions)) {
    copy.interventions = input.interventions.filter((_i: unknown, i) => !skip.interventions.has(i));
  }
  return copy;
}

/** The attribute or intervention a path is inside, or null. */
function itemOf(path: JsonPath): JsonPath | null {
  if (path[0] === 'interventions' && typeof path[1] === 'number') return path.slice(0, 2);
  if (path[0] === 'attribute_groups' && path[2] === 'attributes' && typeof path[1] === 'number' && typeof path[3] === 'number') {
    return path.slice(0, 4);
  }
  return null;
}

function describeItem(input: unknown, path: JsonPath): string {
  const name = valueAt(input, [...path, 'name']);
  const shown = typeof name === 'string' ? ` "${name}"` : '';
  if (path[0] === 'interventions') return `intervention${shown} was skipped`;
  const group = valueAt(input, [...path.slice(0, 2), 'name']);
  const of = typeof group === 'string' ? ` of group "${group}"` : '';
  return `attribute${shown}${of} was skipped (its value comes from the server only)`;
}
