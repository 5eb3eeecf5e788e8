// A browser tracker stand-in for driving the runtime in Node, as the event fuzzer does: empty ids from
// the tracker (the runtime then reads the last id each key had in an event), a logger that keeps the
// warnings.
import type { BrowserTracker } from '@snowplow/browser-tracker-core';

export interface FakeTracker {
  tracker: BrowserTracker;
  logger: { warn: (message: string) => void; info: () => void; debug: () => void; error: () => void; setLogLevel: () => void };
  warnings: string[];
}

let count = 0;

/** A tracker with a namespace of its own (tabs of one namespace would share events). */
export function fakeTracker(): FakeTracker {
  const warnings: string[] = [];
  const tracker = {
    id: 'sp', namespace: `property-${process.pid}-${++count}`, core: { track: () => undefined },
    getDomainUserId: () => '', getDomainSessionId: () => '', getUserId: () => null,
  } as unknown as BrowserTracker;
  const logger = {
    warn: (message: string) => void warnings.push(message), info: () => undefined, debug: () => undefined, error: () => undefined,
    setLogLevel: () => undefined,
  };
  return { tracker, logger, warnings };
}
