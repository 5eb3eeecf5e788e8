import type { ParseDefinitionsResult } from '../definitions/parse-bundle.js';
import type { Definitions } from '../definitions/types.js';
import { DefinitionsError, SignalsEdgeError, type Problem } from '../errors.js';
import { readPlan } from '../plan/read-plan.js';
import type { StoreSnapshot } from '../store/attribute-store.js';

/** The plugin's `plan` or `definitions`: the document itself, or where to fetch it. */
export type DefinitionsSource = object | { url: string; timeoutMs?: number };

/** The plugin options that say where the definitions come from. */
export interface DefinitionsOptions {
  /** A plan written by `signals-edge compile`, or `{ url }`. */
  plan?: DefinitionsSource;
  /** A raw definitions bundle, or `{ url }`: validated and normalised on the page. */
  definitions?: DefinitionsSource;
  /** With `definitions`: also load unpublished items. A plan holds what was compiled into it. */
  includeUnpublished?: boolean;
}

/** Reads a raw bundle (`parseBundle` of the opt-in raw-definitions part); the core has none. */
export type ReadBundle = (bundle: unknown, includeUnpublished: boolean) => ParseDefinitionsResult;

export interface LoadedDefinitions {
  definitions: Definitions;
  /** Warnings of a raw bundle (unknown fields, items left out); none for a plan. */
  warnings: Problem[];
  /** A document fetched now, to keep for offline reloads; null when inline or from the cache. */
  fetched: NonNullable<StoreSnapshot['definitions']> | null;
}

const DEFAULT_TIMEOUT_MS = 5000;

function isUrlSource(source: DefinitionsSource): source is { url: string; timeoutMs?: number } {
  return typeof (source as { url?: unknown }).url === 'string' && !('attribute_groups' in source) && !('format' in source);
}

/**
 * Resolves the plugin's definitions: a plan (only its version and structure are checked) or a raw
 * bundle (validated and normalised by `readBundle`, the opt-in raw-definitions part), inline or fetched
 * from `url` with a timeout, falling back to the copy kept from an earlier fetch of the same URL (so an
 * offline reload works). A bad document is
 * refused whole (PlanError, or DefinitionsError listing every problem).
 */
export async function loadDefinitions(
  options: DefinitionsOptions, cached: StoreSnapshot['definitions'], readBundle: ReadBundle | null,
): Promise<LoadedDefinitions> {
  const { plan, definitions } = options;
  if ((plan === undefined) === (definitions === undefined)) {
    throw new SignalsEdgeError(plan === undefined
      ? 'no definitions: give `plan` (the output of signals-edge compile, or { url }) or `definitions` (a bundle, or { url })'
      : 'give either `plan` or `definitions`, not both');
  }
  if (plan === undefined && readBundle === null) {
    throw new SignalsEdgeError('raw `definitions` need the raw-definitions part: import { SignalsEdgePlugin } from '
      + "'signals-edge/definitions' (or load dist/signals-edge.full.iife.js), or compile them with signals-edge compile and give `plan`");
  }
  const source = (plan ?? definitions) as DefinitionsSource;
  const read = (document: unknown): Omit<LoadedDefinitions, 'fetched'> => {
    if (plan !== undefined) return { definitions: readPlan(document), warnings: [] };
    const result = (readBundle as ReadBundle)(document, options.includeUnpublished ?? false);
    if (!result.ok) throw new DefinitionsError(result.problems);
    return result;
  };
  if (!isUrlSource(source)) return { ...read(source), fetched: null };
  const { url } = source;
  let document: unknown;
  try {
    document = await fetchJson(url, source.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    if (cached !== null && cached.url === url) return { ...read(cached.bundle), fetched: null };
    throw new SignalsEdgeError(`${plan === undefined ? 'definitions' : 'the plan'} could not be fetched from ${url} and no copy is kept: ${(error as Error).message}`);
  }
  return { ...read(document), fetched: { url, bundle: document, fetchedAt: Date.now() } };
}

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  const controller = typeof AbortController === 'undefined' ? null : new AbortController();
  const timer = setTimeout(() => controller?.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller?.signal ?? null, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}
