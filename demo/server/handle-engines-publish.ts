import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../../src/is-record.js';
import { isVersioned, type Collection } from './create-registry-store.js';
import { commit } from './handle-registry-write.js';
import { HttpError, createValidationError, type ValidationIssue } from './http-error.js';
import { parseJsonBody, readBody } from './read-body.js';
import { requireAuth } from './require-auth.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';

type Json = Record<string, unknown>;

interface Reference {
  collection: Collection;
  name: string;
  version: number;
}

/**
 * `POST /api/v1/engines/publish` and `…/unpublish` with the bearer, the Python SDK's
 * `SelectivePublishRequest` / `UnpublishRequest`: `{attribute_keys?: [{name}], attribute_groups?: [{name, version}],
 * services?: [{name}], interventions?: [{name, version}]}`. Sets `is_published` on each stored object named
 * (404 for an unknown one, nothing changed then) and recomputes the live definitions. Answers
 * `{"status":"published"}` (`"unpublished"`), or `{"status":"nothing to publish"}` (`"nothing to unpublish"`)
 * when every object named was so already.
 */
export async function handleEnginesPublish(req: IncomingMessage, res: ServerResponse, ctx: ServerContext, publish: boolean): Promise<void> {
  requireAuth(req, ctx);
  const refs = readReferences(parseJsonBody(await readBody(req)));
  const changes: [Collection, Json][] = [];
  for (const ref of refs) {
    const stored = ctx.store.find(ref.collection, ref.name, ref.version);
    if (stored === undefined) {
      throw new HttpError(404, `${ref.collection} "${ref.name}"${isVersioned(ref.collection) ? ` version ${ref.version}` : ''} not found`);
    }
    if ((stored['is_published'] === true) !== publish) changes.push([ref.collection, { ...stored, is_published: publish }]);
  }
  const verb = publish ? 'published' : 'unpublished';
  if (changes.length === 0) return sendJson(res, 200, { status: `nothing to ${verb.replace(/ed$/, '')}` });
  commit(ctx, () => {
    for (const [collection, body] of changes) ctx.store.put(collection, body);
  });
  sendJson(res, 200, { status: verb });
}

function readReferences(body: unknown): Reference[] {
  if (!isRecord(body)) throw createValidationError([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const issues: ValidationIssue[] = [];
  const refs: Reference[] = [];
  for (const collection of ['attribute_keys', 'attribute_groups', 'services', 'interventions'] as const) {
    const list = body[collection];
    if (list == null) continue;
    if (!Array.isArray(list)) {
      issues.push({ loc: ['body', collection], msg: 'Input should be a valid list', type: 'list_type' });
      continue;
    }
    list.forEach((item, i) => {
      const loc = ['body', collection, i];
      if (!isRecord(item) || typeof item['name'] !== 'string') {
        issues.push({ loc: [...loc, 'name'], msg: 'Field required', type: 'missing' });
        return;
      }
      const version = item['version'];
      if (isVersioned(collection) && !Number.isInteger(version)) {
        issues.push({ loc: [...loc, 'version'], msg: version === undefined ? 'Field required' : 'Input should be a valid integer', type: version === undefined ? 'missing' : 'int_type' });
        return;
      }
      refs.push({ collection, name: item['name'], version: isVersioned(collection) ? (version as number) : 1 });
    });
  }
  if (issues.length > 0) throw createValidationError(issues);
  return refs;
}
