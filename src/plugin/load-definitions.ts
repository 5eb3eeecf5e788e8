import { parseBundle } from '../definitions/parse-bundle.js';
import type { Definitions } from '../definitions/types.js';
import { DefinitionsError, SignalsEdgeError } from '../errors.js';
import type { StoreSnapshot } from '../store/attribute-store.js';

/** The plugin's `definitions`: a bundle object, or where to fetch one. */
export type DefinitionsSource = object | { url: string; timeoutMs?: number };

export interface LoadedDefinitions {
  definitions: Definitions;
  /** A bundle fetched now, to keep for offline reloads; null when inline or from the cache. */
  fetched: NonNullable<StoreSnapshot['definitions']> | null;
}

const DEFAULT_TIMEOUT_MS = 5000;

function isUrlSource(source: DefinitionsSource): source is { url: string; timeoutMs?: number } {
  return typeof (source as { url?: unknown }).url === 'string' && !('attribute_groups' in source);
}

/**
 * Resolves the plugin's definitions: inline, or fetched from `url` with a timeout, falling back to the
 * copy kept from an earlier fetch of the same URL (so an offline reload works). A bad bundle is
 * refused whole (DefinitionsError listing every problem).
 */
export async function loadDefinitions(
  source: DefinitionsSource, cached: StoreSnapshot['definitions'], includeUnpublished: boolean,
): Promise<LoadedDefinitions> {
  const parse = (bundle: unknown): Definitions => {
    // parseDefinitions without registry mode (never used here), so the script tag leaves that code out.
    const result = parseBundle(bundle, includeUnpublished);
    if (!result.ok) throw new DefinitionsError(result.problems);
    return result.definitions;
  };
  if (!isUrlSource(source)) return { definitions: parse(source), fetched: null };
  const { url } = source;
  let bundle: unknown;
  try {
    bundle = await fetchJson(url, source.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  } catch (error) {
    if (cached !== null && cached.url === url) return { definitions: parse(cached.bundle), fetched: null };
    throw new SignalsEdgeError(`definitions could not be fetched from ${url} and no copy is kept: ${(error as Error).message}`);
  }
  return { definitions: parse(bundle), fetched: { url, bundle, fetchedAt: Date.now() } };
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
