import type { IncomingMessage, ServerResponse } from 'node:http';
import { isVersioned, versionOf, type Collection } from './create-registry-store.js';
import { HttpError, createValidationError, type ValidationIssue } from './http-error.js';
import { parseJsonBody, readBody } from './read-body.js';
import { refreshLiveDefinitions } from './refresh-live-definitions.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';
import { validateRegistryBody } from './validate-registry-body.js';
import type { RegistryView } from './create-registry-view.js';

type Json = Record<string, unknown>;

/** The object a write names: a collection, and for PUT and DELETE the item's name (and version). */
export interface RegistryTarget {
  collection: Collection;
  name?: string;
  version?: number;
}

const VIEW_FIELDS: Record<Collection, keyof RegistryView> = {
  attribute_keys: 'attributeKeys',
  attribute_groups: 'attributeGroups',
  services: 'services',
  interventions: 'interventions',
};

/**
 * Registry writes as the Python SDK makes them (the bearer is checked by the caller):
 * `POST registry/{collection}/` creates (400 when that name, and version for groups and interventions,
 * exists: the SDK then retries with PUT), `PUT …/{name}[/versions/{v}]` replaces (404 unknown),
 * `DELETE` the same path removes (404 unknown). A body is checked with the project's definitions
 * validation against what is stored (422 with the problems by path). Every accepted write recomputes
 * the live definitions, so `is_published: true` takes effect at once. Answers are the object as the
 * GET returns it (for DELETE, as it was).
 */
export async function handleRegistryWrite(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, target: RegistryTarget): Promise<void> {
  const { collection, name } = target;
  const version = target.version ?? 1;
  const label = isVersioned(collection) ? `${collection} "${name}" version ${version}` : `${collection} "${name}"`;

  if (req.method === 'DELETE') {
    const stored = ctx.store.find(collection, name!, version);
    if (stored === undefined) throw new HttpError(404, `${label} not found`);
    const answer = viewOf(ctx, collection, name!, version);
    commit(ctx, () => ctx.store.remove(collection, name!, version));
    return sendJson(res, 200, answer);
  }

  const body = parseJsonBody(await readBody(req));
  if (req.method === 'PUT') {
    if (ctx.store.find(collection, name!, version) === undefined) throw new HttpError(404, `${label} not found`);
    checkIdentity(body, collection, name!, target.version);
  }
  const definitions = validateRegistryBody(collection, body, ctx.store, ['body']);
  const stored = body as Json;
  const storedName = String(stored['name']);
  if (req.method === 'POST' && ctx.store.find(collection, storedName, versionOf(stored)) !== undefined) {
    const what = isVersioned(collection) ? `${collection} "${storedName}" version ${versionOf(stored)}` : `${collection} "${storedName}"`;
    throw new HttpError(400, `${what} already exists`);
  }
  commit(ctx, () => {
    ctx.store.put(collection, stored);
    if (collection === 'attribute_keys' || collection === 'attribute_groups') ctx.store.rememberKeys(definitions.keys);
  });
  sendJson(res, 200, viewOf(ctx, collection, storedName, versionOf(stored)));
}

/**
 * Applies `change` to the store and recomputes the live definitions; when they no longer parse
 * the change is undone and answered 422 with their problems.
 */
export function commit(ctx: ServerContext, change: () => void): void {
  const snapshot = ctx.store.snapshot();
  change();
  const problems = refreshLiveDefinitions(ctx);
  if (problems === null) return;
  ctx.store.restore(snapshot);
  throw createValidationError(problems.map((p) => ({ loc: ['body'], msg: `the live definitions would not load: ${p.path || '(root)'}: ${p.message}`, type: p.code })));
}

/** The stored object as the registry's GET answers it. */
export function viewOf(ctx: ServerContext, collection: Collection, name: string, version: number): Json | undefined {
  return ctx.registry[VIEW_FIELDS[collection]].find((item) => item['name'] === name && (!isVersioned(collection) || item['version'] === version));
}

/** A PUT body names the object of its path (a missing version means the path's). */
function checkIdentity(body: unknown, collection: Collection, name: string, version: number | undefined): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const issues: ValidationIssue[] = [];
  const json = body as Json;
  if (json['name'] !== undefined && json['name'] !== name) {
    issues.push({ loc: ['body', 'name'], msg: `the path names "${name}"`, type: 'value_error' });
  }
  if (isVersioned(collection) && version !== undefined && json['version'] != null && json['version'] !== version) {
    issues.push({ loc: ['body', 'version'], msg: `the path names version ${version}`, type: 'value_error' });
  }
  if (issues.length > 0) throw createValidationError(issues);
  if (isVersioned(collection) && version !== undefined && json['version'] == null) json['version'] = version;
}
