// One random structural mutation of a valid bundle: mostly one the validator must refuse
// (refusing-mutations.ts, with the place a problem must name), else the deletion of any key or item,
// or one of the shared fuzzer's mutations (mutate-value.ts: odd values, grafts, prototype-named keys,
// deep nesting, cycles), whose outcome is not known in advance.
import fc from 'fast-check';
import type { WireBundle } from '../../../../src/definitions/wire-types.js';
import { createRandom } from '../../../reference/random-stream.js';
import { collectStrings, copyValue, listNodes, mutateOnce, readAt, type Step } from '../mutate-value.js';
import { refusingMutations } from './refusing-mutations.js';

export interface BundleMutation {
  value: unknown;
  describe: string;
  /** For a mutation that must be refused: a problem's path must be this one or below it. */
  at: Step[] | null;
}

function deletion(bundle: WireBundle): fc.Arbitrary<BundleMutation> {
  const paths = listNodes(bundle).map((node) => node.path).filter((path) => path.length > 0);
  return fc.constantFrom(...paths).map((path) => {
    const copy = copyValue(bundle);
    const parent = readAt(copy, path.slice(0, -1)) as Record<string, unknown> | unknown[];
    const last = path[path.length - 1]!;
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
    return { value: copy, describe: `deleted ${path.join('.')}`, at: null };
  });
}

function sharedFuzzerMutation(bundle: WireBundle): fc.Arbitrary<BundleMutation> {
  const strings = collectStrings([bundle]);
  return fc.integer().map((seed) => {
    const { value, describe } = mutateOnce(bundle, createRandom(seed), [bundle], strings);
    return { value, describe: `${describe} (mutate-value seed ${seed})`, at: null };
  });
}

/** A mutated copy of `bundle`, what was done, and where a refusal must point when one is required. */
export function bundleMutation(bundle: WireBundle): fc.Arbitrary<BundleMutation> {
  const refusing = fc.constantFrom(...refusingMutations(bundle)).map(({ describe, at, apply }) => {
    const copy = copyValue(bundle);
    apply(copy);
    return { value: copy, describe, at };
  });
  return fc.oneof(
    { weight: 6, arbitrary: refusing },
    { weight: 1, arbitrary: deletion(bundle) },
    { weight: 1, arbitrary: sharedFuzzerMutation(bundle) },
  );
}
