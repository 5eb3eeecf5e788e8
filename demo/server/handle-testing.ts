import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeDurationProblem, parseDuration } from '../../src/definitions/parse-duration.js';
import type { Definitions } from '../../src/definitions/types.js';
import { createEngine } from '../../src/pipeline/create-engine.js';
import { isRecord } from '../../src/is-record.js';
import { HttpError, createValidationError, type ValidationIssue } from './http-error.js';
import { parseJsonBody, readBody } from './read-body.js';
import { requireAuth } from './require-auth.js';
import { sendJson } from './send-json.js';
import type { ServerContext } from './server-context.js';
import { validateRegistryBody } from './validate-registry-body.js';

/** Ids answered when the request names none (the SDK documents "a sample of 10"). */
const SAMPLE_IDS = 10;
const MAX_APP_IDS = 10;
const MAX_KEY_IDS = 50;

/**
 * `POST /api/v1/testing/attribute_groups/` with the bearer, the Python SDK's `TestAttributeGroupRequest`:
 * `{attribute_group, app_ids?, window? (ISO-8601 duration or seconds, default PT1H), attribute_key_ids?}`.
 * Evaluates the group (checked as a registry write is, 422 otherwise) with a fresh engine over the recent
 * events the server received within `now - window`, those of `app_ids` only when given, and answers the
 * columns the SDK turns into a DataFrame: `{"<key>": [ids], "<attribute>": [values], ...}`, one entry per id
 * in the order asked, or the first 10 ids the events carried (first-seen order) when none are named.
 */
export async function handleTesting(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  requireAuth(req, ctx);
  const body = parseJsonBody(await readBody(req));
  if (!isRecord(body)) throw createValidationError([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const issues: ValidationIssue[] = [];
  const appIds = readStrings(body['app_ids'], 'app_ids', MAX_APP_IDS, issues);
  const keyIds = readStrings(body['attribute_key_ids'], 'attribute_key_ids', MAX_KEY_IDS, issues);
  const window = body['window'] ?? 'PT1H';
  const windowProblem = describeDurationProblem(window);
  if (windowProblem !== null) issues.push({ loc: ['body', 'window'], msg: `duration ${JSON.stringify(window)} ${windowProblem}`, type: 'time_delta_parsing' });
  let definitions: Definitions | null = null;
  if (body['attribute_group'] === undefined) {
    issues.push({ loc: ['body', 'attribute_group'], msg: 'Field required', type: 'missing' });
  } else {
    try {
      definitions = validateRegistryBody('attribute_groups', body['attribute_group'], ctx.store, ['body', 'attribute_group']);
    } catch (error) {
      if (!(error instanceof HttpError) || typeof error.detail === 'string') throw error;
      issues.push(...error.detail);
    }
  }
  if (issues.length > 0 || definitions === null) throw createValidationError(issues);
  sendJson(res, 200, evaluate(ctx, definitions, appIds, keyIds, parseDuration(window)));
}

function evaluate(ctx: ServerContext, definitions: Definitions, appIds: string[] | null, keyIds: string[] | null, windowMs: number): Record<string, unknown[]> {
  const group = definitions.groups[0]!;
  const engine = createEngine({ ...definitions, services: [], interventions: [] });
  const apps = appIds === null || appIds.length === 0 ? null : new Set(appIds);
  const now = ctx.now();
  for (const { event } of ctx.stage.recentEvents(now - windowMs)) {
    if (apps !== null && !apps.has(String(event.atomic['app_id'] ?? ''))) continue;
    try {
      engine.process(event);
    } catch (error) {
      ctx.log(`dev-server: testing: event ${String(event.atomic['event_id'])} not processed: ${String(error)}`);
    }
  }
  const keyName = group.key.name;
  let ids = keyIds ?? [];
  if (ids.length === 0) {
    for (const seen of engine.ids()) if (seen.key === keyName && ids.length < SAMPLE_IDS) ids = [...ids, seen.id];
  }
  const rows = ids.map((id) => engine.read(keyName, id, now));
  const out: Record<string, unknown[]> = { [keyName]: ids };
  for (const attribute of group.attributes) {
    const column = `${group.name}_v${group.version}:${attribute.name}`;
    if (!Object.hasOwn(out, attribute.name)) out[attribute.name] = rows.map((row) => (row !== null && Object.hasOwn(row, column) ? row[column] ?? null : null));
  }
  return out;
}

/** A list of non-empty strings, or null; problems are added to `issues`. */
function readStrings(value: unknown, field: string, max: number, issues: ValidationIssue[]): string[] | null {
  if (value == null) return null;
  if (!Array.isArray(value)) {
    issues.push({ loc: ['body', field], msg: 'Input should be a valid list', type: 'list_type' });
    return null;
  }
  if (value.length > max) issues.push({ loc: ['body', field], msg: `List should have at most ${max} items`, type: 'too_long' });
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item === '') issues.push({ loc: ['body', field, i], msg: 'Input should be a non-empty string', type: 'string_type' });
  });
  return value as string[];
}
