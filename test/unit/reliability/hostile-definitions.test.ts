// Definitions no JSON file can hold but an inline JavaScript bundle can (issue 7, design decision 1):
// objects without a prototype, cycles, very deep nesting, huge lists, symbols and bigints. Each is
// either loaded or refused with problems naming their paths; parseDefinitions never throws.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../../src/definitions/parse-definitions.js';

type Bundle = {
  attribute_groups: { attributes: Record<string, unknown>[] }[];
  interventions: { criteria: Record<string, unknown> }[];
};
const tutorial = (): Bundle => JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as Bundle;

/** Runs parseDefinitions, turning a throw into a failure message. */
function parse(bundle: unknown): ReturnType<typeof parseDefinitions> | string {
  try {
    return parseDefinitions(bundle);
  } catch (error) {
    return `threw ${String(error)}`;
  }
}

describe('hostile inline definitions', () => {
  // Regression (found by test/unit/fuzz/definitions-fuzz.test.ts, seed 1): an object without a
  // prototype as an intervention operator made the cross-check's `node.operator == 'changed'` throw
  // "TypeError: Cannot convert object to primitive value".
  it('an operator that is an object without a prototype is a problem at its path, not a TypeError', () => {
    const bundle = tutorial();
    bundle.interventions[0]!.criteria.operator = Object.create(null);
    const result = parse(bundle);
    expect(result).toMatchObject({ ok: false, problems: [expect.objectContaining({ path: 'interventions[0].criteria.operator', code: 'enum' })] });
  });

  it('other values without a prototype, as a value, a criteria tree or a whole group, load or are refused by path', () => {
    const asValue = tutorial();
    asValue.interventions[0]!.criteria.value = Object.create(null);
    expect(parse(asValue)).toMatchObject({ ok: false, problems: [expect.objectContaining({ path: 'interventions[0].criteria.value' })] });
    const asTree = tutorial();
    asTree.interventions[0]!.criteria = Object.assign(Object.create(null) as object, asTree.interventions[0]!.criteria);
    asTree.attribute_groups[0] = Object.assign(Object.create(null) as object, asTree.attribute_groups[0]);
    expect(parse(asTree)).toMatchObject({ ok: true });
  });

  it('a cyclic criteria tree is refused as too deep; cycles elsewhere are refused or ignored', () => {
    const cyclic = tutorial();
    const node: Record<string, unknown> = { all: [] };
    (node.all as unknown[]).push(node);
    cyclic.interventions[0]!.criteria = node;
    expect(parse(cyclic)).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'too_deep' })] });
    const value = tutorial();
    const list: unknown[] = [];
    list.push(list);
    value.attribute_groups[0]!.attributes[0]!.default_value = list;
    expect(parse(value)).toMatchObject({ ok: false, problems: [expect.objectContaining({ path: 'attribute_groups[0].attributes[0].default_value[0]' })] });
    // An unknown field holding a cycle is a warning; its value is not read.
    const ignored = tutorial();
    (ignored.attribute_groups[0] as Record<string, unknown>).extra = ignored;
    expect(parse(ignored)).toMatchObject({ ok: true, warnings: [expect.objectContaining({ code: 'unknown_field', path: 'attribute_groups[0].extra' })] });
  });

  it('criteria nested 100,000 levels deep are refused without a stack overflow', () => {
    const bundle = tutorial();
    let node: Record<string, unknown> = bundle.interventions[0]!.criteria;
    for (let i = 0; i < 100_000; i++) node = { any: [node] };
    bundle.interventions[0]!.criteria = node;
    const result = parse(bundle);
    expect(typeof result).not.toBe('string');
    expect(result).toMatchObject({ ok: false, problems: [expect.objectContaining({ code: 'too_deep' })] });
  });

  it('symbols, bigints and functions are refused naming the field', () => {
    for (const odd of [Symbol('s'), 10n, () => 'counter']) {
      const bundle = tutorial();
      bundle.attribute_groups[0]!.attributes[0]!.aggregation = odd;
      const result = parse(bundle);
      expect(result, String(odd.toString())).toMatchObject({ ok: false, problems: [expect.objectContaining({ path: 'attribute_groups[0].attributes[0].aggregation' })] });
    }
  });

  it('100,000 attributes are checked in bounded time, every duplicate named', () => {
    const bundle = tutorial();
    const [first] = bundle.attribute_groups[0]!.attributes;
    bundle.attribute_groups[0]!.attributes = Array.from({ length: 100_000 }, () => first!);
    const started = performance.now();
    const result = parse(bundle);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({ ok: false });
    if (typeof result !== 'string' && !result.ok) expect(result.problems.length).toBeGreaterThanOrEqual(99_999);
  });
});
