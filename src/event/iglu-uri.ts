import type { SelfDescribing } from './atomic-event.js';

/** The parts of an Iglu URI `iglu:<vendor>/<name>/<format>/<model>-<revision>-<addition>`. */
export interface IgluParts {
  readonly vendor: string;
  readonly name: string;
  readonly format: string;
  /** Full SchemaVer, e.g. `1-0-2`. */
  readonly version: string;
  readonly major: number;
}

const IGLU_URI = /^iglu:([a-zA-Z0-9_.-]+)\/([a-zA-Z0-9_-]+)\/([a-zA-Z0-9_-]+)\/(([0-9]+)-[0-9]+-[0-9]+)$/;
const CACHE_LIMIT = 512;
const cache = new Map<string, IgluParts>();
/**
 * The last URIs looked up, compared with `===` before the map: URIs come fresh out of JSON.parse on
 * every event, and hashing one for the map costs ~5× a few string compares.
 */
const RECENT = 16;
const recentUris: string[] = [];
const recentParts: IgluParts[] = [];
let nextRecent = 0;

/** Splits an Iglu URI into vendor, name, format, version and major; null when it is not one. Results are cached and frozen. */
export function parseIgluUri(uri: string): IgluParts | null {
  for (let i = 0; i < recentUris.length; i++) {
    if (recentUris[i] === uri) return recentParts[i]!;
  }
  let parts = cache.get(uri);
  if (parts === undefined) {
    const m = IGLU_URI.exec(uri);
    if (m === null) return null;
    parts = Object.freeze({
      vendor: m[1]!,
      name: m[2]!,
      format: m[3]!,
      version: m[4]!,
      major: Number(m[5]),
    });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(uri, parts);
  }
  recentUris[nextRecent] = uri;
  recentParts[nextRecent] = parts;
  nextRecent = (nextRecent + 1) % RECENT;
  return parts;
}

/** Builds a {@link SelfDescribing} from an Iglu URI and its data; null when `schema` is not an Iglu URI. */
export function toSelfDescribing(schema: string, data: unknown): SelfDescribing | null {
  const p = parseIgluUri(schema);
  if (p === null) return null;
  return { schema, vendor: p.vendor, name: p.name, format: p.format, version: p.version, major: p.major, data };
}
