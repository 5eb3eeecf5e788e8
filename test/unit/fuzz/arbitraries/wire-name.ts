// Names the definitions accept (`^\w{1,128}$`): ordinary ones, the longest, and names of
// Object.prototype's properties (plain data in the definitions, never lookups).
import fc from 'fast-check';

export const wireName: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^\w{1,128}$/) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'x'.repeat(128), '_', '0') },
);
