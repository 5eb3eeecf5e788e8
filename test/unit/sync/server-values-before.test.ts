import { describe, expect, it } from 'vitest';
import { compileProgram } from '../../../src/pipeline/compile-program.js';
import { readFileSync } from 'node:fs';
import { loadDefinitions } from '../../../src/definitions/parse-definitions.js';
import { additiveAttributes } from '../../../src/sync/acknowledge-pending.js';
import { serverValuesBefore } from '../../../src/sync/server-values-before.js';
import type { PendingEvent } from '../../../src/state/state-types.js';

const program = compileProgram(loadDefinitions(JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8'))));
const additive = additiveAttributes(program.plan.groups);
const ADDS = 'ecom_attributes_v1:count_add_to_cart';
const TOTAL = 'ecom_attributes_v1:total_cart_value';
/** Not a counter nor a sum: what an event added to it cannot be taken back. */
const LAST = 'other_v1:last_product';
const add = (e: string, price: number): PendingEvent => ({ e, t: 0, q: 0, s: 0, c: { [ADDS]: 'x', [TOTAL]: price } });
const server = { values: { [ADDS]: 5, [TOTAL]: 150 }, fetchedAt: 0 };

describe('serverValuesBefore', () => {
  it('is the answer itself while the event is still pending there', () => {
    const pending = [add('e1', 10), add('e2', 20)];
    expect(serverValuesBefore('e2', server, pending, pending.slice(1), additive, [ADDS, TOTAL])).toEqual(server.values);
  });

  it('takes back what the event and the later processed events added to counters and sums', () => {
    const pending = [add('e1', 10), add('e2', 20), add('e3', 30)];
    // e1 and e2 processed, e3 still pending: before e1 the server had 5 - 2 adds and 150 - 30.
    expect(serverValuesBefore('e1', server, pending, pending.slice(2), additive, [ADDS, TOTAL])).toEqual({ [ADDS]: 3, [TOTAL]: 120 });
    expect(serverValuesBefore('e2', server, pending, pending.slice(2), additive, [ADDS, TOTAL])).toEqual({ [ADDS]: 4, [TOTAL]: 130 });
  });

  it('is null when an attribute cannot be taken back, or the event was not journaled here', () => {
    const pending = [{ ...add('e1', 10), c: { [ADDS]: 'x', [LAST]: 'p1' } }];
    expect(serverValuesBefore('e1', { values: { ...server.values, [LAST]: 'p1' }, fetchedAt: 0 }, pending, [], additive, [ADDS, LAST])).toBeNull();
    expect(serverValuesBefore('e9', server, pending, [], additive, [ADDS])).toBeNull();
  });
});
