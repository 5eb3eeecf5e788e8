import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Collection } from './create-registry-store.js';
import { handleRegistryWrite } from './handle-registry-write.js';
import { HttpError } from './http-error.js';
import { requireAuth } from './require-auth.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';

export const REGISTRY_PREFIX = '/api/v1/registry/';

type Json = Record<string, unknown>;

/** Collections that are versioned (`/{name}` = latest, `/{name}/versions/{v}`). */
const VERSIONED = { attribute_groups: 'attributeGroups', interventions: 'interventions' } as const;
const UNVERSIONED = { services: 'services', attribute_keys: 'attributeKeys' } as const;

/**
 * The registry with the bearer (signals-model.md §12.3). Reads: `GET registry/attribute_groups/`,
 * `…/{name}` (latest version), `…/{name}/versions/{v}`; the same for `interventions`;
 * `registry/services/`, `…/{name}`; `registry/attribute_keys/`, `…/{name}`. Writes (see
 * {@link handleRegistryWrite}): `POST` on a collection, `PUT` and `DELETE` on `…/{name}/versions/{v}`
 * (groups, interventions) or `…/{name}` (services, keys). A trailing `/` is optional. Unknown names → 404,
 * other methods → 405; query flags (`applied`, `offline`, `property_syntax`) are ignored.
 */
export function handleRegistry(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): void | Promise<void> {
  requireAuth(req, ctx);
  const parts = url.pathname.slice(REGISTRY_PREFIX.length).split('/').filter((s) => s !== '').map(decodeSegment);
  const [collection, name, versions, version, ...rest] = parts;
  if (collection === undefined || rest.length > 0) throw new HttpError(404, 'Not Found');
  const method = req.method ?? 'GET';
  if (method !== 'GET') return routeWrite(req, res, ctx, parts);

  if (Object.hasOwn(VERSIONED, collection)) {
    const items = ctx.registry[VERSIONED[collection as keyof typeof VERSIONED]];
    if (name === undefined) return sendJson(res, 200, items);
    const named = items.filter((item) => item['name'] === name);
    if (named.length === 0) throw new HttpError(404, `${collection} "${name}" not found`);
    if (versions === undefined) return sendJson(res, 200, latestOf(named));
    if (versions !== 'versions' || version === undefined) throw new HttpError(404, 'Not Found');
    if (!/^\d+$/.test(version)) {
      throw new HttpError(422, [{ loc: ['path', 'version'], msg: 'Input should be a valid integer', type: 'int_parsing' }]);
    }
    const item = named.find((i) => i['version'] === Number(version));
    if (item === undefined) throw new HttpError(404, `${collection} "${name}" version ${version} not found`);
    return sendJson(res, 200, item);
  }

  if (Object.hasOwn(UNVERSIONED, collection) && versions === undefined) {
    const items = ctx.registry[UNVERSIONED[collection as keyof typeof UNVERSIONED]];
    if (name === undefined) return sendJson(res, 200, items);
    const item = items.find((i) => i['name'] === name);
    if (item === undefined) throw new HttpError(404, `${collection} "${name}" not found`);
    return sendJson(res, 200, item);
  }
  throw new HttpError(404, 'Not Found');
}

/** Checks the path and method of a write, then hands it over. */
function routeWrite(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, parts: string[]): Promise<void> {
  const [collection, name, versions, version] = parts as [string, ...(string | undefined)[]];
  const versioned = Object.hasOwn(VERSIONED, collection);
  if (!versioned && !Object.hasOwn(UNVERSIONED, collection)) throw new HttpError(404, 'Not Found');
  const method = req.method ?? 'GET';
  if (name === undefined) {
    if (method !== 'POST') throw methodNotAllowed(['GET', 'POST']);
    return handleRegistryWrite(req, res, ctx, { collection: collection as Collection });
  }
  const item = versioned ? versions === 'versions' && version !== undefined : versions === undefined;
  if (!item) {
    if (versioned && versions === undefined) throw methodNotAllowed(['GET']);
    throw new HttpError(404, 'Not Found');
  }
  if (method !== 'PUT' && method !== 'DELETE') throw methodNotAllowed(['GET', 'PUT', 'DELETE']);
  if (!versioned) return handleRegistryWrite(req, res, ctx, { collection: collection as Collection, name });
  if (!/^\d+$/.test(version!)) {
    throw new HttpError(422, [{ loc: ['path', 'version'], msg: 'Input should be a valid integer', type: 'int_parsing' }]);
  }
  return handleRegistryWrite(req, res, ctx, { collection: collection as Collection, name, version: Number(version) });
}

function methodNotAllowed(methods: readonly string[]): HttpError {
  return new HttpError(405, 'Method Not Allowed', { Allow: [...methods, 'OPTIONS'].join(', ') });
}

function latestOf(items: Json[]): Json {
  return items.reduce((best, item) => (Number(item['version']) > Number(best['version']) ? item : best));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad path segment "${segment}"`);
  }
}
