/**
 * Registry mode (docs/semantics.md#wire-format): an attribute or intervention with an unknown enum value
 * (a newer Signals feature) is reported once in the warnings and left out, while the rest loads.
 */
import type { Problem } from '../errors.js';

/** The paths (`attribute_groups[0].attributes[2]`, `interventions[1]`) of the items left out in registry mode. */
export type SkippedItems = Set<string>;

const ITEM = /^(?:interventions\[(\d+)\]|attribute_groups\[(\d+)\]\.attributes\[(\d+)\])/;

/**
 * Marks in `skip` each attribute or intervention that has a skippable problem (an unknown enum value,
 * or no criteria: a direct intervention), adds one `skipped` warning per item and returns the problems
 * outside those items. `input` is what the problems were found in, so each such item is an object there.
 */
export function skipUnknownValues(problems: Problem[], skip: SkippedItems, warnings: Problem[], input: any): Problem[] {
  for (const { code, path, message } of problems) {
    const item = ITEM.exec(path);
    if (!item || skip.has(item[0]) || (code !== 'enum' && !(code === 'required' && /^interventions\[\d+\]\.criteria$/.test(path)))) {
      continue;
    }
    skip.add(item[0]);
    const [, i, g, a] = item;
    const owner = i ? input.interventions[i] : input.attribute_groups[g as string].attributes[a as string];
    const name = typeof owner.name === 'string' ? ` "${owner.name}"` : '';
    const group = !i && input.attribute_groups[g as string].name;
    const of = typeof group === 'string' ? ` of group "${group}"` : '';
    warnings.push({
      code: 'skipped', path: item[0],
      message: i ? `intervention${name} was skipped: ${message}`
        : `attribute${name}${of} was skipped (its value comes from the server only): ${message}`,
    });
  }
  return problems.filter(({ path }) => !skip.has(ITEM.exec(path)?.[0] as string));
}
