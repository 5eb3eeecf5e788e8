// Chromium page script: the per-event engine measurement (bench/measure-engine.ts) on payloads
// generated in the page with the same seed as in Node.
import { generatePayloads } from '../generate-payloads.js';
import { measureEngine, type EngineMeasurement } from '../measure-engine.js';

export interface EnginePage {
  /** Measures `bundle` on `events` seeded payloads of `users` users. */
  measure(bundle: unknown, options: { seed: number; events: number; users: number }): EngineMeasurement;
  crossOriginIsolated: boolean;
}

const page: EnginePage = {
  measure: (bundle, options) => measureEngine(bundle, generatePayloads(options)),
  crossOriginIsolated: globalThis.crossOriginIsolated === true,
};
(globalThis as unknown as { enginePage: EnginePage }).enginePage = page;
