// An optional value that is usually left out (fc.option leaves it out only now and then).
import fc from 'fast-check';

/** `arbitrary` one time in `1 + absentWeight`, else undefined. */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, absentWeight = 3): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absentWeight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}
