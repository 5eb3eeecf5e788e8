// `rlike` patterns the definitions accept: sequences of literal characters, classes and `.` with
// quantifiers on single atoms, alternations of words with distinct first letters (repeated or not),
// optional anchors. None has a backreference or a repeated group holding a quantifier.
import fc from 'fast-check';

const atom = fc.oneof(
  fc.constantFrom('a', 'b', 'x', '_', '/', '-', '0'),
  fc.constantFrom('.', '\\d', '\\w', '\\s', '[a-c]', '[^/]', '\\.', '\\/', '\\?'),
);
const quantified = fc.tuple(atom, fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}')).map(([a, q]) => `${a}${q}`);
const words = fc.constantFrom('(add|remove)', '(foo|bar)+', '(shoe|hat|bag)?', '(?:cart|checkout)', '(a|b)*');

export const rlikePattern: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '^'), fc.array(fc.oneof({ weight: 4, arbitrary: quantified }, { weight: 1, arbitrary: words }), { minLength: 1, maxLength: 6 }), fc.constantFrom('', '$'))
  .map(([start, body, end]) => `${start}${body.join('')}${end}`);
