import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../../src/is-record.js';
import { randomUuid } from '../../src/random-uuid.js';
import { createValidationError, type ValidationIssue } from './http-error.js';
import type { InterventionInstance, Target } from './intervention-hub.js';
import { parseJsonBody, readBody } from './read-body.js';
import { readTargets } from './read-targets.js';
import { requireAuth } from './require-auth.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';
import { toAttributeTexts } from '../../src/rules/attribute-text.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NAME = /^[A-Za-z0-9_]{1,128}$/;

/**
 * Direct push `POST /api/v1/interventions?<key>=<id>[&…]` with the bearer (signals-model.md §12.5,
 * §14 item 7): the body is an InterventionInstance (`{name, version}` at least); it is delivered to
 * the subscribers of the named targets → `{"status":"success"}`, or `{"status":"undelivered"}` when
 * nobody listens. A missing `intervention_id` is generated; a missing `target_attribute_key` is the
 * target the subscriber is reached through.
 */
export async function handleInterventionPush(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ServerContext): Promise<void> {
  requireAuth(req, ctx);
  const targets = readTargets(url.searchParams);
  const body = validateInstance(parseJsonBody(await readBody(req)));
  const interventionId = body.intervention_id ?? randomUuid();
  const frames = ctx.hub.publish(targets.map((target) => ({ target, instance: instanceFor(body, interventionId, target) })));
  sendJson(res, 200, { status: frames > 0 ? 'success' : 'undelivered' });
}

interface PushBody {
  intervention_id?: string;
  name: string;
  version: number;
  target_attribute_key?: Target;
  attributes?: Record<string, unknown>;
}

function instanceFor(body: PushBody, interventionId: string, target: Target): InterventionInstance {
  const instance: InterventionInstance = {
    intervention_id: interventionId,
    name: body.name,
    version: body.version,
    target_attribute_key: body.target_attribute_key ?? target,
    attributes: toAttributeTexts(body.attributes ?? {}),
  };
  return instance;
}

function validateInstance(body: unknown): PushBody {
  if (!isRecord(body)) throw createValidationError([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const issues: ValidationIssue[] = [];
  const { intervention_id: id, name, version, target_attribute_key: target, attributes } = body;
  if (name === undefined) issues.push({ loc: ['body', 'name'], msg: 'Field required', type: 'missing' });
  else if (typeof name !== 'string' || !NAME.test(name)) issues.push({ loc: ['body', 'name'], msg: 'expected 1–128 letters, digits or _', type: 'value_error' });
  if (version === undefined) issues.push({ loc: ['body', 'version'], msg: 'Field required', type: 'missing' });
  else if (typeof version !== 'number' || !Number.isInteger(version)) issues.push({ loc: ['body', 'version'], msg: 'Input should be a valid integer', type: 'int_type' });
  // Clients read it as a UUID (the Python SDK's model refuses anything else and ends its subscription).
  if (id != null && (typeof id !== 'string' || !UUID.test(id))) issues.push({ loc: ['body', 'intervention_id'], msg: 'Input should be a valid UUID', type: 'uuid_parsing' });
  if (attributes != null && !isRecord(attributes)) issues.push({ loc: ['body', 'attributes'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
  if (target != null && !(isRecord(target) && typeof target['name'] === 'string' && typeof target['id'] === 'string')) {
    issues.push({ loc: ['body', 'target_attribute_key'], msg: 'expected {"name": string, "id": string}', type: 'value_error' });
  }
  if (issues.length > 0) throw createValidationError(issues);
  const out: PushBody = { name: name as string, version: version as number };
  if (typeof id === 'string') out.intervention_id = id;
  if (isRecord(target)) out.target_attribute_key = { name: target['name'] as string, id: target['id'] as string };
  if (isRecord(attributes)) out.attributes = attributes;
  return out;
}
