// toJsonValue against the real thing: whatever a page puts in an event, the copy is what
// JSON.parse(JSON.stringify(value)) gives, which is what the payload's text decodes to.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../../src/event/to-json-value.js';
import { FUZZ_SEED, fuzzCases } from '../fuzz/fuzz-budget.js';

const viaText = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

class Point {
  constructor(public x: number, public y?: number) {}
}

describe('toJsonValue', () => {
  it('gives what a stringify and parse round trip gives, for any value', () => {
    const leaf = fc.oneof(
      fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withDate: true }),
      fc.constantFrom(NaN, Infinity, -Infinity, -0, undefined, () => 1, Symbol('s'), new Date(0), new Point(1)),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(fc.property(value, (v) => {
      expect(toJsonValue(v)).toStrictEqual(viaText(v));
    }), { numRuns: fuzzCases(1000), seed: FUZZ_SEED });
  });

  it('calls toJSON with the key, keeps __proto__ as an own key, and drops what stringify drops', () => {
    const keyed = { toJSON: (key: string) => `key=${key}` };
    const input = JSON.parse('{"__proto__": {"a": 1}}') as Record<string, unknown>;
    Object.assign(input, {
      list: [keyed, undefined, () => 0, NaN], inner: { keyed }, when: new Date(Date.UTC(2026, 0, 2)),
      gone: undefined, boxed: [Object(1), Object('s'), Object(false)], point: new Point(2), zero: -0,
    });
    Object.defineProperty(input, 'hidden', { value: 1, enumerable: false });
    const copy = toJsonValue(input) as Record<string, unknown>;
    expect(copy).toStrictEqual(viaText(input));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)[0]).toBe('__proto__');
    expect(copy.list).toEqual(['key=0', null, null, null]);
    expect((copy.inner as Record<string, unknown>).keyed).toBe('key=keyed');
    expect(Object.is(copy.zero, 0)).toBe(true);
  });

  it('copies: changing the original afterwards does not change the copy', () => {
    const product = { id: 'p', tags: ['a'] };
    const copy = toJsonValue(product) as typeof product;
    product.id = 'q';
    product.tags.push('b');
    expect(copy).toEqual({ id: 'p', tags: ['a'] });
  });

  it('refuses cycles, over-deep nesting and BigInt (where stringify throws) instead of looping', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toJsonValue(cycle)).toThrow(RangeError);
    let deep: unknown = 1;
    for (let i = 0; i < 2000; i++) deep = [deep];
    expect(() => toJsonValue(deep)).toThrow(RangeError);
    expect(() => toJsonValue({ n: 1n })).toThrow(TypeError);
  });
});
