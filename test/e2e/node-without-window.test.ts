// Issue 3 acceptance, Node: the npm entry (dist/index.js) imported in a plain Node process, with no
// window, document nor indexedDB. Every API function can be called and settles as documented; the plugin
// runs from memory on a minimal tracker; nothing throws and nothing is left unhandled.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./fixtures/node-api-check.mjs', import.meta.url));

interface Outcome {
  globals: Record<string, string>;
  calls: Record<string, { ok: boolean; value?: unknown; error?: string }>;
  warnings: string[];
  errors: string[];
}

function runNode(): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SCRIPT], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`node-api-check.mjs failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Outcome);
    });
  });
}

it('the npm entry works in Node without window: every API call settles, nothing throws', async () => {
  const outcome = await runNode();
  expect(outcome.globals).toEqual({ window: 'undefined', document: 'undefined', indexedDB: 'undefined' });
  const failed = Object.entries(outcome.calls).filter(([, call]) => !call.ok);
  expect(failed).toEqual([]);
  expect(outcome.errors).toEqual([]);
  const value = (name: string) => outcome.calls[name]?.value;

  expect(value('getAttributes()')).toEqual({});
  expect(value('onAttributesChange')).toBe('function');
  // With no tracker, whenReady rejects after its timeout with the documented error type.
  expect(value('whenReady (no tracker: documented timeout)')).toBe('rejected SignalsEdgeError');
  // The plugin on a minimal tracker: memory mode with one warning, interventions inside afterTrack.
  expect(value('afterTrack')).toEqual(['cart_abandonment', 'free_shipping']);
  expect(value('getAttributes (tracker)')).toEqual({ count_product_views: 0, count_add_to_cart: 2, total_cart_value: 110 });
  // intervention_receive + intervention_handle for each of the two interventions.
  expect(value('measurement events tracked')).toBe(4);
  expect(value('getAttributes (after clear)')).toEqual({ count_product_views: null, count_add_to_cart: null, total_cart_value: null });
  expect(outcome.warnings).toHaveLength(1);
  expect(outcome.warnings[0]).toMatch(/IndexedDB/);
});
