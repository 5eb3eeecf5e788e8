// Every answering API function hands its answer to the `callback` of its one object argument too (sp.js
// drops return values): once, with what the promise resolves to, or (undefined, error).
import type { BrowserTracker } from '@snowplow/browser-tracker-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { answer } from '../../../src/plugin/answer.js';
import {
  SignalsEdgePlugin, clearLocalState, explainInterventions, getAttributes, inspectAttributes, onAttributesChange, whenReady,
} from '../../../src/full.js';

const tutorial = JSON.parse(readFileSync(new URL('../../../examples/tutorial-definitions.json', import.meta.url), 'utf8')) as object;

/** A promise of the callback's arguments, and the callback. */
function callbackArgs<T>(): { callback: (value: T | undefined, error?: unknown) => void; called: Promise<unknown[]> } {
  let done!: (args: unknown[]) => void;
  const called = new Promise<unknown[]>((resolve) => { done = resolve; });
  return { callback: (...args) => done(args), called };
}

describe('answer', () => {
  it('calls the callback once with the value, or with (undefined, error), and returns the same promise', async () => {
    const ok = callbackArgs<number>();
    const result = Promise.resolve(7);
    expect(answer({ callback: ok.callback }, result)).toBe(result);
    expect(await ok.called).toEqual([7]);
    const failed = callbackArgs<number>();
    const error = new Error('no');
    const rejected = Promise.reject(error);
    void answer({ callback: failed.callback }, rejected).catch(() => undefined);
    expect(await failed.called).toEqual([undefined, error]);
  });

  it('a callback that throws is reported on the console, not thrown into the caller', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await answer({ callback: () => { throw new Error('page bug'); } }, Promise.resolve(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(spy).toHaveBeenCalledWith('signals-edge: a callback threw', expect.objectContaining({ message: 'page bug' }));
    spy.mockRestore();
  });

  it('whenReady with no tracker: (undefined, error) after the timeout', async () => {
    const { callback, called } = callbackArgs<void>();
    void whenReady({ timeoutMs: 20, callback }, ['nobody']).catch(() => undefined);
    const [value, error] = await called;
    expect(value).toBeUndefined();
    expect(String(error)).toBe('SignalsEdgeError: signals-edge was not ready within 20 ms');
  });
});

describe('answering API functions', () => {
  it('getAttributes, whenReady, clearLocalState, explainInterventions, inspectAttributes and onAttributesChange answer their callbacks', async () => {
    const plugin = SignalsEdgePlugin({ definitions: tutorial, storage: 'memory', trackMeasurementEvents: false });
    const tracker = { id: 'cb', namespace: 'cb', core: { track: () => undefined }, getDomainUserId: () => 'u', getDomainSessionId: () => 's', getUserId: () => null } as unknown as BrowserTracker;
    plugin.activateBrowserPlugin!(tracker);
    const ready = callbackArgs<void>();
    await whenReady({ timeoutMs: 2000, callback: ready.callback }, ['cb']);
    expect(await ready.called).toEqual([undefined]);

    const values = callbackArgs<Record<string, unknown>>();
    const returned = await getAttributes({ service: 'ecom_attributes', callback: values.callback }, ['cb']);
    expect(await values.called).toEqual([{ count_product_views: null, count_add_to_cart: null, total_cart_value: null }]);
    expect(returned).toEqual((await values.called)[0]);

    const explained = callbackArgs<unknown[]>();
    await explainInterventions({ callback: explained.callback }, ['cb']);
    expect(((await explained.called)[0] as { name: string }[]).map((e) => e.name)).toEqual(['cart_abandonment', 'discount', 'free_shipping']);
    const inspected = callbackArgs<unknown[]>();
    await inspectAttributes({ callback: inspected.callback }, ['cb']);
    expect((await inspected.called)[0]).toHaveLength(3);

    const cleared = callbackArgs<void>();
    await clearLocalState({ callback: cleared.callback }, ['cb']);
    expect(await cleared.called).toEqual([undefined]);

    const stop = callbackArgs<() => void>();
    const unsubscribe = onAttributesChange({ listener: () => undefined, callback: stop.callback as (u: () => void) => void }, ['cb']);
    expect(await stop.called).toEqual([unsubscribe]);
    unsubscribe();
    plugin.deactivatePlugin!({} as never);
  });
});
