import { describe, expect, it } from 'vitest';
import { setOwn } from '../../src/set-own.js';

describe('setOwn', () => {
  it('sets plain keys and `__proto__` as own enumerable data properties, never the prototype', () => {
    const out: Record<string, unknown> = {};
    setOwn(out, 'a', 1);
    setOwn(out, '__proto__', { polluted: true });
    setOwn(out, 'constructor', 'c');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['a', '__proto__', 'constructor']);
    expect(JSON.stringify(out)).toBe('{"a":1,"__proto__":{"polluted":true},"constructor":"c"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
