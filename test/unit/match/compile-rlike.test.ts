import { describe, expect, it } from 'vitest';
import { compileRlike, MAX_RLIKE_PATTERN_LENGTH } from '../../../src/match/compile-rlike.js';
import { SignalsEdgeError } from '../../../src/errors.js';

describe('compileRlike', () => {
  it.each([
    ['^/products/.*', '/products/42', true],
    ['products', '/all/products/x', true],
    ['^products$', '/products', false],
    ['^https?://(www\\.)?example\\.com', 'https://www.example.com/a', true],
    ['(foo|bar)+baz', 'foobarfoobaz', true],
    ['(?:ab)+c', 'ababc', true],
    ['^[a-z]+\\d{2,3}$', 'abc123', true],
    ['(\\.|,)+', 'a.,b', true],
    ['\\p{Lu}', 'É', true],
    ['x{', 'x{', true],
    ['(a)?b', 'b', true],
    ['ABC', 'abc', false],
  ])('%s tested on %j is %s (unanchored, case-sensitive)', (pattern, input, expected) => {
    expect(compileRlike(pattern).test(input)).toBe(expected);
  });

  it('has no flags beyond u', () => {
    expect(compileRlike('a.b').flags).toBe('');
    expect(compileRlike('\\p{L}').flags).toBe('u');
  });

  it.each([
    '(a+)+',
    '(a*)*',
    '^(a+)+$',
    '(a|aa)+',
    '(a|a)*',
    '(.*a){20}',
    '(a?){25}a{25}',
    '((ab)*c)+',
    '((a|ab)c)*',
    '(\\w+\\s?)*$',
    '([a-z]+)*@',
    '(x+x+)+y',
    '(.|\\s)*',
    '([ab]|c)+',
    '(|a)+',
    '(a{1,3})+',
    '(?:a+){2,}',
    '(?<n>a+)+',
  ])('rejects %s as prone to catastrophic backtracking', (pattern) => {
    expect(() => compileRlike(pattern)).toThrow(SignalsEdgeError);
    expect(() => compileRlike(pattern)).toThrow(/catastrophic backtracking/);
  });

  it.each(['(a)\\1', '(?<x>a)\\k<x>'])('rejects the backreference in %s', (pattern) => {
    expect(() => compileRlike(pattern)).toThrow(/backreferences/);
  });

  it.each(['(abc', '[a-', '*a', 'a{2,1}', '\\p{Nope}'])('rejects %s, which does not compile', (pattern) => {
    expect(() => compileRlike(pattern)).toThrow(SignalsEdgeError);
    expect(() => compileRlike(pattern)).toThrow(/does not compile/);
  });

  it('rejects overly long patterns', () => {
    expect(() => compileRlike('a'.repeat(MAX_RLIKE_PATTERN_LENGTH + 1))).toThrow(/longer than/);
  });

  it('ignores parentheses inside classes and escapes', () => {
    expect(compileRlike('[(]+\\)').test('((()')).toBe(true);
    expect(compileRlike('(x[)]|y)+').test('x)')).toBe(true);
    expect(compileRlike('(\\(|x)+').test('(')).toBe(true);
  });

  it('accepted patterns run fast on adversarial input', () => {
    const input = `${'a'.repeat(5000)}!`;
    const start = performance.now();
    for (const pattern of ['^(a|b)+$', '^a+$', '(ab|ba)*c', '^[a-z]*\\d$']) compileRlike(pattern).test(input);
    expect(performance.now() - start).toBeLessThan(100);
  });
});
